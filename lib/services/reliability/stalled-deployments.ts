// Stalled deployments (REL-6): the stack steps (lib/services/deployments/steps/stack.ts, followStack,
// used by `stack` and `delete_stack`) raise a `stalled` flag in their detail when CloudFormation
// has sent no event for STALL_MS. The deployment itself keeps going (CloudFormation decides when a
// stack fails); this opens a STALLED_DEPLOYMENT incident while a running step carries the flag
// and resolves it once none does (events resumed, or the deployment ended).
import { acrossOrgs } from '@/lib/db/tenant';
import type { StalledDeploymentDetail } from './incident-detail';
import { openIncident } from './incidents';

interface FlaggedRow {
  id: string;
  orgId: string;
  pipelineId: string;
  stackName: string;
  step: string;
  /** The step's own record of the last event (epoch ms), when it has one. */
  lastEventAt: string | null;
}

export async function flagStalledDeployments(now: Date): Promise<{ flagged: string[]; opened: number; resolved: number }> {
  return acrossOrgs(async (tx) => {
    // FOR SHARE: a tick clearing the flag waits for this pass, so an incident opened here is seen
    // (and resolved) by the next pass, never opened after a pass that found the stack moving.
    const rows = await tx.$queryRaw<FlaggedRow[]>`
      SELECT d."id", d."org_id" AS "orgId", d."pipeline_id" AS "pipelineId", d."stack_name" AS "stackName",
             s."name" AS "step", s."detail"->>'lastEventAt' AS "lastEventAt"
        FROM "deployment_step" AS s JOIN "deployment" AS d ON d."id" = s."deployment_id"
       WHERE d."state" = 'RUNNING' AND s."state" = 'RUNNING' AND s."detail"->'stalled' = 'true'::jsonb
       ORDER BY d."id", s."name"
         FOR SHARE OF s`;
    let opened = 0;
    for (const row of rows) {
      const lastEventMs = Number(row.lastEventAt);
      const detail: StalledDeploymentDetail = {
        step: row.step,
        stackName: row.stackName,
        lastEventAt: row.lastEventAt !== null && Number.isFinite(lastEventMs) ? new Date(lastEventMs).toISOString() : null,
      };
      if (await openIncident(tx, { orgId: row.orgId, pipelineId: row.pipelineId, kind: 'STALLED_DEPLOYMENT', subjectId: row.id }, detail, now)) opened++;
    }
    const resolved = await tx.$executeRaw`
      UPDATE "pipeline_incident" AS i SET "resolved_at" = ${now}
       WHERE i."kind" = 'STALLED_DEPLOYMENT' AND i."resolved_at" IS NULL
         AND NOT EXISTS (
           SELECT FROM "deployment_step" AS s JOIN "deployment" AS d ON d."id" = s."deployment_id"
            WHERE d."id" = i."subject_id" AND d."state" = 'RUNNING' AND s."state" = 'RUNNING' AND s."detail"->'stalled' = 'true'::jsonb)`;
    return { flagged: [...new Set(rows.map((r) => r.id))], opened, resolved };
  });
}
