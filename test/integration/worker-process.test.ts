// The worker as it runs in production (`npm run worker`): it beats a heartbeat that
// /api/health reports, runs queued jobs from PostgreSQL, and on SIGTERM finishes the job in hand
// and exits well within 30 s without losing it (REL-7); health then says why it is down.
import PgBoss from 'pg-boss';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/lib/db';
import { resetEnvForTests } from '@/lib/env';
import { workerStatus } from '@/lib/jobs/heartbeat';
import { createInvitation } from '@/lib/services/invitations';
import { GET as health } from '@/app/api/health/route';
import { firstRunOrg, type TestOrg } from '../support/factories';
import { ownerDb } from '../support/owner-db';
import { startSmtp, type TestSmtp } from '../support/smtp';
import { startWorker, type WorkerProcess } from '../support/worker-process';

let worker: WorkerProcess;
let smtp: TestSmtp;
let org: TestOrg;

const healthNow = async () => {
  const response = await health();
  return { httpStatus: response.status, ...((await response.json()) as Record<string, unknown>) };
};

beforeAll(async () => {
  smtp = await startSmtp();
  process.env.SMTP_URL = smtp.url;
  resetEnvForTests();
  org = await firstRunOrg();
  expect(await healthNow()).toMatchObject({ httpStatus: 200, status: 'degraded', worker: 'down', workerReason: expect.stringMatching(/No worker has started/) });
  worker = startWorker();
});

afterAll(async () => {
  if (worker.child.exitCode === null) worker.child.kill('SIGKILL');
  await smtp.close();
});

describe('the worker process', () => {
  it('reports itself alive through the heartbeat, and /api/health says so', async () => {
    await expect.poll(async () => (await workerStatus()).alive, { timeout: 20_000 }).toBe(1);
    expect(await healthNow()).toEqual({ httpStatus: 200, status: 'ok', database: 'up', worker: 'up' });
    // A minute without beats (a hung or killed worker) counts as down, with that reason.
    expect(await workerStatus(new Date(Date.now() + 60_000))).toMatchObject({ alive: 0, downReason: 'heartbeat-stale' });
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
    const created = await createInvitation(org.owner, 'prompt@invitee.example', 'VIEWER');
    await expect.poll(() => smtp.received.length, { timeout: 10_000, interval: 100 }).toBe(1);
    expect(smtp.received[0]!.text).toContain(created.link);
  });

  it('on SIGTERM finishes the email it is sending, exits within 30 s, and /api/health then says it stopped', async () => {
    smtp.holdMs = 4_000; // a slow mail server: the job is still running when the signal comes
    await createInvitation(org.owner, 'slow@invitee.example', 'VIEWER');
    await expect.poll(() => smtp.inFlight, { timeout: 10_000, interval: 50 }).toBe(1);
    const deliveredBefore = smtp.received.length;
    const started = Date.now();
    worker.child.kill('SIGTERM');

    expect(await worker.exited).toBe(0);
    expect(Date.now() - started).toBeLessThan(30_000);
    // The job ran to its end after the signal: delivered once, marked sent, nothing left to redo.
    expect(smtp.received.length).toBe(deliveredBefore + 1);
    expect(smtp.received.at(-1)!.to).toEqual(['slow@invitee.example']);
    const email = await ownerDb().outboundEmail.findFirstOrThrow({ where: { to: 'slow@invitee.example' } });
    expect(email).toMatchObject({ attempts: 1, sentAt: expect.any(Date), failedAt: null });
    const unfinished = await ownerDb().$queryRaw<Array<{ state: string }>>`
      SELECT state::text FROM pgboss.job WHERE name = 'mail.deliver' AND state IN ('active', 'retry', 'failed')`;
    expect(unfinished).toEqual([]);

    expect(await workerStatus()).toMatchObject({ alive: 0, downReason: 'stopped' });
    expect(await db().workerHeartbeat.count({ where: { stoppedAt: { not: null } } })).toBe(1);
    expect(await healthNow()).toMatchObject({ httpStatus: 200, status: 'degraded', worker: 'down', workerReason: expect.stringMatching(/stopped/) });
  });
});
