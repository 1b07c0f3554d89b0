'use client';
// Deploy or Redeploy: asks for a change set and opens the deployment's page, where the change set
// is reviewed and confirmed. Shown only to those who may deploy; the server checks again.
import { requestDeploy } from '@/lib/actions/deployments';
import { useThenOpen } from '@/components/pipelines/use-then-open';
import { ActionButton } from '@/components/ui/action-button';
import { deploymentHref } from './hrefs';

export function DeployButton({ org, pipelineId, label }: { org: string; pipelineId: string; label: string }) {
  const action = useThenOpen(requestDeploy, (result) => deploymentHref(org, pipelineId, result.data?.deploymentId ?? ''));
  return <ActionButton action={action} fields={{ org, id: pipelineId }} label={label} pendingLabel="Planning…" variant="primary" />;
}
