// One text box for every kind typed as text: text, numbers, dates, lists (one per line), JSON and
// multi-line values such as certificates. Typing emits the typed value at once (see valueFromText).
import type { FormField } from '@/lib/pipeline/catalog/form-model';
import { inputClass } from '@/components/ui/field';
import { FieldLabel, FieldNotes } from './field-parts';
import { placeholderOf } from './field-words';
import { useDraftText } from './use-draft-text';
import { useField } from './use-field';

/** Rows of a text area, for the kinds that need more than one line. */
function rowsOf(field: FormField): number | undefined {
  if (field.kind === 'json') return 6;
  if (field.kind === 'string-list') return 3;
  return field.multiline ? 5 : undefined;
}

function inputModeOf(field: FormField): 'numeric' | 'decimal' | undefined {
  // The numeric keypad has no minus sign: only for whole numbers that cannot be negative.
  if (field.kind === 'integer') return field.min !== undefined && field.min >= 0 ? 'numeric' : undefined;
  return field.kind === 'number' ? 'decimal' : undefined;
}

export function TextInput({ field }: { field: FormField }) {
  const state = useField(field);
  const [text, type] = useDraftText(field, state.value, state.change);
  const rows = rowsOf(field);
  const props = {
    id: state.id,
    value: text,
    readOnly: state.readOnly,
    placeholder: placeholderOf(field),
    autoComplete: 'off',
    spellCheck: false,
    onBlur: state.blur,
    ...state.aria,
  };
  return (
    <div>
      <FieldLabel htmlFor={state.id} required={field.required}>
        {field.label}
      </FieldLabel>
      {rows ? (
        <textarea rows={rows} className={`${inputClass} font-mono`} onChange={(e) => type(e.target.value)} {...props} />
      ) : (
        <input type="text" inputMode={inputModeOf(field)} className={inputClass} onChange={(e) => type(e.target.value)} {...props} />
      )}
      <FieldNotes id={state.id} hint={state.hint} problem={state.problem} />
    </div>
  );
}
