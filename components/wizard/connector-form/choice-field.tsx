// A `oneOf` of the schema: the user picks an option (radio buttons for a few, a select for more)
// and the option's own fields appear below it. Switching is the parent's to apply (onChoice), as it
// decides what the configuration keeps from the option left.
import type { ReactNode } from 'react';
import type { FormChoice, FormNode } from '@/lib/pipeline/catalog/form-model';
import { chosenOption } from '@/lib/pipeline/catalog/field-check';
import { inputClass } from '@/components/ui/field';
import { FieldErrors } from '@/components/ui/field-errors';
import { RequiredMark } from './field-parts';
import { fieldId } from './field-words';
import { useConnectorForm } from './form-context';

/** Up to this many options read best side by side as radio buttons. */
const MAX_RADIOS = 3;

interface ChoiceFieldProps {
  choice: FormChoice;
  /** Renders the chosen option's fields (the form's node list, passed in to avoid an import cycle). */
  renderFields(fields: FormNode[]): ReactNode;
}

export function ChoiceField({ choice, renderFields }: ChoiceFieldProps) {
  const { config, errors, idPrefix, readOnly, onChoice } = useConnectorForm();
  const id = fieldId(idPrefix, choice.path);
  const option = chosenOption(choice, config);
  const problem = errors?.[choice.path] ?? errors?.[`${choice.path}.${choice.discriminator}`];
  const errorId = problem ? `${id}-error` : undefined;
  const pick = (value: string) => onChoice(choice.path, choice.discriminator, value);
  return (
    <fieldset className="space-y-3 rounded-md border border-line p-4" aria-describedby={errorId}>
      <legend id={`${id}-legend`} className="px-1 text-sm font-semibold">
        {choice.label}
        <RequiredMark required={choice.required} />
      </legend>
      <div>
        {choice.options.length <= MAX_RADIOS ? (
          <div className="flex flex-wrap gap-x-6 gap-y-2">
            {choice.options.map((o, i) => (
              <label key={o.value} htmlFor={`${id}-${i}`} className="flex min-h-8 items-center gap-2 text-sm">
                <input
                  id={`${id}-${i}`}
                  type="radio"
                  name={id}
                  className="size-4 accent-primary"
                  checked={o.value === option?.value}
                  disabled={readOnly}
                  onChange={() => pick(o.value)}
                />
                {o.label}
              </label>
            ))}
          </div>
        ) : (
          <select
            id={id}
            aria-labelledby={`${id}-legend`}
            className={`${inputClass} pr-8`}
            value={option?.value ?? ''}
            disabled={readOnly}
            aria-invalid={errorId ? true : undefined}
            onChange={(e) => pick(e.target.value)}
          >
            {!option && <option value="">Choose…</option>}
            {choice.options.map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </select>
        )}
        <FieldErrors id={errorId} errors={problem ? [problem] : undefined} />
      </div>
      {option && renderFields(option.fields)}
    </fieldset>
  );
}
