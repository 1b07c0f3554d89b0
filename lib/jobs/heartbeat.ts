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

export interface WorkerStatus {
  /** Running workers with a fresh beat. */
  alive: number;
  lastBeatAt: Date | null;
}

export async function workerStatus(now = new Date()): Promise<WorkerStatus> {
  const [alive, latest] = await Promise.all([
    db().workerHeartbeat.count({
      where: { stoppedAt: null, lastBeatAt: { gte: new Date(now.getTime() - HEARTBEAT_STALE_MS) } },
    }),
    db().workerHeartbeat.findFirst({ orderBy: { lastBeatAt: 'desc' }, select: { lastBeatAt: true } }),
  ]);
  return { alive, lastBeatAt: latest?.lastBeatAt ?? null };
}
