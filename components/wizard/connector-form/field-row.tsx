// One field of the form, edited with the input its kind calls for.
import type { FormField } from '@/lib/pipeline/catalog/form-model';
import { CheckboxInput } from './checkbox-input';
import { EnumSelect } from './enum-select';
import { MultiEnumInput } from './multi-enum-input';
import { SecretField } from './secret-field';
import { TextInput } from './text-input';

export function FieldRow({ field }: { field: FormField }) {
  // Whatever its type, a secret's value goes out through onSecret only, never onChange.
  if (field.secret) return <SecretField field={field} />;
  switch (field.kind) {
    case 'secret':
      return <SecretField field={field} />;
    case 'boolean':
      return <CheckboxInput field={field} />;
    case 'enum':
      return <EnumSelect field={field} />;
    case 'multi-enum':
      return <MultiEnumInput field={field} />;
    default:
      // text, integer, number, date, date-time, string-list, json
      return <TextInput field={field} />;
  }
}
