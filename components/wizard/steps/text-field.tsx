// A one-line text setting of a step (a name, a prefix, a stream's cursor): the ui Field with the
// id doubling as its name, no autocomplete or spell check (identifiers, not prose), and the typed
// text handed over as a string.
import type { ComponentProps } from 'react';
import { Field } from '@/components/ui/field';

type TextFieldProps = Omit<ComponentProps<typeof Field>, 'name' | 'id' | 'onChange'> & {
  id: string;
  onText(text: string): void;
};

export function TextField({ id, onText, ...rest }: TextFieldProps) {
  return <Field id={id} name={id} autoComplete="off" spellCheck={false} onChange={(e) => onText(e.target.value)} {...rest} />;
}
