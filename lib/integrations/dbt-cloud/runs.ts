// dbt Cloud runs of the pipeline's job: trigger (not idempotent: the caller records the run id and
// checks recentRuns before triggering again), read with its steps, read the models' outcome from
// run_results.json, cancel (dbt Cloud returns a finished run unchanged, so a retried cancel is
// harmless), and list a job's recent runs to re-attach after a restart.
import { z } from 'zod';
import type { CallOptions } from '../call-limits';
import { IntegrationError, scrubSecrets } from '../errors';
import type { DbtCloudClient } from './client';
import { runResultsSchema, runSchema, type DbtRunRead, type DbtRunStatus } from './schemas';

export interface DbtRun {
  runId: number;
  status: DbtRunStatus;
  finished: boolean;
  /** Seconds spent executing, after the queue; absent until the run started. */
  durationSeconds?: number;
  steps: { name: string; status: DbtRunStatus; logs: string }[];
}

export interface DbtRunResults {
  /** The models' rows affected, summed (views report none). */
  rowsAffected: number;
  models: { name: string; status: string; rows?: number }[];
}

/** A step's log is kept to its end (where dbt's summary and errors are), this long at most. */
const LOG_TAIL_CHARS = 20_000;
/** dbt Cloud refuses a longer `cause`. */
const CAUSE_MAX = 255;
const TERMINAL: ReadonlySet<DbtRunStatus> = new Set(['success', 'error', 'cancelled']);

function seconds(clock: string | null | undefined): number | undefined {
  const parts = /^(\d+):(\d\d):(\d\d)$/.exec(clock ?? '');
  return parts ? Number(parts[1]) * 3600 + Number(parts[2]) * 60 + Number(parts[3]) : undefined;
}

/** dbt Cloud's `2024-05-01 10:00:00.123456+00:00` as ISO-8601. */
function isoTime(value: string): string {
  const time = Date.parse(value.replace(' ', 'T').replace(/(\.\d{3})\d+/, '$1'));
  return Number.isNaN(time) ? value : new Date(time).toISOString();
}

function noRun(runId: number): IntegrationError {
  return new IntegrationError({ provider: 'dbt_cloud', failureClass: 'not_found', code: 'HTTP 404', step: 'transform', cause: `dbt Cloud has no run ${runId}.`, hint: 'Start a new run.' });
}

export async function triggerRun(client: DbtCloudClient, jobId: number, cause: string, o: CallOptions): Promise<{ runId: number }> {
  const body = { cause: cause.slice(0, CAUSE_MAX) || 'Triggered by Tapestry' };
  const run = await client.call({ method: 'POST', path: `/jobs/${jobId}/run/`, body, schema: runSchema, idempotent: false, step: 'transform' }, o);
  return { runId: run.id };
}

export async function getRun(client: DbtCloudClient, runId: number, o: CallOptions): Promise<DbtRun> {
  const read: DbtRunRead | undefined = await client.find({ method: 'GET', path: `/runs/${runId}/`, query: { include_related: 'run_steps' }, schema: runSchema, idempotent: true, step: 'transform' }, o);
  if (!read) throw noRun(runId);
  return {
    runId: read.id,
    status: read.status,
    finished: read.is_complete ?? TERMINAL.has(read.status),
    durationSeconds: read.started_at ? seconds(read.run_duration) : undefined,
    steps: (read.run_steps ?? []).map((s) => ({ name: s.name, status: s.status, logs: scrubSecrets((s.logs ?? '').slice(-LOG_TAIL_CHARS), client.secrets) })),
  };
}

/** undefined when the run wrote no run_results.json (it failed before dbt ran, or has not finished). */
export async function runResults(client: DbtCloudClient, runId: number, o: CallOptions): Promise<DbtRunResults | undefined> {
  const file = await client.find({ method: 'GET', path: `/runs/${runId}/artifacts/run_results.json`, schema: runResultsSchema, raw: true, idempotent: true, step: 'transform' }, o);
  if (!file) return undefined;
  const models = file.results
    .filter((r) => r.unique_id.startsWith('model.'))
    .map((r) => {
      const affected = r.adapter_response?.rows_affected;
      const rows = typeof affected === 'number' && affected >= 0 ? affected : undefined;
      // model.<project>.<name>[.<version>]
      return { name: r.unique_id.split('.').slice(2).join('.'), status: r.status, ...(rows === undefined ? {} : { rows }) };
    });
  return { rowsAffected: models.reduce((sum, m) => sum + (m.rows ?? 0), 0), models };
}

export async function cancelRun(client: DbtCloudClient, runId: number, o: CallOptions): Promise<void> {
  const run = await client.find({ method: 'POST', path: `/runs/${runId}/cancel/`, schema: z.looseObject({ id: z.number() }), idempotent: true, step: 'transform' }, o);
  if (run === undefined) throw noRun(runId);
}

export async function recentRuns(client: DbtCloudClient, jobId: number, limit: number, o: CallOptions) {
  const query = { job_definition_id: jobId, order_by: '-id', limit: Math.min(100, Math.max(1, Math.floor(limit))), include_related: 'trigger' };
  const runs = await client.call({ method: 'GET', path: '/runs/', query, schema: z.array(runSchema), idempotent: true, step: 'transform' }, o);
  return runs.map((r) => ({ runId: r.id, status: r.status, createdAt: isoTime(r.created_at), cause: r.trigger?.cause ?? undefined }));
}
