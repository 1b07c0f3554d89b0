'use client';
// Errors inside an organization keep the app shell (navigation, account menu) around them.
import { ERROR_CATALOGUE } from '@/lib/errors';
import { Button } from '@/components/ui/button';
import { digestOf, ErrorPanel } from '@/components/ui/error-panel';

export default function OrgError({ error, retry }: { error: unknown; retry: () => void }) {
  return (
    <ErrorPanel
      title={ERROR_CATALOGUE.INTERNAL.title}
      cause="This page could not be loaded. It is not caused by anything you did; the server may have lost its database connection or hit a fault. Other pages may still work."
      action={ERROR_CATALOGUE.INTERNAL.action}
      reference={digestOf(error)}
    >
      <Button onClick={retry}>Try again</Button>
    </ErrorPanel>
  );
}
