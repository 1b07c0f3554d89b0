// How the benchmark's runs stand, in one line: counts by state, and for failed ones the reason
// most of them gave (step, title, cause), so a figure never hides that the work itself failed.
import type pg from 'pg';

export interface RunFilter {
  pipelineIds: readonly string[];
  /** Only runs of this trigger (e.g. DEPLOY: the first runs deployments start). */
  trigger?: string;
  /** Only runs that finished in [from, to). */
  finished?: { from: Date; to: Date };
}

export async function runStates(owner: pg.Pool, filter: RunFilter): Promise<string> {
  const { rows } = await owner.query<{ state: string; n: number; why: string | null }>(
    `SELECT state::text, count(*)::int AS n,
            mode() WITHIN GROUP (ORDER BY concat_ws(': ', error ->> 'step', error ->> 'title', left(error ->> 'cause', 160))) AS why
       FROM pipeline_run
      WHERE pipeline_id = ANY($1) AND ($2::text IS NULL OR trigger::text = $2)
        AND ($3::timestamptz IS NULL OR (finished_at >= $3 AND finished_at < $4))
      GROUP BY state ORDER BY state`,
    [filter.pipelineIds, filter.trigger ?? null, filter.finished?.from ?? null, filter.finished?.to ?? null],
  );
  return rows.map((r) => `${r.n} ${r.state}${r.state === 'FAILED' && r.why ? ` (most often: ${r.why})` : ''}`).join(', ') || 'none';
}
