// Housekeeping that keeps small tables small. Idempotent: running it twice deletes nothing more.
import { db } from '@/lib/db';
import { ACCOUNT_WINDOW_MS } from '@/lib/auth/throttle';
import { purgeExpiredIdempotencyKeys } from '@/lib/http/idempotency-store';

/** Heartbeats of workers that stopped or vanished more than a day ago are no longer useful. */
const HEARTBEAT_RETENTION_MS = 24 * 60 * 60_000;

export interface PruneReport {
  rateLimitBuckets: number;
  workerHeartbeats: number;
  /** API idempotency keys past their 24 h (REL-9); each token also purges its own on next use. */
  idempotencyKeys: number;
}

export async function pruneExpiredRows(now: Date): Promise<PruneReport> {
  // The longest throttle window is the account window; a bucket older than it counts for nothing.
  const bucketCutoff = new Date(now.getTime() - ACCOUNT_WINDOW_MS);
  const buckets = await db().rateLimitBucket.deleteMany({
    where: {
      windowStart: { lt: bucketCutoff },
      OR: [{ lockedUntil: null }, { lockedUntil: { lt: now } }],
    },
  });
  const beats = await db().workerHeartbeat.deleteMany({
    where: { lastBeatAt: { lt: new Date(now.getTime() - HEARTBEAT_RETENTION_MS) } },
  });
  const idempotencyKeys = await purgeExpiredIdempotencyKeys(now);
  return { rateLimitBuckets: buckets.count, workerHeartbeats: beats.count, idempotencyKeys };
}
