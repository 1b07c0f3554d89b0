// Step 1: what the pipeline is called. The slug names it in URLs, in its credentials and in the
// YAML file; whether it is free is the server's answer (shown at the slug like any finding).
import { textOf } from '@/lib/pipeline/spec/draft-values';
import type { JsonPart, StepEditorProps } from '../step-props';
import { TextField } from './text-field';

export function NameStep({ value, onChange, errors, readOnly }: StepEditorProps<JsonPart>) {
  const name = textOf(value?.name);
  const slug = textOf(value?.slug);
  const errorsAt = (path: string) => (errors[path] ? [errors[path]] : undefined);
  return (
    <div className="max-w-xl space-y-4">
      <TextField
        id="wizard-name"
        label="Name"
        value={name}
        readOnly={readOnly}
        maxLength={200}
        hint="How the pipeline shows in lists, runs and the wall screen."
        errors={errorsAt('name')}
        onText={(text) => onChange({ name: text, slug })}
      />
      <TextField
        id="wizard-slug"
        label="Slug"
        value={slug}
        readOnly={readOnly}
        maxLength={63}
        hint="Lower-case letters, digits and single dashes, e.g. rain-shield. It names the pipeline in URLs, credential names and the YAML file."
        errors={errorsAt('slug')}
        onText={(text) => onChange({ name, slug: text })}
      />
    </div>
  );
}
