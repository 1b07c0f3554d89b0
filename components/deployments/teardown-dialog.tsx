'use client';
// Tear down, behind a native modal dialog: type the pipeline's name (what the server compares,
// lib/services/deployments/request-deployment.ts requestTeardown) and choose whether the warehouse
// data goes too. The fields sit inside the form so a wrong name comes back next to its field;
// on success the tear-down's page opens.
import { useId, useRef } from 'react';
import { tearDown } from '@/lib/actions/deployments';
import { useThenOpen } from '@/components/pipelines/use-then-open';
import { Button } from '@/components/ui/button';
import { Field } from '@/components/ui/field';
import { FormMessage } from '@/components/ui/form-message';
import { HiddenFields } from '@/components/ui/hidden-fields';
import { useActionForm } from '@/components/ui/use-action-form';
import { deploymentHref } from './hrefs';

export function TeardownDialog({ org, pipelineId, name }: { org: string; pipelineId: string; name: string }) {
  const id = useId();
  const dialog = useRef<HTMLDialogElement>(null);
  const action = useThenOpen(tearDown, (result) => deploymentHref(org, pipelineId, result.data?.deploymentId ?? ''));
  const { result, pending, onSubmit, formRef, errorsFor } = useActionForm(action);
  return (
    <>
      <Button variant="danger" onClick={() => dialog.current?.showModal()}>
        Tear down…
      </Button>
      <dialog
        ref={dialog}
        aria-labelledby={`${id}-title`}
        className="m-auto w-[min(34rem,calc(100vw-2rem))] rounded-lg border border-line bg-surface p-6 text-fg shadow-xl"
      >
        <h2 id={`${id}-title`} className="text-lg font-semibold">
          Tear down “{name}”?
        </h2>
        <form ref={formRef} onSubmit={onSubmit} className="mt-3 space-y-4">
          <HiddenFields fields={{ org, id: pipelineId }} />
          <div className="space-y-2 text-sm text-muted">
            <p>This removes the CloudFormation stack (the Airbyte host, Grouparoo, their databases and the staging bucket), the Airbyte connections and the Grouparoo objects. Schedules stop. A report lists what was removed.</p>
          </div>
          <Field label={`Type “${name}” to confirm`} name="confirmName" autoComplete="off" spellCheck={false} required errors={errorsFor('confirmName')} />
          <div className="rounded-md border border-danger bg-danger-soft p-3 text-sm">
            <label className="flex items-start gap-2 font-medium">
              <input type="checkbox" name="dropWarehouseData" className="mt-1 size-4" />
              Also drop the warehouse data
            </label>
            <p className="mt-1 pl-6">
              Deletes the schemas and tables Tapestry created in the warehouse for this pipeline, with every row synced and modelled. This cannot be undone. Left unticked,
              the data stays and only the pipeline’s warehouse user and role are removed.
            </p>
          </div>
          <FormMessage result={result && !result.ok && result.code !== 'VALIDATION' ? result : null} />
          <div className="flex flex-wrap justify-end gap-3">
            <Button variant="secondary" onClick={() => dialog.current?.close()}>
              Keep it
            </Button>
            <Button type="submit" variant="danger" pending={pending} pendingLabel="Starting…">
              Tear down
            </Button>
          </div>
        </form>
      </dialog>
    </>
  );
}
