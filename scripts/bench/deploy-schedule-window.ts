// Every deployed pipeline's sources set to sync every minute, for three minute ticks: the real
// worker's scheduler (the pg-boss cron job runs.schedule → scheduleDueRuns) makes the runs and the
// stepper carries them. Printed: runs made per tick (a tick that finds the pipeline's previous run
// still going is skipped: one active run per pipeline, REL-5), that no tick made two runs for a
// pipeline, the scheduler's own delay and duration, queue lag, runs finished, and the calls made
// to the stand-ins per active run per minute (REL-4: polling backs off instead of hammering).
import type pg from 'pg';
import type { DeployBenchEnvironment } from './deploy-environment';
import { perSecond, seconds } from './deploy-stats';
import { tallyBetween, tallyTotal, type RequestTally } from './deploy-request-tally';
import { runStates } from './deploy-run-states';
import { ticksBetween } from './deploy-tick-counter';
import type { WorkerSampler } from './worker-sampler';

const TICKS = 3;
const EVERY_MINUTE = { kind: 'cron', expression: '* * * * *', timezone: 'UTC' };
/** pg-boss checks cron schedules every 30 s and polls its queue every 2 s; beyond this it is late. */
const SCHEDULER_GRACE_MS = 100_000;

/** What lib/services/runs/schedule-runs.ts reads: the sources of the latest successful deployment's spec. */
async function scheduleEveryMinute(owner: pg.Pool, pipelineIds: readonly string[]): Promise<number> {
  const { rowCount } = await owner.query(
    `UPDATE deployment d
        SET spec = jsonb_set(d.spec, '{sources}', (
              SELECT jsonb_agg(jsonb_set(source, '{schedule}', $2::jsonb) ORDER BY position)
                FROM jsonb_array_elements(d.spec -> 'sources') WITH ORDINALITY AS s(source, position)))
      WHERE d.pipeline_id = ANY($1) AND d.state = 'SUCCEEDED' AND d.kind <> 'TEARDOWN'`,
    [pipelineIds, JSON.stringify(EVERY_MINUTE)],
  );
  return rowCount ?? 0;
}

/** Runs are watched only if their rows can say so; today only deployments carry watched_until. */
async function watchedRuns(owner: pg.Pool): Promise<string> {
  const { rows } = await owner.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM information_schema.columns WHERE table_name = 'pipeline_run' AND column_name = 'watched_until'`,
  );
  return rows[0]?.n ? 'runs can be watched (pipeline_run.watched_until), but nobody watched these: all unwatched' : 'all unwatched: a run has no watched state (no pipeline_run.watched_until), so its stages always poll at the unwatched pace';
}

interface SchedulerJob {
  createdOn: Date;
  startedOn: Date | null;
  completedOn: Date | null;
}

async function schedulerJobs(owner: pg.Pool, since: Date): Promise<SchedulerJob[]> {
  const { rows } = await owner.query<SchedulerJob>(
    `SELECT created_on AS "createdOn", started_on AS "startedOn", completed_on AS "completedOn"
       FROM pgboss.job WHERE name = 'runs.schedule' AND created_on >= $1 ORDER BY created_on`,
    [since],
  );
  return rows;
}

/** Waits until the scheduler has run for the last tick (bounded), and returns its jobs. */
async function waitForScheduler(owner: pg.Pool, firstTick: number, lastTick: number): Promise<SchedulerJob[]> {
  const deadline = lastTick + SCHEDULER_GRACE_MS;
  for (;;) {
    const jobs = await schedulerJobs(owner, new Date(firstTick));
    if (jobs.some((j) => j.createdOn.getTime() >= lastTick && j.completedOn) || Date.now() > deadline) return jobs;
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}

export async function measureScheduleWindow(
  env: DeployBenchEnvironment,
  pipelineIds: readonly string[],
  tools: { sampler: WorkerSampler; tally: RequestTally },
): Promise<string[]> {
  const callsBefore = tools.tally.snapshot();
  const scheduled = await scheduleEveryMinute(env.owner, pipelineIds);
  const start = Date.now();
  const firstTick = Math.ceil(start / 60_000) * 60_000;
  const ticks = Array.from({ length: TICKS }, (_, i) => firstTick + i * 60_000);
  const jobs = await waitForScheduler(env.owner, firstTick, ticks.at(-1)!);
  const end = Date.now();
  const calls = tallyBetween(callsBefore, tools.tally.snapshot());

  const { rows: made } = await env.owner.query<{ tick: Date; n: number; pairs: number }>(
    `SELECT scheduled_for AS tick, count(*)::int AS n, count(DISTINCT pipeline_id)::int AS pairs FROM pipeline_run
      WHERE trigger = 'SCHEDULE' AND pipeline_id = ANY($1) AND created_at >= $2 GROUP BY scheduled_for ORDER BY scheduled_for`,
    [pipelineIds, new Date(start)],
  );
  const finished = await runStates(env.owner, { pipelineIds, finished: { from: new Date(start), to: new Date(end) } });
  const stepped = await ticksBetween(env.owner, new Date(start), new Date(end));
  const samples = tools.sampler.summary(start, end);
  const windowMs = end - start;

  const perTick = ticks.map((tick) => {
    const row = made.find((m) => m.tick.getTime() === tick);
    const job = jobs.find((j) => j.createdOn.getTime() >= tick && j.createdOn.getTime() < tick + 60_000);
    const timing = job?.startedOn && job.completedOn ? ` (scheduler started +${seconds(job.startedOn.getTime() - tick)}, took ${seconds(job.completedOn.getTime() - job.startedOn.getTime())})` : ' (scheduler did not run)';
    const created = row?.n ?? 0;
    return `${new Date(tick).toISOString().slice(11, 16)} ${created} made, ${scheduled - created} skipped${timing}`;
  });
  const twice = made.reduce((sum, m) => sum + (m.n - m.pairs), 0);
  const other = made.filter((m) => !ticks.includes(m.tick.getTime())).reduce((sum, m) => sum + m.n, 0);
  const runMinutes = samples.activeRunMinutes;
  const rate = (n: number) => (runMinutes > 0 ? (n / runMinutes).toFixed(2) : 'n/a');
  const services = Object.entries(calls)
    .sort(([, a], [, b]) => b - a)
    .map(([service, n]) => `${service} ${rate(n)}`)
    .join(', ');
  return [
    `  ${scheduled} pipelines on "* * * * *" for ${TICKS} ticks (${seconds(windowMs)}): ${perTick.join('; ')}`,
    `  runs made for one pipeline and tick twice: ${twice}${other ? `; ${other} run(s) for the tick before the window` : ''}`,
    `  runs finished in the window: ${finished}; active at most ${samples.maxActiveRuns}`,
    `  run ticks ${stepped.pipeline_run} (${perSecond(stepped.pipeline_run, windowMs)}); queue lag ${samples.lag}; connections max ${samples.maxConnections}; worker RSS max ${samples.maxRssMb.toFixed(0)} MB`,
    `  CPU: ${samples.cpu}`,
    `  calls per active run per minute: ${rate(tallyTotal(calls))} (${tallyTotal(calls)} calls / ${runMinutes.toFixed(1)} run-minutes): ${services || 'none'}`,
    `  watched vs unwatched: ${await watchedRuns(env.owner)}`,
  ];
}
