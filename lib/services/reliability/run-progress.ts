// What advance-run records when a run really moves (a job started, its status, rows or bytes
// changed, a stage finished): the progress signal the stall check reads. A poll that finds
// nothing new is not progress, or a frozen job would look alive forever. Moving on is also how a
// STALLED run leaves that state, and its incident resolves in the same transaction.
import type { Tx } from '@/lib/db/tenant';
import { resolveIncidents } from './incidents';

export interface RunRef {
  id: string;
  orgId: string;
  pipelineId: string;
}

/**
 * Called inside advance-run's transaction. The run's row is updated first: its lock orders this
 * against a reconciler marking the run STALLED at the same moment (stalled-runs.ts locks the same
 * row), so either the reconciler committed first, and its incident is resolved here, or it waits
 * and then finds fresh progress.
 */
export async function recordRunProgress(tx: Tx, run: RunRef, at: Date = new Date()): Promise<void> {
  await tx.pipelineRun.update({ where: { id: run.id }, data: { lastProgressAt: at } });
  const resumed = await tx.pipelineRun.updateMany({ where: { id: run.id, orgId: run.orgId, state: 'STALLED' }, data: { state: 'RUNNING' } });
  if (resumed.count > 0) await closeRunStall(tx, run, at);
}

/** The run is no longer stalled (it moved on or ended): its open STALLED_RUN incident, if any, resolves. */
export async function closeRunStall(tx: Tx, run: RunRef, at: Date = new Date()): Promise<void> {
  await resolveIncidents(tx, { orgId: run.orgId, pipelineId: run.pipelineId, kind: 'STALLED_RUN', subjectId: run.id }, at);
}
