// The worker as it runs in production (`npm run worker`): it beats a heartbeat, runs queued jobs
// from PostgreSQL, and on SIGTERM stops taking work and exits well within 30 s (REL-7).
import { spawn, type ChildProcess } from 'node:child_process';
import PgBoss from 'pg-boss';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/lib/db';
import { workerStatus } from '@/lib/jobs/heartbeat';

let worker: ChildProcess;
let exited: Promise<number | null>;

beforeAll(() => {
  worker = spawn(process.execPath, ['--import', 'tsx', '--conditions=react-server', 'lib/jobs/worker.ts'], {
    env: { ...process.env, LOG_LEVEL: 'silent' },
    stdio: 'ignore',
  });
  exited = new Promise((resolve) => worker.once('exit', (code) => resolve(code)));
});

afterAll(() => {
  if (worker.exitCode === null) worker.kill('SIGKILL');
});

describe('the worker process', () => {
  it('reports itself alive through the heartbeat', async () => {
    await expect.poll(async () => (await workerStatus()).alive, { timeout: 20_000 }).toBe(1);
  });

  it('runs a queued maintenance job that prunes stale throttle buckets only', async () => {
    const old = new Date(Date.now() - 60 * 60_000);
    await db().rateLimitBucket.createMany({
      data: [
        { key: 'signin:ip:stale', hits: 3, windowStart: old },
        { key: 'signin:ip:fresh', hits: 3, windowStart: new Date() },
      ],
    });
    const boss = new PgBoss({ connectionString: process.env.DATABASE_URL!, schema: 'pgboss' });
    await boss.start();
    try {
      await boss.send('maintenance.prune', {});
      await expect
        .poll(async () => (await db().rateLimitBucket.findMany({ where: { key: { startsWith: 'signin:ip:' } } })).map((b) => b.key), {
          timeout: 20_000,
        })
        .toEqual(['signin:ip:fresh']);
    } finally {
      await boss.stop({ graceful: false });
    }
  });

  it('stops cleanly on SIGTERM and marks its heartbeat stopped', async () => {
    const started = Date.now();
    worker.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(Date.now() - started).toBeLessThan(30_000);
    expect(await workerStatus()).toMatchObject({ alive: 0 });
    expect(await db().workerHeartbeat.count({ where: { stoppedAt: { not: null } } })).toBe(1);
  });
});
