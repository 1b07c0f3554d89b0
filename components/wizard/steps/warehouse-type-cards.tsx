'use client';
// The warehouse choice as two cards (Airbyte's destination tiles): a native radio group, so arrow
// keys move between them and the group reads as one question.
import { FieldErrors } from '@/components/ui/field-errors';

/** What each warehouse is, in a line under its name. */
const NOTES: Record<string, string> = {
  snowflake: 'A Snowflake account: Airbyte loads the raw tables into it and dbt builds the models there.',
  postgres: 'A PostgreSQL database, such as Amazon RDS or one you run: raw tables and models live in it.',
};

interface WarehouseTypeCardsProps {
  idPrefix: string;
  options: { type: string; displayName: string }[];
  value: string;
  error: string | undefined;
  readOnly: boolean;
  onPick(type: string): void;
}

export function WarehouseTypeCards({ idPrefix, options, value, error, readOnly, onPick }: WarehouseTypeCardsProps) {
  const errorId = error ? `${idPrefix}-type-error` : undefined;
  return (
    <fieldset aria-describedby={errorId}>
      <legend className="mb-3 text-base font-semibold">Where the data lands</legend>
      <div className="grid gap-3 sm:grid-cols-2">
        {options.map((option) => (
          <label
            key={option.type}
            htmlFor={`${idPrefix}-type-${option.type}`}
            className="flex cursor-pointer gap-3 rounded-lg border border-field bg-surface p-4 has-checked:border-primary has-checked:ring-2 has-checked:ring-primary has-disabled:cursor-default"
          >
            <input
              id={`${idPrefix}-type-${option.type}`}
              type="radio"
              name={`${idPrefix}-type`}
              value={option.type}
              checked={option.type === value}
              disabled={readOnly}
              onChange={() => onPick(option.type)}
              className="mt-0.5 size-4 shrink-0 accent-primary"
            />
            <span>
              <span className="block text-sm font-semibold">{option.displayName}</span>
              {NOTES[option.type] && <span className="mt-1 block text-sm text-muted">{NOTES[option.type]}</span>}
            </span>
          </label>
        ))}
      </div>
      <FieldErrors id={errorId} errors={error ? [error] : undefined} />
    </fieldset>
  );
}
