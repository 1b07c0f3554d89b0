import 'server-only';
// Pausing and resuming a deployed pipeline's schedules. Both are operation, not design: the
// permission table gives editors "trigger, retry and cancel runs", and pausing the schedule is
// that kind of work, so 'runs:trigger' (not 'infra:deploy', which changes infrastructure).
// The scheduler (lib/services/runs/schedule-runs.ts) only fires ACTIVE pipelines; a tick counts
// only within the minute it falls (lib/pipeline/schedule-ticks.ts dueTick), so resuming never
// back-fills the ticks missed while paused. Each move is a conditional update on the status, so
// two people pressing at once, or a deploy starting meanwhile, cannot both win.
import { auditActor } from '@/lib/audit';
import type { Actor } from '@/lib/authz/actor';
import { assertCan } from '@/lib/authz/assert';
import { inOrg } from '@/lib/db/tenant';
import { findPipeline } from '@/lib/dal/pipelines/pipeline-record';
import { AppError } from '@/lib/errors';
import type { PipelineStatus } from '@/lib/generated/prisma/enums';
import { STATUS_LABEL } from '@/lib/pipeline/status';

interface Move {
  action: 'pipeline.pause' | 'pipeline.resume';
  from: PipelineStatus;
  to: PipelineStatus;
  /** Why it cannot move from a status other than `from`. */
  refusal(status: PipelineStatus): string;
}

const PAUSE: Move = {
  action: 'pipeline.pause',
  from: 'ACTIVE',
  to: 'PAUSED',
  refusal: (status) =>
    status === 'PAUSED' ? 'This pipeline is already paused.' : `Only an active pipeline can be paused; this one is ${STATUS_LABEL[status].toLowerCase()}.`,
};

const RESUME: Move = {
  action: 'pipeline.resume',
  from: 'PAUSED',
  to: 'ACTIVE',
  refusal: (status) =>
    status === 'ACTIVE' ? 'This pipeline is already running on its schedules.' : `Only a paused pipeline can be resumed; this one is ${STATUS_LABEL[status].toLowerCase()}.`,
};

async function move(actor: Actor, pipelineId: string, m: Move): Promise<void> {
  await assertCan(actor, 'runs:trigger', m.action);
  await inOrg(actor.orgId, async (tx) => {
    const row = await findPipeline(tx, actor, pipelineId);
    const moved = await tx.pipeline.updateMany({ where: { id: row.id, orgId: actor.orgId, status: m.from }, data: { status: m.to } });
    if (moved.count !== 1) {
      // Read again: the status may have changed between the lookup and the update.
      const now = await tx.pipeline.findFirstOrThrow({ where: { id: row.id, orgId: actor.orgId }, select: { status: true } });
      throw new AppError('CONFLICT', m.refusal(now.status));
    }
    await auditActor(tx, actor, m.action, { type: 'pipeline', id: row.id }, { from: m.from, to: m.to });
  });
}

/** Stop the schedules of an ACTIVE pipeline; runs already going carry on. */
export function pausePipeline(actor: Actor, input: { pipelineId: string }): Promise<void> {
  return move(actor, input.pipelineId, PAUSE);
}

/** Start a PAUSED pipeline's schedules again from the next tick (missed ticks are not run). */
export function resumePipeline(actor: Actor, input: { pipelineId: string }): Promise<void> {
  return move(actor, input.pipelineId, RESUME);
}
