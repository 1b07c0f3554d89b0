// Run history straight into the database (as the owner, below RLS), for the run history tests and
// the benchmark: N finished runs spread evenly over a time window, round-robin across pipelines,
// each with its three stages and one job per stage. Plain SQL over unnest'ed arrays, because
// Prisma's createMany takes seconds per thousand runs. Every value is a pure function of the
// run's index, so a test can compute what the pages must show. Only terminal states are seeded:
// the schema allows one active run per pipeline.
import pg from 'pg';
import type { RunState, RunTrigger, StepState } from '@/lib/generated/prisma/enums';
import { newId } from '@/lib/ids';
import { ownerDb } from './owner-db';

export interface SeededRun {
  id: string;
  pipelineId: string;
  number: number;
  state: Extract<RunState, 'SUCCEEDED' | 'FAILED' | 'CANCELLED'>;
  trigger: RunTrigger;
  createdAt: Date;
  startedAt: Date;
  finishedAt: Date;
  durationMs: number;
}

export interface SeedRunsOptions {
  orgId: string;
  pipelineIds: readonly string[];
  count: number;
  /** The first run's creation time; the others follow evenly up to `to`. */
  from: Date;
  /** The last run is created just before this (default: now). */
  to?: Date;
  /** Overrides for run `i` (0 = oldest); the defaults cycle through states, triggers and durations. */
  shape?: (i: number) => Partial<Pick<SeededRun, 'state' | 'trigger' | 'durationMs'>>;
}

const TRIGGERS: readonly RunTrigger[] = ['SCHEDULE', 'SCHEDULE', 'MANUAL', 'SCHEDULE', 'API'];
const SYSTEM = { INGEST: 'airbyte', TRANSFORM: 'dbt', SYNC: 'grouparoo' } as const;

function defaultShape(i: number): Pick<SeededRun, 'state' | 'trigger' | 'durationMs'> {
  const state = i % 10 === 7 ? 'FAILED' : i % 25 === 3 ? 'CANCELLED' : 'SUCCEEDED';
  // 1 to 11 minutes, scattered so percentiles are not trivially the same value.
  return { state, trigger: TRIGGERS[i % TRIGGERS.length] ?? 'SCHEDULE', durationMs: 60_000 + ((i * 7_919) % 600) * 1_000 };
}

async function nextNumbers(pipelineIds: readonly string[]): Promise<Map<string, number>> {
  const max = await ownerDb().pipelineRun.groupBy({ by: ['pipelineId'], where: { pipelineId: { in: [...pipelineIds] } }, _max: { number: true } });
  return new Map(pipelineIds.map((id) => [id, (max.find((m) => m.pipelineId === id)?._max.number ?? 0) + 1]));
}

/** Inserts the runs, their stages and jobs; returns the runs oldest first. */
export async function seedRuns({ orgId, pipelineIds, count, from, to = new Date(), shape }: SeedRunsOptions): Promise<SeededRun[]> {
  const [first] = pipelineIds;
  if (first === undefined) throw new Error('seedRuns needs at least one pipeline');
  const numbers = await nextNumbers(pipelineIds);
  const step = (to.getTime() - from.getTime()) / count;
  const runs: SeededRun[] = [];
  for (let i = 0; i < count; i++) {
    const pipelineId = pipelineIds[i % pipelineIds.length] ?? first;
    const { state, trigger, durationMs } = { ...defaultShape(i), ...shape?.(i) };
    const number = numbers.get(pipelineId) ?? 1;
    numbers.set(pipelineId, number + 1);
    const createdAt = new Date(Math.floor(from.getTime() + i * step));
    const startedAt = new Date(createdAt.getTime() + 1_000);
    runs.push({ id: newId(), pipelineId, number, state, trigger, createdAt, startedAt, finishedAt: new Date(startedAt.getTime() + durationMs), durationMs });
  }
  await insertAll(orgId, runs);
  return runs;
}

/** The stages of a run: ingest takes half its time, transform and sync a quarter each. */
function stagesOf(orgId: string, run: SeededRun, i: number) {
  const quarter = Math.floor(run.durationMs / 4);
  const failedAt = run.state === 'SUCCEEDED' ? 3 : 1 + (i % 2); // a failed run failed in transform or sync
  const bounds = [run.startedAt.getTime(), run.startedAt.getTime() + 2 * quarter, run.startedAt.getTime() + 3 * quarter, run.finishedAt.getTime()];
  return (['INGEST', 'TRANSFORM', 'SYNC'] as const).map((stage, s) => {
    const ran = s < failedAt || (s === failedAt && run.state !== 'SUCCEEDED');
    // The engine marks the stage a cancel interrupted as FAILED (its error says cancelled), like a failure.
    const state: StepState = s < failedAt ? 'SUCCEEDED' : ran ? 'FAILED' : 'SKIPPED';
    const rows = ran && state === 'SUCCEEDED' ? BigInt(1_000 * (s + 1) + (i % 97)) : 0n;
    return { id: newId(), orgId, runId: run.id, pipelineId: run.pipelineId, stage, state, attempts: ran ? 1 : 0, rows, bytes: stage === 'TRANSFORM' ? 0n : rows * 512n, startedAt: ran ? new Date(bounds[s] ?? 0) : null, finishedAt: ran ? new Date(bounds[s + 1] ?? 0) : null };
  });
}

const iso = (d: Date | null) => d?.toISOString() ?? null;

/** Three INSERT … SELECT FROM unnest(arrays) statements in one transaction: 10,000 runs in well under a second. */
async function insertAll(orgId: string, runs: SeededRun[]): Promise<void> {
  const stages = runs.flatMap((run, i) => stagesOf(orgId, run, i));
  const jobs = stages.filter((s) => s.startedAt !== null).map((s) => ({ ...s, jobId: newId(), system: SYSTEM[s.stage], status: s.state === 'SUCCEEDED' ? 'succeeded' : 'failed' }));
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL is not set');
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('BEGIN');
    await client.query(
      `INSERT INTO pipeline_run (id, org_id, pipeline_id, number, trigger, state, sources, created_at, started_at, finished_at, updated_at)
       SELECT id, $1, pipeline_id, number, trigger::"RunTrigger", state::"RunState", '["seeded"]'::jsonb, created_at, started_at, finished_at, finished_at
       FROM unnest($2::text[], $3::text[], $4::int[], $5::text[], $6::text[], $7::timestamptz[], $8::timestamptz[], $9::timestamptz[])
         AS t(id, pipeline_id, number, trigger, state, created_at, started_at, finished_at)`,
      [orgId, runs.map((r) => r.id), runs.map((r) => r.pipelineId), runs.map((r) => r.number), runs.map((r) => r.trigger), runs.map((r) => r.state), runs.map((r) => iso(r.createdAt)), runs.map((r) => iso(r.startedAt)), runs.map((r) => iso(r.finishedAt))],
    );
    await client.query(
      `INSERT INTO run_stage (id, org_id, run_id, pipeline_id, stage, state, attempts, rows, bytes, started_at, finished_at)
       SELECT id, $1, run_id, pipeline_id, stage::"RunStageName", state::"StepState", attempts, rows, bytes, started_at, finished_at
       FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::int[], $8::bigint[], $9::bigint[], $10::timestamptz[], $11::timestamptz[])
         AS t(id, run_id, pipeline_id, stage, state, attempts, rows, bytes, started_at, finished_at)`,
      [orgId, stages.map((s) => s.id), stages.map((s) => s.runId), stages.map((s) => s.pipelineId), stages.map((s) => s.stage), stages.map((s) => s.state), stages.map((s) => s.attempts), stages.map((s) => s.rows.toString()), stages.map((s) => s.bytes.toString()), stages.map((s) => iso(s.startedAt)), stages.map((s) => iso(s.finishedAt))],
    );
    await client.query(
      `INSERT INTO run_job (id, org_id, run_stage_id, system, natural_key, status, rows, bytes, started_at, finished_at)
       SELECT id, $1, run_stage_id, system, 'seeded', status, rows, bytes, started_at, finished_at
       FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::bigint[], $7::bigint[], $8::timestamptz[], $9::timestamptz[])
         AS t(id, run_stage_id, system, status, rows, bytes, started_at, finished_at)`,
      [orgId, jobs.map((j) => j.jobId), jobs.map((j) => j.id), jobs.map((j) => j.system), jobs.map((j) => j.status), jobs.map((j) => j.rows.toString()), jobs.map((j) => j.bytes.toString()), jobs.map((j) => iso(j.startedAt)), jobs.map((j) => iso(j.finishedAt))],
    );
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  } finally {
    await client.end();
  }
}
