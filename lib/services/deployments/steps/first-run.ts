import 'server-only';
// Step "first_run": the pipeline's first run, started by the deployment (trigger DEPLOY) and
// remembered in the step, so a re-run of the step does not start a second one. The run is held
// by the deployment (leased in its name) until the deployment is recorded as succeeded: a run
// works from the last succeeded deployment, and a worker that took it up in between (or after a
// crash there) found none and failed it as "not deployed".
import { createRun } from '@/lib/services/runs/create-run';
import type { StepContext, StepOutcome } from '../step-types';

/** The lease owner that stands for a deployment holding its first run. */
export const heldByDeployment = (deploymentId: string) => `deployment:${deploymentId}`;
/** A bound, should the deployment never come back to let go. */
const HOLD_MS = 60 * 60_000;

export async function firstRunStep(ctx: StepContext): Promise<StepOutcome> {
  if (typeof ctx.detail.runId === 'string') return { status: 'done', detail: ctx.detail };
  const d = ctx.deployment;
  const run = await createRun({
    orgId: d.orgId,
    pipelineId: d.pipelineId,
    trigger: 'DEPLOY',
    sources: d.spec.sources.map((s) => s.name),
    heldBy: { owner: heldByDeployment(d.id), until: new Date(Date.now() + HOLD_MS) },
  });
  return { status: 'done', detail: { runId: run.runId, number: run.number, attached: !run.created } };
}
