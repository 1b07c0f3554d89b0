'use client';
// Kickstart's two buttons: into the sandbox in one click, or into an AWS account after its ID,
// region and access key ID. Either opens the new pipeline's review step.
import { kickstartPipeline } from '@/lib/actions/pipelines';
import { Button } from '@/components/ui/button';
import { Field } from '@/components/ui/field';
import { FormMessage } from '@/components/ui/form-message';
import { HiddenFields } from '@/components/ui/hidden-fields';
import { SelectField } from '@/components/ui/select-field';
import { useActionForm } from '@/components/ui/use-action-form';
import { useOpenOnSuccess } from './use-open-on-success';

function useKickstart(org: string) {
  const form = useActionForm(kickstartPipeline);
  const opening = useOpenOnSuccess(form.result, (id) => `/${org}/pipelines/${id}/edit/review`);
  return { ...form, busy: form.pending || opening, pendingLabel: opening ? 'Opening the review…' : 'Filling in the pipeline…' };
}

interface SandboxProps {
  org: string;
  /** False when no sandbox runs beside this server: the button is disabled and `reasonId` says why. */
  available: boolean;
  reasonId?: string;
}

export function KickstartSandboxForm({ org, available, reasonId }: SandboxProps) {
  const { result, onSubmit, formRef, busy, pendingLabel } = useKickstart(org);
  return (
    <form ref={formRef} onSubmit={onSubmit} className="space-y-3">
      <HiddenFields fields={{ org, target: 'sandbox' }} />
      <FormMessage result={result} />
      <Button type="submit" pending={busy} pendingLabel={pendingLabel} disabled={!available} aria-describedby={available ? undefined : reasonId}>
        Kickstart in the sandbox
      </Button>
    </form>
  );
}

export function KickstartAwsForm({ org, regions }: { org: string; regions: readonly string[] }) {
  const { result, onSubmit, formRef, errorsFor, busy, pendingLabel } = useKickstart(org);
  const options = [{ value: '', label: 'Choose a region' }, ...regions.map((r) => ({ value: r, label: r }))];
  return (
    <form ref={formRef} onSubmit={onSubmit} noValidate className="space-y-4">
      <HiddenFields fields={{ org, target: 'aws' }} />
      <Field
        label="AWS account ID"
        name="accountId"
        required
        inputMode="numeric"
        autoComplete="off"
        maxLength={12}
        placeholder="123456789012"
        hint="12 digits, shown in the AWS console's account menu."
        errors={errorsFor('accountId')}
      />
      <SelectField label="Region" name="region" options={options} defaultValue="" required errors={errorsFor('region')} />
      <Field
        label="Access key ID"
        name="accessKeyId"
        required
        autoComplete="off"
        spellCheck={false}
        maxLength={20}
        placeholder="AKIA…"
        hint="Not secret. The review step then asks for its secret access key and the other credentials."
        errors={errorsFor('accessKeyId')}
      />
      <FormMessage result={result} />
      <Button type="submit" pending={busy} pendingLabel={pendingLabel}>
        Kickstart in AWS
      </Button>
    </form>
  );
}
