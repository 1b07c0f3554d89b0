import 'server-only';
// What the list and the detail both read of a run: its own columns, its pipeline and who asked
// for it, selected by one fragment and checked by one schema, so the two pages cannot drift.
import { z } from 'zod';
import { Prisma } from '@/lib/generated/prisma/client';
import { RunState, RunTrigger } from '@/lib/generated/prisma/enums';

/** The columns of RUN_FROM's rows that RunHeadSchema reads. */
export const RUN_HEAD_COLUMNS = Prisma.sql`
  r.id, r.number, r.trigger::text AS trigger, r.state::text AS state, r.created_at, r.started_at, r.finished_at,
  r.cancel_requested_at IS NOT NULL AS cancel_requested,
  p.id AS pipeline_id, p.name AS pipeline_name, p.slug AS pipeline_slug, u.name AS requested_by`;

/** A run (alias r) with its pipeline (p) and requester (u); a removed member leaves u empty. */
export const RUN_FROM = Prisma.sql`
  pipeline_run r
  JOIN pipeline p ON p.org_id = r.org_id AND p.id = r.pipeline_id
  LEFT JOIN "user" u ON u.id = r.requested_by_id`;

export const RunHeadSchema = z.object({
  id: z.string(),
  number: z.number(),
  trigger: z.enum(RunTrigger),
  state: z.enum(RunState),
  created_at: z.date(),
  started_at: z.date().nullable(),
  finished_at: z.date().nullable(),
  cancel_requested: z.boolean(),
  pipeline_id: z.string(),
  pipeline_name: z.string(),
  pipeline_slug: z.string(),
  requested_by: z.string().nullable(),
});

/** Milliseconds between two instants, or null while either is unknown. */
export function durationBetween(start: Date | null, end: Date | null): number | null {
  return start && end ? end.getTime() - start.getTime() : null;
}

export function runHead(row: z.infer<typeof RunHeadSchema>) {
  return {
    id: row.id,
    number: row.number,
    trigger: row.trigger,
    state: row.state,
    createdAt: row.created_at,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    durationMs: durationBetween(row.started_at, row.finished_at),
    cancelRequested: row.cancel_requested,
    pipeline: { id: row.pipeline_id, name: row.pipeline_name, slug: row.pipeline_slug },
    /** The member who pressed Run now or Retry; null for schedules, deploys and removed members. */
    requestedBy: row.requested_by,
  };
}
