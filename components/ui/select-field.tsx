// A labelled native <select> with the same error and hint wiring as Field.
import { type ReactNode, type SelectHTMLAttributes, useId } from 'react';
import { describedBy, inputClass } from './field';
import { FieldErrors } from './field-errors';

export interface SelectOption {
  value: string;
  label: string;
}

interface SelectFieldProps extends Omit<SelectHTMLAttributes<HTMLSelectElement>, 'name'> {
  label: string;
  name: string;
  options: readonly SelectOption[];
  hint?: ReactNode;
  errors?: string[];
  /** Keep the label for screen readers only (compact rows in a table). */
  hideLabel?: boolean;
}

export function SelectField({ label, name, options, hint, errors, hideLabel, id, className = '', ...select }: SelectFieldProps) {
  const auto = useId();
  const fieldId = id ?? `${name}-${auto}`;
  const hintId = hint ? `${fieldId}-hint` : undefined;
  const errorId = errors?.length ? `${fieldId}-error` : undefined;
  return (
    <div className={className}>
      <label htmlFor={fieldId} className={hideLabel ? 'sr-only' : 'mb-1 block text-sm font-medium'}>
        {label}
      </label>
      <select
        id={fieldId}
        name={name}
        className={`${inputClass} pr-8`}
        aria-invalid={errorId ? true : undefined}
        aria-describedby={describedBy(hintId, errorId)}
        {...select}
      >
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      {hint && (
        <p id={hintId} className="mt-1 text-sm text-muted">
          {hint}
        </p>
      )}
      <FieldErrors id={errorId} errors={errors} />
    </div>
  );
}
