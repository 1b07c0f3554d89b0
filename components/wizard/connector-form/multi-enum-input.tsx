// Several of a fixed list of values: a group of checkboxes, stored in the list's own order.
import type { FormField, JsonValue } from '@/lib/pipeline/catalog/form-model';
import { FieldNotes, RequiredMark } from './field-parts';
import { useField } from './use-field';

export function MultiEnumInput({ field }: { field: FormField }) {
  const state = useField(field);
  const options = field.options ?? [];
  const selected: JsonValue[] = Array.isArray(state.value) ? state.value : [];
  const toggle = (value: string | number, on: boolean) => {
    const next = options.map((o) => o.value).filter((v) => (v === value ? on : selected.includes(v)));
    state.change(next.length > 0 ? next : undefined);
  };
  return (
    <fieldset aria-describedby={state.aria['aria-describedby']}>
      <legend className="mb-1 text-sm font-medium">
        {field.label}
        <RequiredMark required={field.required} />
      </legend>
      <div className="flex flex-wrap gap-x-6 gap-y-2">
        {options.map((o, i) => (
          <label key={String(o.value)} htmlFor={`${state.id}-${i}`} className="flex min-h-8 items-center gap-2 text-sm">
            <input
              id={`${state.id}-${i}`}
              type="checkbox"
              className="size-4 accent-primary"
              checked={selected.includes(o.value)}
              disabled={state.readOnly}
              onChange={(e) => toggle(o.value, e.target.checked)}
              onBlur={state.blur}
            />
            {o.label}
          </label>
        ))}
      </div>
      <FieldNotes id={state.id} hint={state.hint} problem={state.problem} />
    </fieldset>
  );
}
