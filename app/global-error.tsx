'use client';
// Only when the root layout itself fails; it replaces the whole document. Next.js ships this
// boundary with every page, so it is plain markup with no imports (PERF-1): the wording is the
// catalogue's INTERNAL entry (lib/errors.ts: title, cause, action), which the unit tests keep in step.
import './globals.css';

const TITLE = 'Something went wrong on our side';

export default function GlobalError({ error, retry }: { error: unknown; retry: () => void }) {
  const digest = error && typeof error === 'object' && 'digest' in error ? String(error.digest) : undefined;
  return (
    <html lang="en" className="system">
      <body className="min-h-dvh font-sans">
        <title>{`${TITLE} · Tapestry`}</title>
        <main id="main" className="mx-auto max-w-xl px-4 py-16">
          <h1 className="text-xl font-semibold tracking-tight">{TITLE}</h1>
          <p className="mt-4 text-sm text-muted">
            This page could not be shown. Tapestry hit a fault it did not expect, such as a lost database connection. This is not caused by anything you did.
          </p>
          <p className="mt-3 text-sm text-muted">Try again. If it keeps happening, give the reference below to your administrator.</p>
          {digest && (
            <p className="mt-3 text-sm">
              Reference: <code className="rounded bg-sunken px-1.5 py-0.5 font-mono">{digest}</code>
            </p>
          )}
          <button type="button" onClick={retry} className="mt-6 min-h-9 rounded-md bg-primary px-3.5 text-sm font-medium text-on-primary">
            Try again
          </button>
        </main>
      </body>
    </html>
  );
}
