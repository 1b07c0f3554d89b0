// The worker as it runs in production (`npm run worker`): it beats a heartbeat, runs queued jobs
// from PostgreSQL, and on SIGTERM stops taking work and exits well within 30 s (REL-7).
import { spawn, type ChildProcess } from 'node:child_process';
import PgBoss from 'pg-boss';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/lib/db';
import { resetEnvForTests } from '@/lib/env';
import { workerStatus } from '@/lib/jobs/heartbeat';
import { createInvitation } from '@/lib/services/invitations';
import { firstRunOrg } from '../support/factories';
import { startSmtp, type TestSmtp } from '../support/smtp';

let worker: ChildProcess;
let exited: Promise<number | null>;
let smtp: TestSmtp;

beforeAll(async () => {
  smtp = await startSmtp();
  process.env.SMTP_URL = smtp.url;
  resetEnvForTests();
  worker = spawn(process.execPath, ['--import', 'tsx', '--conditions=react-server', 'lib/jobs/worker.ts'], {
    env: { ...process.env, LOG_LEVEL: 'silent' },
    stdio: 'ignore',
  });
  exited = new Promise((resolve) => worker.once('exit', (code) => resolve(code)));
});

afterAll(async () => {
  if (worker.exitCode === null) worker.kill('SIGKILL');
  await smtp.close();
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

  it('emails an invitation within seconds of its commit (woken by NOTIFY, not the minute sweep)', async () => {
    const org = await firstRunOrg();
    const created = await createInvitation(org.owner, 'prompt@invitee.example', 'VIEWER');
    await expect.poll(() => smtp.received.length, { timeout: 10_000, interval: 100 }).toBe(1);
    expect(smtp.received[0]!.text).toContain(created.link);
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
