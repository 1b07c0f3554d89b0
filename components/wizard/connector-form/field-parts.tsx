// The pieces around every input: its label with the required mark, and the hint and message
// under it (ids `<id>-hint` and `<id>-error`, which the input's aria-describedby names).
import type { ReactNode } from 'react';
import { FieldErrors } from '@/components/ui/field-errors';

/** "*" to see, "(required)" to hear: the mark is never carried by colour or a symbol alone. */
export function RequiredMark({ required }: { required: boolean }) {
  if (!required) return null;
  return (
    <>
      <span aria-hidden="true" className="text-danger">
        {' '}
        *
      </span>
      <span className="sr-only"> (required)</span>
    </>
  );
}

export function FieldLabel({ htmlFor, id, required, children }: { htmlFor?: string; id?: string; required: boolean; children: ReactNode }) {
  return (
    <label htmlFor={htmlFor} id={id} className="mb-1 block text-sm font-medium">
      {children}
      <RequiredMark required={required} />
    </label>
  );
}

export function FieldNotes({ id, hint, problem }: { id: string; hint?: string; problem?: string }) {
  return (
    <>
      {hint && (
        <p id={`${id}-hint`} className="mt-1 text-sm text-muted">
          {hint}
        </p>
      )}
      {/* A line kept for the message, so one appearing on blur moves nothing below it: the
          click that caused the blur must still land where the user aimed. */}
      <div className="min-h-6">
        <FieldErrors id={problem ? `${id}-error` : undefined} errors={problem ? [problem] : undefined} />
      </div>
    </>
  );
}
