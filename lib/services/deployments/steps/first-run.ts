import 'server-only';
// Step "first_run": the pipeline's first run, started by the deployment (trigger DEPLOY) and
// remembered in the step, so a re-run of the step does not start a second one.
import { createRun } from '@/lib/services/runs/create-run';
import type { StepContext, StepOutcome } from '../step-types';

export async function firstRunStep(ctx: StepContext): Promise<StepOutcome> {
  if (typeof ctx.detail.runId === 'string') return { status: 'done', detail: ctx.detail };
  const d = ctx.deployment;
  const run = await createRun({ orgId: d.orgId, pipelineId: d.pipelineId, trigger: 'DEPLOY', sources: d.spec.sources.map((s) => s.name) });
  return { status: 'done', detail: { runId: run.runId, number: run.number, attached: !run.created } };
}
