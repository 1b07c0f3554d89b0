// Opening and resolving incidents, idempotent and safe under races: alerts (issue 6) notify once per
// change of state, so two reconcilers finding the same stalled run must open one incident, and a
// second resolve must change nothing. The partial unique index on (pipeline, kind, subject) where
// unresolved is the arbiter; every function here runs in its caller's transaction.
import type { Tx } from '@/lib/db/tenant';
import { Prisma } from '@/lib/generated/prisma/client';
import type { IncidentKind } from '@/lib/generated/prisma/enums';
import { newId } from '@/lib/ids';

export interface IncidentSubject {
  orgId: string;
  pipelineId: string;
  kind: IncidentKind;
  subjectId: string;
}

/**
 * Opens the subject's incident, or notes that the open one is still seen (last_seen_at, detail).
 * `unless` is a condition checked by the statement itself, at the moment it runs, for a problem
 * another process may just have cleared (a schedule's run appearing): nothing is opened then.
 * Returns whether this call opened it (false: it was open already, or `unless` held).
 */
export async function openIncident(tx: Tx, subject: IncidentSubject, detail: object, now: Date, unless: Prisma.Sql = Prisma.sql`FALSE`): Promise<boolean> {
  const rows = await tx.$queryRaw<{ opened: boolean }[]>`
    INSERT INTO "pipeline_incident" ("id", "org_id", "pipeline_id", "kind", "subject_id", "opened_at", "last_seen_at", "detail")
    SELECT ${newId()}, ${subject.orgId}, ${subject.pipelineId}, ${subject.kind}::"IncidentKind", ${subject.subjectId},
           ${now}::timestamptz, ${now}::timestamptz, ${JSON.stringify(detail)}::jsonb
     WHERE NOT (${unless})
    ON CONFLICT ("pipeline_id", "kind", "subject_id") WHERE "resolved_at" IS NULL
    DO UPDATE SET "last_seen_at" = GREATEST("pipeline_incident"."last_seen_at", EXCLUDED."last_seen_at"), "detail" = EXCLUDED."detail"
    RETURNING (xmax = 0) AS "opened"`;
  // xmax is 0 on a row this statement inserted and the locking transaction's id on one it updated.
  return rows[0]?.opened ?? false;
}

/** Resolves the open incidents matching `where`; returns how many this call resolved (0 when already resolved). */
export async function resolveIncidents(tx: Tx, where: Omit<Prisma.PipelineIncidentWhereInput, 'resolvedAt'>, now: Date): Promise<number> {
  const resolved = await tx.pipelineIncident.updateMany({ where: { ...where, resolvedAt: null }, data: { resolvedAt: now } });
  return resolved.count;
}
