import 'server-only';
// The duration cards of the run history: how many runs match, how many of the finished ones
// succeeded, and the P50/P90/P95 of their durations, computed by PostgreSQL's percentile_cont in
// ONE statement over the same filters as the list. Without a start date the cards cover the last
// 30 days; nothing deletes runs, so any window back a year or more can be chosen (UX-3).
import { z } from 'zod';
import type { Actor } from '@/lib/authz/actor';
import { assertCan } from '@/lib/authz/assert';
import { inOrg, type Tx } from '@/lib/db/tenant';
import { Prisma } from '@/lib/generated/prisma/client';
import { checkFilters, DEFAULT_STATS_DAYS, type RunFilters, runsWhere } from './run-filters';

const StatsRowSchema = z.object({
  count: z.number(),
  finished: z.number(),
  succeeded: z.number(),
  p50: z.number().nullable(),
  p90: z.number().nullable(),
  p95: z.number().nullable(),
});

export interface RunDurationStats {
  /** Runs matching the filters in the window, in any state. */
  count: number;
  /** Of those, the ones that ended (succeeded, failed or cancelled). */
  finished: number;
  succeeded: number;
  /** succeeded / finished, 0…1; null when none finished. */
  successRate: number | null;
  /** Duration percentiles (start to finish) of the finished runs, in ms; null when none finished. */
  p50Ms: number | null;
  p90Ms: number | null;
  p95Ms: number | null;
  /** The window the numbers cover: the filters' dates, or the last 30 days. */
  window: { from: Date; to: Date | null; defaulted: boolean };
}

const DURATION_MS = Prisma.sql`extract(epoch FROM r.finished_at - r.started_at)::float8 * 1000`;
/** A run cancelled before it started has no duration to rank. */
const ENDED = Prisma.sql`r.finished_at IS NOT NULL AND r.started_at IS NOT NULL`;

/** Inside an org-scoped transaction: for loaders that share one (runs-page.ts). */
export async function runDurationStatsIn(tx: Tx, orgId: string, filters: RunFilters, now = new Date()): Promise<RunDurationStats> {
  const from = filters.from ?? new Date(now.getTime() - DEFAULT_STATS_DAYS * 86_400_000);
  const [row] = await tx.$queryRaw<unknown[]>`
    SELECT count(*)::int AS count,
           count(*) FILTER (WHERE r.finished_at IS NOT NULL)::int AS finished,
           count(*) FILTER (WHERE r.state = 'SUCCEEDED')::int AS succeeded,
           percentile_cont(0.5) WITHIN GROUP (ORDER BY ${DURATION_MS}) FILTER (WHERE ${ENDED}) AS p50,
           percentile_cont(0.9) WITHIN GROUP (ORDER BY ${DURATION_MS}) FILTER (WHERE ${ENDED}) AS p90,
           percentile_cont(0.95) WITHIN GROUP (ORDER BY ${DURATION_MS}) FILTER (WHERE ${ENDED}) AS p95
    FROM pipeline_run r
    WHERE ${runsWhere(orgId, { ...filters, from })}`;
  const s = StatsRowSchema.parse(row);
  return {
    count: s.count,
    finished: s.finished,
    succeeded: s.succeeded,
    successRate: s.finished > 0 ? s.succeeded / s.finished : null,
    p50Ms: s.p50,
    p90Ms: s.p90,
    p95Ms: s.p95,
    window: { from, to: filters.to ?? null, defaulted: filters.from === undefined },
  };
}

/** Count, success rate and duration percentiles of the runs matching the filters (org:read). */
export async function runDurationStats(actor: Actor, filters: RunFilters = {}): Promise<RunDurationStats> {
  await assertCan(actor, 'org:read');
  const checked = checkFilters(filters);
  return inOrg(actor.orgId, (tx) => runDurationStatsIn(tx, actor.orgId, checked));
}
