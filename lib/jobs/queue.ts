// The job queue: pg-boss on the application's own PostgreSQL (schema `pgboss`), so jobs commit
// and survive restarts with the data they act on. pg-boss 10 is the last line that runs on
// Node 20 (ENVIRONMENT.md); it fetches with SKIP LOCKED and retries expired jobs, so every
// handler is written to be safe when run more than once.
import PgBoss from 'pg-boss';
import { JOBS, type JobName } from '@/lib/jobs/definitions';

export function createQueue(connectionString: string, processName: string): PgBoss {
  return new PgBoss({
    connectionString,
    schema: 'pgboss',
    application_name: processName,
    max: 4,
  });
}

/** pg-boss 10 needs each queue created before jobs are sent to it; creating is idempotent. */
export async function ensureQueues(boss: PgBoss): Promise<void> {
  for (const name of Object.keys(JOBS) as JobName[]) {
    const existing = await boss.getQueue(name);
    if (!existing) await boss.createQueue(name, JOBS[name].queue);
  }
}
