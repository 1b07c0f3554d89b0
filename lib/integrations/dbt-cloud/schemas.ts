// The parts of dbt Cloud's Administrative API v2 answers Tapestry reads (environments, jobs, runs
// with their steps and trigger, run_results.json), checked with zod. dbt Cloud sends null where
// the official document declares a field optional, so every optional field accepts both.
import { z } from 'zod';

/** Every JSON answer is `{status: {...}, data}` (lists add `extra`); only `data` is read. */
export function envelopeOf<S extends z.ZodType>(data: S) {
  return z.object({ data });
}

export const environmentSchema = z.object({
  id: z.number().int(),
  project_id: z.number().int(),
  name: z.string().nullish(),
  /** `deployment` or `development`; only deployment environments run jobs. */
  type: z.string().nullish(),
});

/** A job as listed: its definition fields pass through, because an update sends the whole definition back. */
export const jobSchema = z.looseObject({
  id: z.number().int(),
  name: z.string(),
  project_id: z.number().int(),
  environment_id: z.number().int(),
  execute_steps: z.array(z.string()).nullish(),
});

export type DbtJobRead = z.infer<typeof jobSchema>;

/** Run and step statuses on the wire (List Runs' `status__in`: 1 Queued … 30 Cancelled). */
export const RUN_STATUS = { 1: 'queued', 2: 'starting', 3: 'running', 10: 'success', 20: 'error', 30: 'cancelled' } as const;
export type DbtRunStatus = (typeof RUN_STATUS)[keyof typeof RUN_STATUS];

const statusCode = z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(10), z.literal(20), z.literal(30)]).transform((code) => RUN_STATUS[code]);

export const runSchema = z.object({
  id: z.number().int(),
  job_definition_id: z.number().int().nullish(),
  status: statusCode,
  is_complete: z.boolean().nullish(),
  created_at: z.string(),
  /** `HH:MM:SS` spent executing (after the queue). */
  run_duration: z.string().nullish(),
  started_at: z.string().nullish(),
  trigger: z.object({ cause: z.string().nullish() }).nullish(),
  run_steps: z.array(z.object({ name: z.string(), status: statusCode, logs: z.string().nullish() })).nullish(),
});

export type DbtRunRead = z.infer<typeof runSchema>;

/** run_results.json (dbt's schema v6): per node its id, status and the adapter's response. */
export const runResultsSchema = z.object({
  results: z.array(
    z.object({
      unique_id: z.string(),
      status: z.string(),
      adapter_response: z.record(z.string(), z.unknown()).nullish(),
    }),
  ),
});
