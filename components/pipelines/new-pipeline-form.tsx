'use client';
// The wizard's first step: a name and a slug. The slug follows the name until the user edits it
// (then it is theirs; emptying it hands it back to the name). Creating the pipeline opens the
// wizard at the target step.
import { useState } from 'react';
import { createPipeline } from '@/lib/actions/pipelines';
import { Button } from '@/components/ui/button';
import { Field } from '@/components/ui/field';
import { FormMessage } from '@/components/ui/form-message';
import { HiddenFields } from '@/components/ui/hidden-fields';
import { useActionForm } from '@/components/ui/use-action-form';
import { suggestSlug } from './slug-suggestion';
import { useOpenOnSuccess } from './use-open-on-success';

export function NewPipelineForm({ org }: { org: string }) {
  const { result, pending, onSubmit, formRef, errorsFor } = useActionForm(createPipeline);
  const opening = useOpenOnSuccess(result, (id) => `/${org}/pipelines/${id}/edit/target`);
  const [slug, setSlug] = useState('');
  const [slugIsOwn, setSlugIsOwn] = useState(false);

  return (
    <form ref={formRef} onSubmit={onSubmit} noValidate className="max-w-2xl space-y-4 rounded-lg border border-line bg-surface p-5">
      <HiddenFields fields={{ org }} />
      <div className="grid gap-4 sm:grid-cols-2">
        <Field
          label="Name"
          name="name"
          required
          maxLength={100}
          autoComplete="off"
          hint="What your team calls it, e.g. “Customer 360”."
          errors={errorsFor('name')}
          onChange={(e) => {
            if (!slugIsOwn) setSlug(suggestSlug(e.currentTarget.value));
          }}
        />
        <Field
          label="Slug"
          name="slug"
          required
          maxLength={63}
          autoComplete="off"
          spellCheck={false}
          hint="Names its resources and its YAML file: lower-case letters, digits and dashes."
          errors={errorsFor('slug')}
          value={slug}
          onChange={(e) => {
            setSlug(e.currentTarget.value);
            setSlugIsOwn(e.currentTarget.value !== '');
          }}
        />
      </div>
      <FormMessage result={result} />
      <Button type="submit" pending={pending || opening} pendingLabel={opening ? 'Opening the wizard…' : 'Creating…'}>
        Create and continue
      </Button>
    </form>
  );
}
