import 'server-only';
// Run now, cancel and retry (runs:trigger: editors and up). "Run now" while a run is queued or
// running answers with that run (REL-5: one active run per pipeline); a paused or undeployed
// pipeline cannot run. Every request is audited.
import { auditActor } from '@/lib/audit';
import type { Actor } from '@/lib/authz/actor';
import { assertCan } from '@/lib/authz/assert';
import { inOrg } from '@/lib/db/tenant';
import { findPipeline } from '@/lib/dal/pipelines/pipeline-record';
import { ACTIVE_RUN_STATES, isRetryable } from '@/lib/dal/runs/run-states';
import { AppError } from '@/lib/errors';
import type { RunTrigger } from '@/lib/generated/prisma/enums';
import { createRun, type CreatedRun } from './create-run';

async function deployedSources(actor: Actor, pipelineId: string): Promise<string[]> {
  return inOrg(actor.orgId, async (tx) => {
    const row = await findPipeline(tx, actor, pipelineId);
    if (row.status === 'PAUSED') throw new AppError('CONFLICT', 'This pipeline is paused: resume it to run it.');
    if (row.status !== 'ACTIVE') throw new AppError('CONFLICT', 'Only a deployed, active pipeline can run: deploy it first.');
    const deployment = await tx.deployment.findFirst({
      where: { orgId: actor.orgId, pipelineId: row.id, state: 'SUCCEEDED', kind: { not: 'TEARDOWN' } },
      orderBy: { finishedAt: 'desc' },
      select: { spec: true },
    });
    const spec = deployment?.spec as { sources?: { name: string }[] } | undefined;
    return (spec?.sources ?? []).map((s) => s.name);
  });
}

export async function triggerRun(actor: Actor, input: { pipelineId: string; trigger?: Extract<RunTrigger, 'MANUAL' | 'API'> }): Promise<CreatedRun> {
  await assertCan(actor, 'runs:trigger', 'run.trigger');
  const sources = await deployedSources(actor, input.pipelineId);
  const run = await createRun({ orgId: actor.orgId, pipelineId: input.pipelineId, trigger: input.trigger ?? 'MANUAL', sources, requestedById: actor.userId });
  await inOrg(actor.orgId, (tx) =>
    auditActor(tx, actor, 'run.trigger', { type: 'pipeline', id: input.pipelineId }, { runId: run.runId, number: run.number, created: run.created }),
  );
  return run;
}

async function findRun(actor: Actor, runId: string) {
  const row = /^[A-Za-z0-9_-]{1,64}$/.test(runId)
    ? await inOrg(actor.orgId, (tx) => tx.pipelineRun.findFirst({ where: { id: runId, orgId: actor.orgId }, select: { id: true, pipelineId: true, state: true, sources: true, number: true } }))
    : null;
  if (!row) throw new AppError('NOT_FOUND', 'That run does not exist.');
  return row;
}

/** Asks the worker to stop the run; its next tick cancels the external jobs. */
export async function cancelRun(actor: Actor, input: { runId: string }): Promise<void> {
  await assertCan(actor, 'runs:trigger', 'run.cancel');
  const run = await findRun(actor, input.runId);
  await inOrg(actor.orgId, async (tx) => {
    const { count } = await tx.pipelineRun.updateMany({
      where: { id: run.id, orgId: actor.orgId, state: { in: [...ACTIVE_RUN_STATES] }, cancelRequestedAt: null },
      data: { cancelRequestedAt: new Date(), nextTickAt: new Date() },
    });
    if (count !== 1) throw new AppError('CONFLICT', 'This run has already finished or is being cancelled.');
    await auditActor(tx, actor, 'run.cancel', { type: 'pipeline', id: run.pipelineId }, { runId: run.id, number: run.number });
  });
}

/** A new run of the same sources after a failed or cancelled one. */
export async function retryRun(actor: Actor, input: { runId: string }): Promise<CreatedRun> {
  await assertCan(actor, 'runs:trigger', 'run.retry');
  const previous = await findRun(actor, input.runId);
  if (!isRetryable(previous.state)) throw new AppError('CONFLICT', 'Only a failed or cancelled run can be retried.');
  await deployedSources(actor, previous.pipelineId);
  const run = await createRun({ orgId: actor.orgId, pipelineId: previous.pipelineId, trigger: 'RETRY', sources: previous.sources as string[], requestedById: actor.userId });
  await inOrg(actor.orgId, (tx) => auditActor(tx, actor, 'run.retry', { type: 'pipeline', id: previous.pipelineId }, { runId: run.runId, of: previous.id }));
  return run;
}
