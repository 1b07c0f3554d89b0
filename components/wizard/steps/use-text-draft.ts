// Text typed into an input that stands for a structured value (a cursor path typed as
// `data.updated_at`): the input keeps exactly what was typed ("data." mid-word) while the value
// holds its parse, and a value changed from outside replaces the text.
import { useState } from 'react';

export function useTextDraft<T>(value: T | undefined, toText: (value: T | undefined) => string, fromText: (text: string) => T | undefined, emit: (value: T | undefined) => void): [string, (text: string) => void] {
  const key = JSON.stringify(value ?? null);
  const [draft, setDraft] = useState({ text: toText(value), key });
  const text = draft.key === key ? draft.text : toText(value);
  return [
    text,
    (next) => {
      const parsed = fromText(next);
      setDraft({ text: next, key: JSON.stringify(parsed ?? null) });
      emit(parsed);
    },
  ];
}
