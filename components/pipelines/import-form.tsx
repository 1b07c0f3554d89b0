'use client';
// Import a pipeline YAML file: choose a file (its text comes into the box) or paste it. Sizes
// over the limit are refused here, before anything is sent; the server's findings are listed
// line by line under the box, and the text stays as it was so it can be fixed in place.
import { type ChangeEvent, type FormEvent, useId, useRef, useState } from 'react';
import { importPipeline } from '@/lib/actions/pipelines';
import type { ActionResult } from '@/lib/http/server-action';
import { Button } from '@/components/ui/button';
import { describedBy, inputClass } from '@/components/ui/field';
import { FieldErrors } from '@/components/ui/field-errors';
import { FormMessage } from '@/components/ui/form-message';
import { HiddenFields } from '@/components/ui/hidden-fields';
import { useActionForm } from '@/components/ui/use-action-form';
import { useOpenOnSuccess } from './use-open-on-success';
import { yamlSizeProblem } from './yaml-size';

type Result = ActionResult<{ id: string }>;

// A refused or lost request (e.g. a body the proxy turns away) rejects the action's promise;
// answer it as a result, so the page shows a message instead of its error boundary.
async function submit(prev: Result | null, form: FormData): Promise<Result> {
  try {
    return await importPipeline(prev, form);
  } catch {
    return { ok: false, code: 'BAD_REQUEST', message: 'The file could not be sent to Tapestry. Check your connection and try again.' };
  }
}

export function ImportForm({ org }: { org: string }) {
  const id = useId();
  const { result, pending, onSubmit, formRef, errorsFor } = useActionForm(submit);
  const opening = useOpenOnSuccess(result, (pipelineId) => `/${org}/pipelines/${pipelineId}/edit/review`);
  const [text, setText] = useState('');
  const [localProblem, setLocalProblem] = useState<string>();
  const textBox = useRef<HTMLTextAreaElement>(null);
  const errors = localProblem ? [localProblem] : errorsFor('yaml');
  const hintId = `${id}-hint`;
  const errorId = errors?.length ? `${id}-error` : undefined;

  async function chooseFile(event: ChangeEvent<HTMLInputElement>) {
    const file = event.currentTarget.files?.[0];
    if (!file) return;
    const problem = yamlSizeProblem(file.size);
    setLocalProblem(problem);
    // Never read a file over the limit into the page.
    if (!problem) setText(await file.text());
  }

  function send(event: FormEvent<HTMLFormElement>) {
    const problem = yamlSizeProblem(new Blob([text]).size);
    setLocalProblem(problem);
    if (problem) {
      event.preventDefault();
      textBox.current?.focus();
      return;
    }
    onSubmit(event);
  }

  return (
    <form ref={formRef} onSubmit={send} noValidate className="max-w-3xl space-y-4 rounded-lg border border-line bg-surface p-5">
      <HiddenFields fields={{ org }} />
      <div>
        <label htmlFor={`${id}-file`} className="mb-1 block text-sm font-medium">
          YAML file
        </label>
        <input
          id={`${id}-file`}
          type="file"
          accept=".yaml,.yml,application/yaml,text/yaml"
          onChange={chooseFile}
          aria-invalid={localProblem ? true : undefined}
          aria-describedby={errorId}
          className="block text-sm file:mr-3 file:min-h-9 file:rounded-md file:border file:border-field file:bg-surface file:px-3 file:text-sm file:font-medium file:text-fg"
        />
      </div>
      <div>
        <label htmlFor={`${id}-yaml`} className="mb-1 block text-sm font-medium">
          Pipeline YAML
        </label>
        <textarea
          ref={textBox}
          id={`${id}-yaml`}
          name="yaml"
          rows={12}
          spellCheck={false}
          value={text}
          onChange={(e) => setText(e.currentTarget.value)}
          placeholder={'apiVersion: tapestry.dev/v1\nkind: Pipeline\n…'}
          className={`${inputClass} font-mono text-xs`}
          aria-invalid={errorId ? true : undefined}
          aria-describedby={describedBy(hintId, errorId)}
        />
        <p id={hintId} className="mt-1 text-sm text-muted">
          A file exported from Tapestry (up to 1 MiB). Choosing a file puts its text here; you can also paste. Secrets appear as{' '}
          <code className="font-mono">{'{ secret: name }'}</code>; the review step asks for any that are not stored yet.
        </p>
        {/* Live, so a file refused as soon as it is chosen is announced where focus stays. */}
        <div aria-live="polite">
          <FieldErrors id={errorId} errors={errors} />
        </div>
      </div>
      <FormMessage result={localProblem ? null : result} />
      <Button type="submit" pending={pending || opening} pendingLabel={opening ? 'Opening the review…' : 'Importing…'}>
        Import pipeline
      </Button>
    </form>
  );
}
