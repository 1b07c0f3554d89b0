// The text a box shows while the configuration holds its parsed value: "1.0" stays "1.0" although
// the value is 1, and a list keeps the new line just typed. The draft is shown for as long as the
// configuration still holds what it produced; a value changed from outside (a reset, another
// option) replaces it.
import { useState } from 'react';
import type { FormField, JsonValue } from '@/lib/pipeline/catalog/form-model';
import { textFromValue, valueFromText } from '@/lib/pipeline/catalog/field-check';

const keyOf = (value: JsonValue | undefined) => JSON.stringify(value ?? null);

export function useDraftText(field: FormField, value: JsonValue | undefined, emit: (value: JsonValue | undefined) => void): [string, (text: string) => void] {
  const [draft, setDraft] = useState(() => ({ text: textFromValue(field, value), key: keyOf(value) }));
  const text = draft.key === keyOf(value) ? draft.text : textFromValue(field, value);
  const type = (next: string) => {
    const parsed = valueFromText(field, next);
    setDraft({ text: next, key: keyOf(parsed) });
    emit(parsed);
  };
  return [text, type];
}
