// The background worker process (`npm run worker`): runs every job in lib/jobs/definitions.ts,
// beats a heartbeat, and on SIGTERM/SIGINT stops taking jobs, lets running ones finish (bounded),
// then exits (REL-7). A job still running when the bound is reached is failed back to pg-boss,
// which retries it on the next start; a job cut off by a hard kill is retried once it expires.
import { randomUUID } from 'node:crypto';
import { env } from '@/lib/env';
import { disconnectDb } from '@/lib/db';
import { logger } from '@/lib/logger';
import { JOBS, type JobName } from '@/lib/jobs/definitions';
import { createQueue, ensureQueues } from '@/lib/jobs/queue';
import { beat, HEARTBEAT_INTERVAL_MS, markStopped } from '@/lib/jobs/heartbeat';
import { listenForOutbox } from '@/lib/jobs/outbox-listener';
import { startStepper } from '@/lib/jobs/stepper';
import { advanceDeployment } from '@/lib/services/deployments/advance-deployment';
import { advanceRun } from '@/lib/services/runs/advance-run';
import { startSelfHealing } from '@/lib/services/reliability/self-healing';
import type PgBoss from 'pg-boss';

/** How long running jobs get to finish after SIGTERM before they are handed back to the queue. */
const GRACEFUL_STOP_MS = 20_000;
/**
 * The whole stop (jobs, queue, heartbeat, connections) ends by then whatever happens, e.g. with
 * the database gone. A supervisor must wait a little longer before SIGKILL (`npm start`: 25 s;
 * Docker's default of 10 s is too short: give the compose service a stop_grace_period); REL-7 allows 30 s.
 */
const STOP_DEADLINE_MS = GRACEFUL_STOP_MS + 3_000;

/** Registers every cron job's schedule; pg-boss's schedule() is an upsert, so repeating it is safe. */
async function scheduleCrons(boss: PgBoss): Promise<void> {
  for (const name of Object.keys(JOBS) as JobName[]) {
    const { cron } = JOBS[name];
    if (cron) await boss.schedule(name, cron, {}, { tz: 'UTC' });
  }
}

async function main(): Promise<void> {
  const log = logger.child({ process: 'worker' });
  const workerId = randomUUID();
  const startedAt = new Date();
  const boss = createQueue(env().DATABASE_URL, 'tapestry-worker');
  boss.on('error', (error) => log.error({ err: error }, 'queue error'));

  await boss.start();
  await ensureQueues(boss);
  for (const name of Object.keys(JOBS) as JobName[]) {
    const job = JOBS[name];
    await boss.work(name, { batchSize: 1 }, async () => {
      await job.handler();
    });
  }
  await scheduleCrons(boss);

  const stopListening = listenForOutbox(
    env().DATABASE_URL,
    () => void boss.send('mail.deliver', {}).catch((error: unknown) => log.warn({ err: error }, 'could not queue email delivery')),
    (error) => log.warn({ err: error }, 'outbox listener lost its connection'),
  );

  // Deployments and runs live on their rows; the stepper claims the due ones (lib/jobs/stepper.ts).
  const stopStepper = startStepper({
    workerId,
    log,
    kinds: [
      { table: 'deployment', tick: advanceDeployment },
      { table: 'pipeline_run', tick: advanceRun },
    ],
  });

  // REL-6: the reconciler and the schedule watchdog, now and every minute, on this process's own
  // timer (the watchdog must not hang on the pg-boss cron it watches); each pass also puts back a
  // cron schedule that went missing from pg-boss.
  const stopSelfHealing = startSelfHealing({ log, also: () => scheduleCrons(boss) });

  await beat(workerId, startedAt);
  const timer = setInterval(() => {
    beat(workerId, startedAt).catch((error: unknown) => log.warn({ err: error }, 'heartbeat failed'));
  }, HEARTBEAT_INTERVAL_MS);
  log.info({ workerId, jobs: Object.keys(JOBS) }, 'worker ready');

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'worker stopping');
    clearInterval(timer);
    setTimeout(() => {
      log.error({ deadlineMs: STOP_DEADLINE_MS }, 'worker did not stop in time; exiting');
      process.exit(1);
    }, STOP_DEADLINE_MS).unref();
    try {
      await stopListening();
      await stopSelfHealing();
      await stopStepper();
      await boss.stop({ graceful: true, timeout: GRACEFUL_STOP_MS, wait: true });
      await markStopped(workerId);
    } finally {
      await disconnectDb();
      process.exit(0);
    }
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

main().catch((error: unknown) => {
  logger.fatal({ err: error }, 'worker failed to start');
  process.exit(1);
});
