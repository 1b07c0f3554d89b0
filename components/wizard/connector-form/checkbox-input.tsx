// A yes/no setting: a checkbox with its label beside it. Unticking stores false, not "unset":
// false is a real answer the connector reads.
import type { FormField } from '@/lib/pipeline/catalog/form-model';
import { FieldNotes, RequiredMark } from './field-parts';
import { useField } from './use-field';

export function CheckboxInput({ field }: { field: FormField }) {
  const state = useField(field);
  return (
    <div>
      <div className="flex min-h-10 items-center gap-2">
        <input
          id={state.id}
          type="checkbox"
          className="size-4 shrink-0 accent-primary"
          checked={state.value === true}
          disabled={state.readOnly}
          onChange={(e) => state.change(e.target.checked)}
          onBlur={state.blur}
          {...state.aria}
        />
        <label htmlFor={state.id} className="text-sm font-medium">
          {field.label}
          <RequiredMark required={field.required} />
        </label>
      </div>
      <FieldNotes id={state.id} hint={state.hint} problem={state.problem} />
    </div>
  );
}
