// A labelled input with its hint and its errors wired up for assistive technology:
// aria-invalid when there are errors, aria-describedby pointing at the hint and the errors.
import { type InputHTMLAttributes, type ReactNode, useId } from 'react';
import { FieldErrors } from './field-errors';

interface FieldProps extends Omit<InputHTMLAttributes<HTMLInputElement>, 'name'> {
  label: string;
  name: string;
  hint?: ReactNode;
  errors?: string[];
}

export const inputClass =
  'block w-full min-h-10 rounded-md border border-field bg-input px-3 py-2 text-sm text-fg placeholder:text-muted ' +
  'aria-invalid:border-danger aria-invalid:border-2 read-only:bg-sunken';

export function describedBy(...ids: (string | false | undefined)[]): string | undefined {
  return ids.filter(Boolean).join(' ') || undefined;
}

export function Field({ label, name, hint, errors, id, className = '', ...input }: FieldProps) {
  const auto = useId();
  const fieldId = id ?? `${name}-${auto}`;
  const hintId = hint ? `${fieldId}-hint` : undefined;
  const errorId = errors?.length ? `${fieldId}-error` : undefined;
  return (
    <div className={className}>
      <label htmlFor={fieldId} className="mb-1 block text-sm font-medium">
        {label}
      </label>
      <input
        id={fieldId}
        name={name}
        className={inputClass}
        aria-invalid={errorId ? true : undefined}
        aria-describedby={describedBy(hintId, errorId)}
        {...input}
      />
      {hint && (
        <p id={hintId} className="mt-1 text-sm text-muted">
          {hint}
        </p>
      )}
      <FieldErrors id={errorId} errors={errors} />
    </div>
  );
}
