'use client';
// Resize the Airbyte instance (the original's fix for slow Salesforce ingestion): choose a type and
// a change set is planned, to be confirmed on the deployment's page. The types come from the
// server (lib/pipeline/infrastructure.ts), so this bundle does not carry the settings' schema.
import { resizeAirbyte } from '@/lib/actions/deployments';
import { useThenOpen } from '@/components/pipelines/use-then-open';
import { Button } from '@/components/ui/button';
import { FormMessage } from '@/components/ui/form-message';
import { HiddenFields } from '@/components/ui/hidden-fields';
import { SelectField } from '@/components/ui/select-field';
import { useActionForm } from '@/components/ui/use-action-form';
import { deploymentHref } from './hrefs';

interface ResizeFormProps {
  org: string;
  pipelineId: string;
  current: string;
  instanceTypes: readonly string[];
}

export function ResizeForm({ org, pipelineId, current, instanceTypes }: ResizeFormProps) {
  const action = useThenOpen(resizeAirbyte, (result) => deploymentHref(org, pipelineId, result.data?.deploymentId ?? ''));
  const { result, pending, onSubmit, formRef, errorsFor } = useActionForm(action);
  const options = instanceTypes.map((t) => ({ value: t, label: t === current ? `${t} (current)` : t }));
  return (
    <form ref={formRef} onSubmit={onSubmit} className="space-y-3">
      <HiddenFields fields={{ org, id: pipelineId }} />
      <div className="flex flex-wrap items-end gap-3">
        <SelectField label="Airbyte instance type" name="instanceType" options={options} defaultValue={current} errors={errorsFor('instanceType')} className="w-56" />
        <Button type="submit" variant="secondary" pending={pending} pendingLabel="Planning…">
          Resize Airbyte
        </Button>
      </div>
      {result && !result.ok && <FormMessage result={result} />}
    </form>
  );
}
