// One of a fixed list of values, as a native <select>. Options are addressed by position, so a
// number option comes back a number. A value outside the list (from an import) shows as unset
// until the user picks one, and the server names the allowed values.
import type { FormField } from '@/lib/pipeline/catalog/form-model';
import { inputClass } from '@/components/ui/field';
import { FieldLabel, FieldNotes } from './field-parts';
import { useField } from './use-field';

export function EnumSelect({ field }: { field: FormField }) {
  const state = useField(field);
  const options = field.options ?? [];
  const index = options.findIndex((o) => o.value === state.value);
  return (
    <div>
      <FieldLabel htmlFor={state.id} required={field.required}>
        {field.label}
      </FieldLabel>
      <select
        id={state.id}
        className={`${inputClass} pr-8`}
        value={index < 0 ? '' : String(index)}
        disabled={state.readOnly}
        onChange={(e) => state.change(e.target.value === '' ? undefined : options[Number(e.target.value)]?.value)}
        onBlur={state.blur}
        {...state.aria}
      >
        {(index < 0 || !field.required) && <option value="">{field.required ? 'Choose…' : 'Not set'}</option>}
        {options.map((o, i) => (
          <option key={String(o.value)} value={String(i)}>
            {o.label}
          </option>
        ))}
      </select>
      <FieldNotes id={state.id} hint={state.hint} problem={state.problem} />
    </div>
  );
}
