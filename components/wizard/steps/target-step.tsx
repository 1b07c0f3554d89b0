// Step 2: where the pipeline runs — the local sandbox, or the team's own AWS account. The AWS
// settings are a form like any connector's; the secret access key is write-only (stored as a
// credential, shown as "Set ✓"). Switching to the sandbox and back keeps what was typed for AWS.
import { type ReactNode, useMemo, useState } from 'react';
import { Badge } from '@/components/ui/badge';
import type { JsonPart, StepEditorProps } from '../step-props';
import { awsTargetForm } from './built-in-forms';
import { ConnectorSettings } from './connector-settings';
import { RadioCards } from './radio-cards';

type Kind = 'sandbox' | 'aws';

export interface TargetStepProps extends StepEditorProps<JsonPart> {
  testSlot?: (subject: string) => ReactNode;
}

export function TargetStep({ value, onChange, errors, catalog, readOnly, onSecret, credentials, testSlot }: TargetStepProps) {
  const kind: Kind | undefined = value?.kind === 'aws' || value?.kind === 'sandbox' ? value.kind : undefined;
  const [lastAws, setLastAws] = useState<JsonPart>(kind === 'aws' && value ? value : { kind: 'aws' });
  const form = useMemo(() => awsTargetForm(catalog.awsRegions), [catalog.awsRegions]);
  const aws = kind === 'aws' && value ? value : undefined;

  function choose(next: Kind) {
    if (next === kind) return;
    if (aws) setLastAws(aws);
    onChange(next === 'aws' ? { ...lastAws, kind: 'aws' } : { kind: 'sandbox' });
  }

  const options = [
    {
      value: 'sandbox' as const,
      title: (
        <>
          Local sandbox <Badge tone="warning">Sandbox</Badge>
        </>
      ),
      description: (
        <>
          Runs against the stand-ins for AWS, Airbyte, dbt Cloud and Snowflake on this server, with a real Grouparoo. Nothing is created in a
          cloud account.
          {!catalog.sandboxAvailable && <strong className="mt-1 block font-medium text-fg">The sandbox isn’t running on this server right now: <code className="font-mono">npm start</code> starts it with the app.</strong>}
        </>
      ),
    },
    {
      value: 'aws' as const,
      title: 'AWS account',
      description: 'Your own account: Tapestry creates a CloudFormation stack there with the access key you give, in the region you pick.',
    },
  ];

  return (
    <div className="space-y-6">
      <RadioCards name="target-kind" legend="Where should the pipeline run?" options={options} value={kind} onChange={choose} readOnly={readOnly} error={errors.target} />
      {aws && (
        <div className="space-y-3 rounded-lg border border-line bg-surface p-4 sm:p-5">
          <p className="text-sm text-muted">
            Use an IAM user’s access key that may create CloudFormation stacks and the resources in them (VPC, EC2, ECS, RDS, S3, IAM roles,
            CloudWatch alarms).
          </p>
          <ConnectorSettings {...{ errors, readOnly, credentials, onSecret }} title="AWS account" heading="h3" form={form} config={aws} at="target" idPrefix="target" onConfig={onChange} footer={testSlot?.('target')} />
        </div>
      )}
    </div>
  );
}
