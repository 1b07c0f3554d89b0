import 'server-only';
// One run as its page shows it: the run, each stage with every attempt of every external job (a
// retry adds an attempt, never overwrites one), the stage logs and the error in our words
// (title, cause, hint). Two statements: the run with its pipeline and requester, then the stages
// with their jobs aggregated per stage. Another organization's run and an unknown id are the
// same NOT_FOUND, and a malformed id never reaches SQL.
import { z } from 'zod';
import type { Actor } from '@/lib/authz/actor';
import { assertCan } from '@/lib/authz/assert';
import { inOrg } from '@/lib/db/tenant';
import { AppError } from '@/lib/errors';
import { RunStageName, StepState } from '@/lib/generated/prisma/enums';
import { durationBetween, RUN_FROM, RUN_HEAD_COLUMNS, RunHeadSchema, runHead } from './run-row';
import { isActiveRun, isCancellable, isRetryable } from './run-states';

const jsonDate = z
  .string()
  .nullable()
  .transform((v) => (v === null ? null : new Date(v)));

const JobSchema = z.object({
  id: z.string(),
  system: z.string(),
  naturalKey: z.string(),
  attempt: z.number(),
  externalId: z.string().nullable(),
  status: z.string(),
  rows: z.number(),
  bytes: z.number(),
  startedAt: jsonDate,
  finishedAt: jsonDate,
});

const RunRowSchema = RunHeadSchema.extend({ scheduled_for: z.date().nullable(), error: z.unknown() });

const StageRowSchema = z.object({
  stage: z.enum(RunStageName),
  state: z.enum(StepState),
  attempts: z.number(),
  rows: z.bigint(),
  bytes: z.bigint(),
  started_at: z.date().nullable(),
  finished_at: z.date().nullable(),
  error: z.unknown(),
  logs: z.string().nullable(),
  jobs: z.array(JobSchema),
});

/** The engine stores { code, title, cause, hint, step } (lib/services/runs/advance-run.ts). */
const StoredErrorSchema = z.object({ title: z.string(), cause: z.string(), hint: z.string().optional(), step: z.string().optional() });

export interface RunError {
  title: string;
  cause: string;
  hint: string;
  /** The stage or step it happened in, when known. */
  step: string | null;
}

function errorOf(value: unknown): RunError | null {
  if (value === null || value === undefined) return null;
  const parsed = StoredErrorSchema.safeParse(value);
  if (!parsed.success) return { title: 'The run failed', cause: 'Tapestry recorded a failure it cannot describe in more detail.', hint: 'Read the stage logs below, then retry the run.', step: null };
  return { title: parsed.data.title, cause: parsed.data.cause, hint: parsed.data.hint ?? '', step: parsed.data.step ?? null };
}

const ID = /^[A-Za-z0-9_-]{1,64}$/;

function notFound(): AppError {
  return new AppError('NOT_FOUND', 'That run does not exist.');
}

/** A run of the actor's organization with its stages, jobs, logs and error (org:read). */
export async function runDetail(actor: Actor, runId: string) {
  await assertCan(actor, 'org:read');
  if (!ID.test(runId)) throw notFound();
  const { run, stages } = await inOrg(actor.orgId, async (tx) => {
    // Reading an unfinished run's page marks it watched (REL-4: its jobs are then polled every
    // 10 s, not 60 s, and a poll due later is brought forward), in the same statement as the read;
    // the page refreshes every 3 s, so the mark is renewed at most every 20 s.
    const [found] = await tx.$queryRaw<unknown[]>`
      WITH watch AS (
        UPDATE pipeline_run
           SET watched_until = now() + interval '60 seconds', next_tick_at = LEAST(next_tick_at, now() + interval '2 seconds')
         WHERE org_id = ${actor.orgId} AND id = ${runId} AND state IN ('QUEUED', 'RUNNING', 'STALLED')
           AND (watched_until IS NULL OR watched_until < now() + interval '40 seconds')
        RETURNING id
      )
      SELECT ${RUN_HEAD_COLUMNS}, r.scheduled_for, r.error
      FROM ${RUN_FROM}
      WHERE r.org_id = ${actor.orgId} AND r.id = ${runId}`;
    if (!found) throw notFound();
    const stageRows = await tx.$queryRaw<unknown[]>`
      SELECT s.stage::text AS stage, s.state::text AS state, s.attempts, s.rows, s.bytes, s.started_at, s.finished_at, s.error, s.logs,
             COALESCE((
               SELECT json_agg(json_build_object(
                 'id', j.id, 'system', j.system, 'naturalKey', j.natural_key, 'attempt', j.attempt, 'externalId', j.external_id,
                 'status', j.status, 'rows', j.rows, 'bytes', j.bytes, 'startedAt', j.started_at, 'finishedAt', j.finished_at
               ) ORDER BY j.natural_key, j.attempt)
               FROM run_job j WHERE j.org_id = s.org_id AND j.run_stage_id = s.id
             ), '[]'::json) AS jobs
      FROM run_stage s
      WHERE s.org_id = ${actor.orgId} AND s.run_id = ${runId}
      ORDER BY s.stage`;
    return { run: RunRowSchema.parse(found), stages: z.array(StageRowSchema).parse(stageRows) };
  });
  return {
    ...runHead(run),
    scheduledFor: run.scheduled_for,
    error: errorOf(run.error),
    /** Still advancing: the page keeps refreshing itself. */
    active: isActiveRun(run.state),
    cancellable: isCancellable(run.state, run.cancel_requested),
    retryable: isRetryable(run.state),
    stages: stages.map((s) => ({
      stage: s.stage,
      state: s.state,
      attempts: s.attempts,
      rows: Number(s.rows),
      bytes: Number(s.bytes),
      startedAt: s.started_at,
      finishedAt: s.finished_at,
      durationMs: durationBetween(s.started_at, s.finished_at),
      logs: s.logs,
      error: errorOf(s.error),
      /** Every attempt of every job, by job then attempt. */
      jobs: s.jobs.map((j) => ({ ...j, durationMs: durationBetween(j.startedAt, j.finishedAt) })),
    })),
  };
}

export type RunDetail = Awaited<ReturnType<typeof runDetail>>;
export type RunStageDetail = RunDetail['stages'][number];
