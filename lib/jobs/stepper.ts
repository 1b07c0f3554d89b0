// Advances long-lived work (deployments, runs) whose state lives on its own row. Each row says
// when it next needs attention (`next_tick_at`); a worker claims due rows with SKIP LOCKED and a
// lease, runs one short tick per row (bounded external calls, then a new `next_tick_at`), and
// releases. Nothing is kept in memory between ticks, so a worker killed mid-tick loses only its
// lease: another claims the row once the lease lapses and the tick, idempotent by construction,
// runs again from what the row recorded.
// REL-2 (resume ≤ 75 s after a SIGKILL): the lease is renewed every third of its length, so it
// lapses at most one lease (TAPESTRY_WORKER_LEASE_SECONDS, default 60 s) after the kill; any
// worker's next claim poll (every `intervalMs`, 1 s) then takes the row: 60 s + 1 s, plus the
// start of a new worker when none other is running (a few seconds; `npm start` restarts it).
// pg-boss carries the cron-like jobs; a per-row lease fits this work better than a queued job per
// tick, whose loss or duplication would have to be reconciled against the row anyway.
import { Prisma } from '@/lib/generated/prisma/client';
import { acrossOrgs } from '@/lib/db/tenant';
import { env } from '@/lib/env';
import type { Logger } from 'pino';

/** A claim lapses after this long without a heartbeat (configurable for operators and crash tests). */
const leaseSeconds = () => env().TAPESTRY_WORKER_LEASE_SECONDS;

export interface SteppedKind {
  /** The table whose rows are stepped: it has id, org_id, next_tick_at, lease_owner, lease_until. */
  table: 'deployment' | 'pipeline_run';
  /** One tick of one row; must leave next_tick_at set (or null when nothing more is due). */
  tick(row: { id: string; orgId: string }): Promise<void>;
}

export interface StepperOptions {
  workerId: string;
  kinds: SteppedKind[];
  intervalMs?: number;
  /** Ticks running at once in this worker. */
  concurrency?: number;
  log: Logger;
}

const TABLES = { deployment: Prisma.raw('"deployment"'), pipeline_run: Prisma.raw('"pipeline_run"') } as const;

/** Claims up to `limit` due rows of `table` for `owner`. */
export async function claimDue(table: SteppedKind['table'], owner: string, limit: number): Promise<{ id: string; orgId: string }[]> {
  const t = TABLES[table];
  return acrossOrgs((tx) =>
    tx.$queryRaw<{ id: string; orgId: string }[]>`
      UPDATE ${t} AS r SET lease_owner = ${owner}, lease_until = now() + make_interval(secs => ${leaseSeconds()})
        FROM (SELECT id FROM ${t}
               WHERE next_tick_at <= now() AND (lease_until IS NULL OR lease_until < now())
               ORDER BY next_tick_at LIMIT ${limit} FOR UPDATE SKIP LOCKED) AS due
       WHERE r.id = due.id
       RETURNING r.id, r.org_id AS "orgId"`,
  );
}

async function extend(table: SteppedKind['table'], id: string, owner: string): Promise<void> {
  await acrossOrgs((tx) => tx.$executeRaw`
    UPDATE ${TABLES[table]} SET lease_until = now() + make_interval(secs => ${leaseSeconds()}) WHERE id = ${id} AND lease_owner = ${owner}`);
}

async function release(table: SteppedKind['table'], id: string, owner: string): Promise<void> {
  await acrossOrgs((tx) => tx.$executeRaw`
    UPDATE ${TABLES[table]} SET lease_owner = NULL, lease_until = NULL WHERE id = ${id} AND lease_owner = ${owner}`);
}

/** Runs one claimed tick under a heartbeat, then releases the row (also after a failure). */
export async function runClaimed(kind: SteppedKind, row: { id: string; orgId: string }, owner: string, log: Logger): Promise<void> {
  const heartbeat = setInterval(() => {
    extend(kind.table, row.id, owner).catch((error: unknown) => log.warn({ err: error, id: row.id }, 'lease heartbeat failed'));
  }, (leaseSeconds() * 1000) / 3);
  try {
    await kind.tick(row);
  } catch (error) {
    // A tick records its own failures on the row; anything escaping is a bug or a lost database,
    // and the row is simply due again (its next_tick_at was not moved).
    log.error({ err: error, table: kind.table, id: row.id }, 'tick failed');
  } finally {
    clearInterval(heartbeat);
    await release(kind.table, row.id, owner).catch((error: unknown) => log.warn({ err: error, id: row.id }, 'lease release failed'));
  }
}

/** Starts the loop; the returned function stops claiming and waits for running ticks. */
export function startStepper(options: StepperOptions): () => Promise<void> {
  const interval = options.intervalMs ?? 1000;
  const concurrency = options.concurrency ?? 4;
  const running = new Set<Promise<void>>();
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;

  const loop = async () => {
    if (stopped) return;
    try {
      for (const kind of options.kinds) {
        const free = concurrency - running.size;
        if (free <= 0) break;
        for (const row of await claimDue(kind.table, options.workerId, free)) {
          const work = runClaimed(kind, row, options.workerId, options.log).finally(() => running.delete(work));
          running.add(work);
        }
      }
    } catch (error) {
      options.log.warn({ err: error }, 'could not claim due work');
    }
    if (!stopped) timer = setTimeout(() => void loop(), interval);
  };
  void loop();

  return async () => {
    stopped = true;
    clearTimeout(timer);
    await Promise.allSettled([...running]);
  };
}
