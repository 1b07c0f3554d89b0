// Each worker process upserts one row every few seconds so /api/health (and an operator) can tell
// whether background work is being picked up. A stopped worker marks its row on the way out.
import os from 'node:os';
import { db } from '@/lib/db';

export const HEARTBEAT_INTERVAL_MS = 10_000;
/** A worker whose last beat is older than this is reported as down. */
export const HEARTBEAT_STALE_MS = 3 * HEARTBEAT_INTERVAL_MS;

export async function beat(id: string, startedAt: Date): Promise<void> {
  const now = new Date();
  await db().workerHeartbeat.upsert({
    where: { id },
    create: { id, hostname: os.hostname(), pid: process.pid, startedAt, lastBeatAt: now },
    update: { lastBeatAt: now, stoppedAt: null },
  });
}

export async function markStopped(id: string): Promise<void> {
  await db().workerHeartbeat.updateMany({ where: { id }, data: { stoppedAt: new Date() } });
}

/** Why no worker counts as alive, judged by the freshest heartbeat. */
export type WorkerDownReason =
  /** The freshest worker shut down cleanly (SIGTERM, Ctrl-C) and none has started since. */
  | 'stopped'
  /** The freshest worker stopped beating without saying so: crashed, killed or cut off from the database. */
  | 'heartbeat-stale'
  /** No worker has ever beaten against this database. */
  | 'never-started';

export interface WorkerStatus {
  /** Running workers with a fresh beat. */
  alive: number;
  lastBeatAt: Date | null;
  /** Set when `alive` is 0. */
  downReason?: WorkerDownReason;
}

export async function workerStatus(now = new Date()): Promise<WorkerStatus> {
  const [alive, latest] = await Promise.all([
    db().workerHeartbeat.count({
      where: { stoppedAt: null, lastBeatAt: { gte: new Date(now.getTime() - HEARTBEAT_STALE_MS) } },
    }),
    db().workerHeartbeat.findFirst({ orderBy: { lastBeatAt: 'desc' }, select: { lastBeatAt: true, stoppedAt: true } }),
  ]);
  const lastBeatAt = latest?.lastBeatAt ?? null;
  if (alive > 0) return { alive, lastBeatAt };
  return { alive, lastBeatAt, downReason: !latest ? 'never-started' : latest.stoppedAt ? 'stopped' : 'heartbeat-stale' };
}
