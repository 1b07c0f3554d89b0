// The form-level outcome of an action: success as a polite status, failure as an alert with
// what happened, why and what to do (from the error catalogue) and, for unexpected failures,
// the correlation id to quote to an administrator (UX-6). Validation failures skip the "why":
// the messages next to the fields already say it.
import type { ActionResult } from '@/lib/http/server-action';
import { ERROR_CATALOGUE } from '@/lib/errors';

export function FormMessage({ result, className = '' }: { result: ActionResult<unknown> | null | undefined; className?: string }) {
  if (!result) return null;
  if (result.ok) {
    if (!result.message) return null;
    return (
      <p role="status" className={`flex gap-2 rounded-md border border-success bg-success-soft px-3 py-2 text-sm text-fg ${className}`}>
        <svg className="mt-0.5 size-4 shrink-0 text-success" viewBox="0 0 20 20" fill="currentColor" aria-hidden="true">
          <path d="M10 2a8 8 0 1 0 0 16 8 8 0 0 0 0-16Zm3.7 5.3 1.06 1.06L9 14.12 5.24 10.36 6.3 9.3 9 12l4.7-4.7Z" />
        </svg>
        <span>{result.message}</span>
      </p>
    );
  }
  const entry = ERROR_CATALOGUE[result.code] ?? ERROR_CATALOGUE.INTERNAL;
  const formErrors = result.fieldErrors?._form ?? [];
  return (
    <div role="alert" className={`rounded-md border border-danger bg-danger-soft px-3 py-2 text-sm text-fg ${className}`}>
      <p className="font-semibold">
        <span className="sr-only">Error: </span>
        {result.message}
      </p>
      {formErrors.map((m) => (
        <p key={m}>{m}</p>
      ))}
      {result.code !== 'VALIDATION' && <p className="text-muted">{entry.cause}</p>}
      <p className="text-muted">{entry.action}</p>
      {result.correlationId && (
        <p className="mt-1">
          Reference: <code className="font-mono">{result.correlationId}</code>
        </p>
      )}
    </div>
  );
}
