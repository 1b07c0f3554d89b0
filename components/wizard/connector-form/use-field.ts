// One field's state as every input kind needs it: its value, its id, the message to show and the
// ARIA wiring. The form's own check runs when the field loses focus and, once it found something,
// on every change after; the server's finding for the path wins over it.
import { useState } from 'react';
import type { FormField, JsonValue } from '@/lib/pipeline/catalog/form-model';
import { getAt } from '@/lib/pipeline/catalog/config-paths';
import { fieldProblem } from '@/lib/pipeline/catalog/field-check';
import { describedBy } from '@/components/ui/field';
import { useConnectorForm } from './form-context';
import { fieldId, hintOf } from './field-words';

export interface FieldState {
  id: string;
  value: JsonValue | undefined;
  hint: string | undefined;
  problem: string | undefined;
  readOnly: boolean;
  aria: { 'aria-invalid'?: true; 'aria-describedby'?: string };
  change(value: JsonValue | undefined): void;
  /** The field lost focus: check it now. */
  blur(): void;
}

export function useField(field: FormField, hint: string | undefined = hintOf(field)): FieldState {
  const { config, errors, idPrefix, readOnly = false, onChange } = useConnectorForm();
  const [flagged, setFlagged] = useState(false);
  const value = getAt(config, field.path);
  const id = fieldId(idPrefix, field.path);
  const problem = errors?.[field.path] ?? (flagged ? fieldProblem(field, value) : undefined);
  return {
    id,
    value,
    hint,
    problem,
    readOnly,
    aria: { 'aria-invalid': problem ? true : undefined, 'aria-describedby': describedBy(hint && `${id}-hint`, problem && `${id}-error`) },
    change: (next) => onChange(field.path, next),
    blur: () => {
      if (!flagged && fieldProblem(field, value) !== undefined) setFlagged(true);
    },
  };
}
