'use client';
import { ButtonLink } from '@/components/ui/button';
import { InternalErrorPanel } from '@/components/ui/internal-error-panel';

export default function RootError({ error, retry }: { error: unknown; retry: () => void }) {
  return (
    <main id="main" tabIndex={-1} className="px-4 py-16 outline-none">
      <InternalErrorPanel
        error={error}
        retry={retry}
        cause="Tapestry could not finish this page. This is not caused by anything you did; the server may have lost its database connection or hit a fault."
      >
        <ButtonLink href="/" variant="secondary">
          Go to the start page
        </ButtonLink>
      </InternalErrorPanel>
    </main>
  );
}
