import 'server-only';
// The run history: one keyset page of runs, newest first, each with its pipeline, who asked for
// it and a summary of its three stages, in ONE statement (PERF-5: the stages come from a
// correlated subquery on run_stage's (run_id, stage) key, not a query per run). The page walks
// the (org_id, created_at desc, id desc) index from the cursor, so the 10,000th run is as cheap
// to reach as the first (UX-3).
import { z } from 'zod';
import type { Actor } from '@/lib/authz/actor';
import { assertCan } from '@/lib/authz/assert';
import { inOrg, type Tx } from '@/lib/db/tenant';
import { Prisma } from '@/lib/generated/prisma/client';
import { RunStageName, StepState } from '@/lib/generated/prisma/enums';
import { RUN_FROM, RUN_HEAD_COLUMNS, RunHeadSchema, runHead } from './run-row';
import { checkFilters, decodeCursor, DEFAULT_PAGE_SIZE, encodeCursor, type RunFilters, runsWhere } from './run-filters';

export const StageSummarySchema = z.object({
  stage: z.enum(RunStageName),
  state: z.enum(StepState),
  attempts: z.number(),
  rows: z.number(),
  bytes: z.number(),
  durationMs: z.number().nullable(),
});

export type StageSummary = z.infer<typeof StageSummarySchema>;

const RunRowSchema = RunHeadSchema.extend({ stages: z.array(StageSummarySchema).nullable() });

/** The run's stages (INGEST, TRANSFORM, SYNC, in the enum's order) as JSON, inside a run's row (alias `r`). */
const STAGE_SUMMARY_SQL = Prisma.sql`(
  SELECT json_agg(json_build_object(
    'stage', s.stage, 'state', s.state, 'attempts', s.attempts, 'rows', s.rows, 'bytes', s.bytes,
    'durationMs', (extract(epoch FROM s.finished_at - s.started_at) * 1000)::bigint
  ) ORDER BY s.stage)
  FROM run_stage s WHERE s.run_id = r.id)`;

function toRun(row: z.infer<typeof RunRowSchema>) {
  return { ...runHead(row), stages: row.stages ?? [] };
}

export type RunListItem = ReturnType<typeof toRun>;
export interface RunPage {
  runs: RunListItem[];
  /** Opaque; the next (older) page starts after the last run shown. Null on the last page. */
  nextCursor: string | null;
}

export interface PageQuery {
  filters: RunFilters;
  limit: number;
  after: { createdAt: Date; id: string } | null;
}

/** Checks the filters and the cursor before any transaction opens: a bad link costs no query. */
export function pageQuery(input: RunFilters): PageQuery {
  const filters = checkFilters(input);
  return { filters, limit: filters.limit ?? DEFAULT_PAGE_SIZE, after: filters.cursor ? decodeCursor(filters.cursor) : null };
}

/** Inside an org-scoped transaction: for loaders that share one (runs-page.ts). */
export async function listRunsIn(tx: Tx, orgId: string, { filters, limit, after }: PageQuery): Promise<RunPage> {
  const rows = await tx.$queryRaw<unknown[]>`
    SELECT ${RUN_HEAD_COLUMNS}, ${STAGE_SUMMARY_SQL} AS stages
    FROM ${RUN_FROM}
    WHERE ${runsWhere(orgId, filters)}
      ${after ? Prisma.sql`AND (r.created_at, r.id) < (${after.createdAt}, ${after.id})` : Prisma.empty}
    ORDER BY r.created_at DESC, r.id DESC
    LIMIT ${limit + 1}`;
  const runs = z.array(RunRowSchema).parse(rows).map(toRun);
  const more = runs.length > limit;
  const page = more ? runs.slice(0, limit) : runs;
  const last = page.at(-1);
  return { runs: page, nextCursor: more && last ? encodeCursor(last) : null };
}

/** One page of the organization's runs matching the filters, newest first (org:read). */
export async function listRuns(actor: Actor, filters: RunFilters = {}): Promise<RunPage> {
  await assertCan(actor, 'org:read');
  const query = pageQuery(filters);
  return inOrg(actor.orgId, (tx) => listRunsIn(tx, actor.orgId, query));
}
