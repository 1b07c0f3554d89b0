'use client';
// Errors inside an organization keep the app shell (navigation, account menu) around them.
import { InternalErrorPanel } from '@/components/ui/internal-error-panel';

export default function OrgError({ error, retry }: { error: unknown; retry: () => void }) {
  return (
    <InternalErrorPanel
      error={error}
      retry={retry}
      cause="This page could not be loaded. It is not caused by anything you did; the server may have lost its database connection or hit a fault. Other pages may still work."
    />
  );
}
