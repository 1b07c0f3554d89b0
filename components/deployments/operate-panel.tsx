// The pipeline page's deploy and operate controls (journey 5), for the pipeline's status: Deploy or
// Redeploy, Resize Airbyte, Pause or Resume the schedules, Tear down, and a link to a deployment in
// progress or to the last one that failed. Each control shows only to those who may use it
// (infra:deploy for infrastructure, runs:trigger for the schedules); the server refuses anyway.
//
// Usage on the pipeline page:
//   <OperatePanel org={org} pipeline={detail} actor={actor} operate={await operateState(actor, id)} />
import Link from 'next/link';
import { pausePipeline, resumePipeline } from '@/lib/actions/deployments';
import { can, type Actor } from '@/lib/authz/actor';
import type { OperateState } from '@/lib/dal/deployments';
import type { PipelineStatus } from '@/lib/generated/prisma/enums';
import { AIRBYTE_INSTANCE_TYPES } from '@/lib/pipeline/infrastructure';
import { canMove } from '@/lib/pipeline/status';
import { ActionButton } from '@/components/ui/action-button';
import { Section } from '@/components/ui/section';
import { DeployButton } from './deploy-button';
import { deploymentHref, deploymentsHref } from './hrefs';
import { ResizeForm } from './resize-form';
import { DEPLOYMENT_STATE_LABEL } from './state-badge';
import { TeardownDialog } from './teardown-dialog';

interface OperatePanelProps {
  org: string;
  pipeline: { id: string; name: string; status: PipelineStatus };
  actor: Actor;
  operate: OperateState;
}

const DEPLOYABLE: ReadonlySet<PipelineStatus> = new Set(['READY', 'ACTIVE', 'PAUSED', 'FAILED']);
const DEPLOYED: ReadonlySet<PipelineStatus> = new Set(['ACTIVE', 'PAUSED']);

function LatestDeployment({ org, pipelineId, operate }: { org: string; pipelineId: string; operate: OperateState }) {
  const latest = operate.latest;
  if (!latest) return null;
  const href = deploymentHref(org, pipelineId, latest.id);
  if (operate.inProgress) {
    return (
      <p className="rounded-md border border-line bg-sunken px-3 py-2 text-sm">
        {latest.kindLabel} in progress ({DEPLOYMENT_STATE_LABEL[latest.state].toLowerCase()}). <Link href={href}>Follow it live</Link>
      </p>
    );
  }
  if (latest.state === 'FAILED') {
    return (
      <p className="rounded-md border border-danger bg-danger-soft px-3 py-2 text-sm">
        The last {latest.kindLabel.toLowerCase()} failed. <Link href={href}>See why, and retry</Link>
      </p>
    );
  }
  return null;
}

export function OperatePanel({ org, pipeline, actor, operate }: OperatePanelProps) {
  const mayDeploy = can(actor, 'infra:deploy');
  const mayOperate = can(actor, 'runs:trigger');
  const { status } = pipeline;
  // One deployment at a time: while one is open, starting another would be refused.
  const free = !operate.inProgress;
  const fields = { org, id: pipeline.id };
  return (
    <Section id="operate" title="Deploy and operate" description="Deploying, resizing and tearing down change infrastructure and need an owner or admin; editors may pause and resume the schedules.">
      <div className="space-y-4">
        <LatestDeployment org={org} pipelineId={pipeline.id} operate={operate} />
        <div className="flex flex-wrap items-center gap-3">
          {mayDeploy && free && DEPLOYABLE.has(status) && <DeployButton org={org} pipelineId={pipeline.id} label={operate.deployedOnce ? 'Redeploy' : 'Deploy'} />}
          {mayOperate && status === 'ACTIVE' && <ActionButton action={pausePipeline} fields={fields} label="Pause schedules" pendingLabel="Pausing…" />}
          {mayOperate && status === 'PAUSED' && <ActionButton action={resumePipeline} fields={fields} label="Resume schedules" pendingLabel="Resuming…" variant="primary" />}
          {mayDeploy && free && canMove(status, 'TEARING_DOWN') && <TeardownDialog org={org} pipelineId={pipeline.id} name={pipeline.name} />}
        </div>
        {status === 'PAUSED' && <p className="text-sm text-muted">Schedules are paused. Resuming starts from the next tick; ticks missed meanwhile are not run.</p>}
        {mayDeploy && free && DEPLOYED.has(status) && (
          <ResizeForm org={org} pipelineId={pipeline.id} current={operate.airbyteInstanceType} instanceTypes={AIRBYTE_INSTANCE_TYPES} />
        )}
        <p className="text-sm">
          <Link href={deploymentsHref(org, pipeline.id)}>Deployment history</Link>
        </p>
      </div>
    </Section>
  );
}
