'use client';
import { ERROR_CATALOGUE } from '@/lib/errors';
import { Button, ButtonLink } from '@/components/ui/button';
import { digestOf, ErrorPanel } from '@/components/ui/error-panel';

export default function RootError({ error, retry }: { error: unknown; retry: () => void }) {
  return (
    <main id="main" tabIndex={-1} className="px-4 py-16 outline-none">
      <ErrorPanel
        title={ERROR_CATALOGUE.INTERNAL.title}
        cause="Tapestry could not finish this page. This is not caused by anything you did; the server may have lost its database connection or hit a fault."
        action={ERROR_CATALOGUE.INTERNAL.action}
        reference={digestOf(error)}
      >
        <Button onClick={retry}>Try again</Button>
        <ButtonLink href="/" variant="secondary">
          Go to the start page
        </ButtonLink>
      </ErrorPanel>
    </main>
  );
}
