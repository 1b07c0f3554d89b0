// What GET /api/health answers: the database's and the worker's state, and when the worker is
// down, why, in words an operator can act on. Public, so it reveals states only: no
// configuration, hosts or counts.
import { db } from '@/lib/db';
import { HEARTBEAT_STALE_MS, type WorkerDownReason, workerStatus } from '@/lib/jobs/heartbeat';

export interface HealthReport {
  /** ok: all up; degraded: pages work but background jobs wait; down: the database is unreachable. */
  status: 'ok' | 'degraded' | 'down';
  database: 'up' | 'down';
  worker: 'up' | 'down';
  /** Why the worker is reported down. */
  workerReason?: string;
}

const REASONS: Record<WorkerDownReason, string> = {
  stopped: 'The worker was stopped. Start it again (npm start, or npm run worker); background jobs wait until then.',
  'heartbeat-stale': `No worker heartbeat for over ${HEARTBEAT_STALE_MS / 1000} s: the worker may have crashed or lost the database. Check its log and restart it.`,
  'never-started': 'No worker has started yet. Run npm run worker (npm start does it for you); background jobs wait until then.',
};

export async function healthReport(now = new Date()): Promise<HealthReport> {
  try {
    await db().$queryRaw`SELECT 1`;
    const worker = await workerStatus(now);
    // The web tier can serve pages without a worker, so only a dead database makes us unready.
    if (worker.alive > 0) return { status: 'ok', database: 'up', worker: 'up' };
    return { status: 'degraded', database: 'up', worker: 'down', workerReason: REASONS[worker.downReason ?? 'heartbeat-stale'] };
  } catch {
    return { status: 'down', database: 'down', worker: 'down', workerReason: 'The database is unreachable, so the worker cannot be checked.' };
  }
}
