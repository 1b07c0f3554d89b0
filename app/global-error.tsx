'use client';
// Only when the root layout itself fails; it replaces the whole document.
import { ERROR_CATALOGUE } from '@/lib/errors';
import { InternalErrorPanel } from '@/components/ui/internal-error-panel';
import './globals.css';

export default function GlobalError({ error, retry }: { error: unknown; retry: () => void }) {
  return (
    <html lang="en" className="system">
      <body className="min-h-dvh font-sans">
        <title>{`${ERROR_CATALOGUE.INTERNAL.title} · Tapestry`}</title>
        <main id="main" className="px-4 py-16">
          <InternalErrorPanel error={error} retry={retry} cause="Tapestry could not start this page. This is not caused by anything you did." />
        </main>
      </body>
    </html>
  );
}
