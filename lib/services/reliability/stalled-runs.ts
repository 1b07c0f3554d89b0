// Stalled runs (REL-6): a RUNNING run with no progress signal (lib/services/reliability/
// run-progress.ts) for RUN_STALL_AFTER_MS becomes STALLED, visibly, and opens a STALLED_RUN
// incident. It stays watched: the stepper keeps polling its jobs, and the first real progress
// makes it RUNNING again and resolves the incident (advance-run, through recordRunProgress).
import { acrossOrgs, type Tx } from '@/lib/db/tenant';
import type { StalledRunDetail } from './incident-detail';
import { openIncident } from './incidents';
import { RUN_STALL_AFTER_MS } from './policy';

interface StalledRow {
  id: string;
  orgId: string;
  pipelineId: string;
  number: number;
  state: string;
  lastProgressAt: Date;
}

export interface StalledRuns {
  /** Runs this pass moved from RUNNING to STALLED. */
  stalled: string[];
  /** Incidents this pass opened (a run already STALLED whose incident was missing gets one too). */
  opened: number;
  /** Incidents resolved because their run is no longer STALLED. */
  resolved: number;
}

/** The stage each run is stuck in and the systems its unfinished jobs run on, for the notice. */
async function whereStuck(tx: Tx, runIds: string[]): Promise<Map<string, Pick<StalledRunDetail, 'stage' | 'systems'>>> {
  const stages = await tx.runStage.findMany({
    where: { runId: { in: runIds }, state: 'RUNNING' },
    select: { runId: true, stage: true, jobs: { where: { finishedAt: null }, select: { system: true } } },
  });
  return new Map(stages.map((s) => [s.runId, { stage: s.stage, systems: [...new Set(s.jobs.map((j) => j.system))].sort() }]));
}

export async function markStalledRuns(now: Date): Promise<StalledRuns> {
  const cutoff = new Date(now.getTime() - RUN_STALL_AFTER_MS);
  return acrossOrgs(async (tx) => {
    // Locked, in id order: concurrent reconcilers queue behind each other instead of deadlocking,
    // and a run that advance-run is moving right now is re-read once its transaction commits (its
    // fresh progress then takes it out of this set).
    const rows = await tx.$queryRaw<StalledRow[]>`
      SELECT "id", "org_id" AS "orgId", "pipeline_id" AS "pipelineId", "number", "state"::text AS "state",
             COALESCE("last_progress_at", "started_at", "created_at") AS "lastProgressAt"
        FROM "pipeline_run"
       WHERE "state" = 'STALLED'
          OR ("state" = 'RUNNING' AND COALESCE("last_progress_at", "started_at", "created_at") < ${cutoff})
       ORDER BY "id"
         FOR UPDATE`;
    const newlyStalled = rows.filter((r) => r.state === 'RUNNING').map((r) => r.id);
    if (newlyStalled.length > 0) await tx.pipelineRun.updateMany({ where: { id: { in: newlyStalled }, state: 'RUNNING' }, data: { state: 'STALLED' } });

    const stuck = await whereStuck(tx, rows.map((r) => r.id));
    let opened = 0;
    for (const run of rows) {
      const detail: StalledRunDetail = { runNumber: run.number, lastProgressAt: run.lastProgressAt.toISOString(), ...(stuck.get(run.id) ?? { stage: null, systems: [] }) };
      if (await openIncident(tx, { orgId: run.orgId, pipelineId: run.pipelineId, kind: 'STALLED_RUN', subjectId: run.id }, detail, now)) opened++;
    }

    // Checked by the statement itself: a run that moved on or ended since leaves no open incident.
    const resolved = await tx.$executeRaw`
      UPDATE "pipeline_incident" AS i SET "resolved_at" = ${now}
       WHERE i."kind" = 'STALLED_RUN' AND i."resolved_at" IS NULL
         AND NOT EXISTS (SELECT FROM "pipeline_run" AS r WHERE r."id" = i."subject_id" AND r."state" = 'STALLED')`;
    return { stalled: newlyStalled, opened, resolved };
  });
}

