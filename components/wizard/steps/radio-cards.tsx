// A choice between a few ways of doing something (sandbox or AWS, dbt Core or dbt Cloud), as
// cards with a sentence each: native radio buttons in a fieldset, so arrow keys move between them
// and the group's finding is read with it.
import type { ReactNode } from 'react';
import { FieldErrors } from '@/components/ui/field-errors';

export interface RadioCard<V extends string> {
  value: V;
  title: ReactNode;
  description?: ReactNode;
}

interface RadioCardsProps<V extends string> {
  /** Unique on the page: names the radio group and prefixes element ids. */
  name: string;
  legend: string;
  options: readonly RadioCard<V>[];
  value: V | undefined;
  onChange(value: V): void;
  readOnly: boolean;
  error?: string;
}

export function RadioCards<V extends string>({ name, legend, options, value, onChange, readOnly, error }: RadioCardsProps<V>) {
  const errorId = error ? `${name}-error` : undefined;
  return (
    // data-invalid: radios cannot carry aria-invalid, and the wizard focuses the first invalid input.
    <fieldset aria-describedby={errorId} data-invalid={error ? true : undefined}>
      <legend className="mb-2 text-sm font-medium">{legend}</legend>
      <div className="grid gap-3 sm:grid-cols-2">
        {options.map((o) => (
          <label
            key={o.value}
            htmlFor={`${name}-${o.value}`}
            className="flex gap-3 rounded-lg border border-field bg-surface p-4 has-checked:border-primary has-checked:ring-1 has-checked:ring-primary has-disabled:cursor-default"
          >
            <input
              id={`${name}-${o.value}`}
              type="radio"
              name={name}
              value={o.value}
              checked={value === o.value}
              disabled={readOnly}
              // Named by the title alone; the sentence under it is its description.
              aria-labelledby={`${name}-${o.value}-title`}
              aria-describedby={o.description ? `${name}-${o.value}-about` : undefined}
              onChange={() => onChange(o.value)}
              className="mt-0.5 size-4 shrink-0 accent-primary"
            />
            <span>
              <span id={`${name}-${o.value}-title`} className="flex flex-wrap items-center gap-2 font-medium">
                {o.title}
              </span>
              {o.description && (
                <span id={`${name}-${o.value}-about`} className="mt-1 block text-sm text-muted">
                  {o.description}
                </span>
              )}
            </span>
          </label>
        ))}
      </div>
      <FieldErrors id={errorId} errors={error ? [error] : undefined} />
    </fieldset>
  );
}
