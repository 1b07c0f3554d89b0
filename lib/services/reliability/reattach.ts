// Re-attaching left-behind work (REL-6): a deployment or run that is not finished but has no tick
// due (next_tick_at NULL, e.g. a crash between two writes, or a row edited by hand) or whose tick
// has been due for far too long gets a tick due now, and the stepper takes it from there.
//
// A tick needs nothing but the row to find its external work again, by natural keys, so making
// it due is all re-attaching takes:
// - runs (lib/services/runs/advance-run.ts): each stage reads its run_job rows, recorded before
//   the external call; ingest finds a sync whose start answer was lost among the connection's
//   jobs since the row's start and attaches to Airbyte's 409 for one already running; transform
//   starts ECS tasks with a client token made of stage and attempt, and finds a dbt Cloud run by
//   its cause naming the run; sync asks Grouparoo for the schedule's running run before starting one.
// - deployments (lib/services/deployments): the stack by its fixed name, change sets by name and
//   client token, everything else through the pipeline's ledger and names scoped to the pipeline.
import { acrossOrgs } from '@/lib/db/tenant';
import { ORPHAN_AFTER_MS } from './policy';

export interface Reattached {
  deployments: string[];
  runs: string[];
}

/** Deployments awaiting an admin's confirmation are waiting on a person, not on a tick: left alone. */
export async function reattachOrphans(now: Date): Promise<Reattached> {
  const overdue = new Date(now.getTime() - ORPHAN_AFTER_MS);
  return acrossOrgs(async (tx) => {
    const deployments = await tx.$queryRaw<{ id: string }[]>`
      UPDATE "deployment" SET "next_tick_at" = ${now}
       WHERE "state" IN ('PLANNING', 'RUNNING') AND ("next_tick_at" IS NULL OR "next_tick_at" < ${overdue})
      RETURNING "id"`;
    const runs = await tx.$queryRaw<{ id: string }[]>`
      UPDATE "pipeline_run" SET "next_tick_at" = ${now}
       WHERE "state" IN ('QUEUED', 'RUNNING', 'STALLED') AND ("next_tick_at" IS NULL OR "next_tick_at" < ${overdue})
      RETURNING "id"`;
    return { deployments: deployments.map((d) => d.id), runs: runs.map((r) => r.id) };
  });
}
