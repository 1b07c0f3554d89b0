import 'server-only';
// Everything the run history page shows, in one transaction of three statements (PERF-5): the
// page of runs, the duration cards and the pipelines for the filter. Whether each pipeline has
// any run rides along with the third, so the page tells "no runs yet" from "no runs match these
// filters" without a fourth.
import { z } from 'zod';
import type { Actor } from '@/lib/authz/actor';
import { assertCan } from '@/lib/authz/assert';
import { inOrg, type Tx } from '@/lib/db/tenant';
import { listRunsIn, pageQuery, type RunPage } from './list-runs';
import type { RunFilters } from './run-filters';
import { type RunDurationStats, runDurationStatsIn } from './run-stats';

const PipelineOptionSchema = z.object({ id: z.string(), name: z.string(), slug: z.string(), has_runs: z.boolean() });

export interface PipelineOption {
  id: string;
  name: string;
  slug: string;
  hasRuns: boolean;
}

async function pipelineOptionsIn(tx: Tx, orgId: string): Promise<PipelineOption[]> {
  const rows = await tx.$queryRaw<unknown[]>`
    SELECT p.id, p.name, p.slug, EXISTS (SELECT 1 FROM pipeline_run r WHERE r.pipeline_id = p.id) AS has_runs
    FROM pipeline p
    WHERE p.org_id = ${orgId}
    ORDER BY lower(p.name), p.id`;
  return z
    .array(PipelineOptionSchema)
    .parse(rows)
    .map((p) => ({ id: p.id, name: p.name, slug: p.slug, hasRuns: p.has_runs }));
}

export interface RunsPageData extends RunPage {
  stats: RunDurationStats;
  pipelines: PipelineOption[];
  /** False only when no pipeline of the organization has ever run. */
  orgHasRuns: boolean;
}

/** The run history page's data (org:read). Filters and cursor are checked before any query. */
export async function runsPage(actor: Actor, filters: RunFilters = {}): Promise<RunsPageData> {
  await assertCan(actor, 'org:read');
  const query = pageQuery(filters);
  return inOrg(actor.orgId, async (tx) => {
    // One after the other: a transaction is one connection, which runs one statement at a time anyway.
    const page = await listRunsIn(tx, actor.orgId, query);
    const stats = await runDurationStatsIn(tx, actor.orgId, query.filters);
    const pipelines = await pipelineOptionsIn(tx, actor.orgId);
    return { ...page, stats, pipelines, orgHasRuns: pipelines.some((p) => p.hasRuns) };
  });
}
