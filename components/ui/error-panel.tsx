// What happened, why, and what to do next, with the reference to quote (UX-6). Never the
// error's message or stack: in production those are hidden anyway, and in development they
// would teach people to rely on them.
import type { ReactNode } from 'react';

interface ErrorPanelProps {
  title: string;
  cause: ReactNode;
  action: ReactNode;
  reference?: string;
  children?: ReactNode;
}

export function ErrorPanel({ title, cause, action, reference, children }: ErrorPanelProps) {
  return (
    <div className="mx-auto max-w-xl rounded-xl border border-line bg-surface p-6 sm:p-8">
      <h1 className="text-xl font-semibold tracking-tight">{title}</h1>
      <dl className="mt-4 space-y-3 text-sm">
        <div>
          <dt className="font-medium">What happened</dt>
          <dd className="text-muted">{cause}</dd>
        </div>
        <div>
          <dt className="font-medium">What you can do</dt>
          <dd className="text-muted">{action}</dd>
        </div>
        {reference && (
          <div>
            <dt className="font-medium">Reference</dt>
            <dd>
              <code className="rounded bg-sunken px-1.5 py-0.5 font-mono">{reference}</code>
            </dd>
          </div>
        )}
      </dl>
      {children && <div className="mt-6 flex flex-wrap gap-3">{children}</div>}
    </div>
  );
}

/** The digest Next attaches to server errors, if the thrown value has one. */
export function digestOf(error: unknown): string | undefined {
  if (error && typeof error === 'object' && 'digest' in error && typeof error.digest === 'string') return error.digest;
  return undefined;
}
