'use client';
// Only when the root layout itself fails; it replaces the whole document.
import { ERROR_CATALOGUE } from '@/lib/errors';
import { digestOf, ErrorPanel } from '@/components/ui/error-panel';
import './globals.css';

export default function GlobalError({ error, retry }: { error: unknown; retry: () => void }) {
  return (
    <html lang="en" className="system">
      <body className="min-h-dvh font-sans">
        <title>{`${ERROR_CATALOGUE.INTERNAL.title} · Tapestry`}</title>
        <main id="main" className="px-4 py-16">
          <ErrorPanel
            title={ERROR_CATALOGUE.INTERNAL.title}
            cause="Tapestry could not start this page. This is not caused by anything you did."
            action={ERROR_CATALOGUE.INTERNAL.action}
            reference={digestOf(error)}
          >
            <button type="button" onClick={retry} className="min-h-9 rounded-md bg-primary px-3.5 text-sm font-medium text-on-primary">
              Try again
            </button>
          </ErrorPanel>
        </main>
      </body>
    </html>
  );
}
