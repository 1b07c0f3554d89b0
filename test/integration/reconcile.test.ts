// Self-healing state (REL-6) against the sandbox and a fake clock: a run the worker lost is
// re-attached and finishes with no duplicate sync; an Airbyte sync frozen in the stand-in turns
// its run STALLED within 15 fake minutes with exactly one incident however many reconcilers race,
// and the run carries on and the incident resolves when the sync moves; the schedule watchdog,
// with pg-boss's cron schedule deleted, flags two missed fire times once and clears when a tick
// runs, and never flags a paused pipeline or ticks a running run excused.
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import PgBoss from 'pg-boss';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IncidentNotices } from '@/components/pipelines/incident-notices';
import type { Actor } from '@/lib/authz/actor';
import { openIncidents } from '@/lib/dal/incidents';
import { ensureQueues } from '@/lib/jobs/queue';
import { claimDue, runClaimed } from '@/lib/jobs/stepper';
import { logger } from '@/lib/logger';
import { confirmDeployment, requestDeploy } from '@/lib/services/deployments/request-deployment';
import { pausePipeline, resumePipeline } from '@/lib/services/pipelines/pause-resume';
import { reconcile } from '@/lib/services/reliability/reconcile';
import { startSelfHealing } from '@/lib/services/reliability/self-healing';
import { watchSchedules } from '@/lib/services/reliability/schedule-watchdog';
import { advanceRun } from '@/lib/services/runs/advance-run';
import { scheduleDueRuns } from '@/lib/services/runs/schedule-runs';
import { triggerRun } from '@/lib/services/runs/trigger-run';
import { sql } from '../support/database';
import { anotherOrg, type TestOrg } from '../support/factories';
import { ownerDb } from '../support/owner-db';
import { driveDeploymentWhile as driveFor } from '../support/saga-driver';
import { startSandboxPipelines, type SandboxPipelines } from '../support/sandbox-pipeline';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

let box: SandboxPipelines;
let sandbox: SandboxPipelines['sandbox'];
let org: TestOrg;
let admin: Actor;
let editor: Actor;
let viewer: Actor;
/** A Kickstart pipeline deployed to the sandbox for real. */
let pipelineId: string;

const run = (id: string) => ownerDb().pipelineRun.findUniqueOrThrow({ where: { id }, include: { stages: { include: { jobs: true } } } });
const ingestJobs = async (id: string) => (await run(id)).stages.find((s) => s.stage === 'INGEST')?.jobs ?? [];
const incidentsOf = (where: { pipelineId: string; subjectId?: string }) => ownerDb().pipelineIncident.findMany({ where, orderBy: { openedAt: 'asc' } });
const pause = () => new Promise((resolve) => setTimeout(resolve, 50));

/** Ticks a row as the worker would, ignoring its poll delays, until `done`; bounded, so a stuck row fails with where it stood. */
async function tickUntil<R>(read: () => Promise<R>, tick: () => Promise<void>, done: (r: R) => boolean, what: string, limitMs = 90_000): Promise<R> {
  const deadline = Date.now() + limitMs;
  for (;;) {
    const r = await read();
    if (done(r)) return r;
    if (Date.now() > deadline) throw new Error(`${what}: still ${JSON.stringify(r, (_k, v: unknown) => (typeof v === 'bigint' ? Number(v) : v))}`);
    await tick();
    await pause();
  }
}

const tickRun = (id: string) => advanceRun({ id, orgId: org.orgId });
const runUntil = (id: string, done: (r: Awaited<ReturnType<typeof run>>) => boolean, what: string) => tickUntil(() => run(id), () => tickRun(id), done, what);
const finished = (r: { state: string }) => ['SUCCEEDED', 'FAILED', 'CANCELLED'].includes(r.state);

const readyPipeline = () => box.readyPipeline();
const driveDeploymentWhile = (id: string, states: string[], limitMs = 90_000) => driveFor(org.orgId, id, states, limitMs);

/** A pipeline whose deployment is recorded as done (nothing deployed for real): enough for its schedules. */
async function scheduledPipeline(): Promise<string> {
  const id = await readyPipeline();
  const { deploymentId } = await requestDeploy(admin, { pipelineId: id });
  await ownerDb().deployment.update({ where: { id: deploymentId }, data: { state: 'SUCCEEDED', finishedAt: new Date(), nextTickAt: null } });
  await ownerDb().pipeline.update({ where: { id }, data: { status: 'ACTIVE' } });
  return id;
}

/** The first full hour after the pipeline's schedules came into force (Kickstart's sources sync hourly, UTC). */
async function firstHourAfterStart(id: string): Promise<number> {
  const p = await ownerDb().pipeline.findUniqueOrThrow({ where: { id } });
  return Math.floor(p.updatedAt.getTime() / HOUR) * HOUR + HOUR;
}

beforeAll(async () => {
  box = await startSandboxPipelines({ label: 'reconcile', timeScale: 0.002 });
  ({ sandbox, org, admin, editor } = box);
  viewer = await org.member('VIEWER');

  pipelineId = await readyPipeline();
  const { deploymentId } = await requestDeploy(admin, { pipelineId });
  await driveDeploymentWhile(deploymentId, ['PLANNING']);
  await confirmDeployment(admin, { deploymentId });
  const done = await driveDeploymentWhile(deploymentId, ['RUNNING'], 120_000);
  expect(done.state, JSON.stringify(done.error)).toBe('SUCCEEDED');
}, 240_000);

afterAll(async () => {
  await box?.stop();
});

describe('the reconciler re-attaches left-behind work', () => {
  it('gives a run the worker lost mid-ingest a tick again, and it finishes with one sync per source', async () => {
    const [first] = await ownerDb().pipelineRun.findMany({ where: { pipelineId } });
    if (!first) throw new Error('the deployment started no run');
    const syncsBefore = sandbox.sandbox.airbyte.log.count('createJob');
    await runUntil(first.id, () => true, 'first tick');
    await runUntil(first.id, (r) => r.stages.some((s) => s.stage === 'INGEST' && s.jobs.length === 4 && s.jobs.every((j) => j.externalId)), 'syncs started');

    // The worker dies between writes: no tick due, and a lease nobody renews.
    await ownerDb().pipelineRun.update({ where: { id: first.id }, data: { nextTickAt: null, leaseOwner: 'dead-worker', leaseUntil: new Date(Date.now() - MINUTE) } });
    expect((await claimDue('pipeline_run', 'live-worker', 10)).map((r) => r.id)).not.toContain(first.id);

    const { reattached } = await reconcile({ now: new Date() });
    // Only the orphan: finished rows and the finished deployment stay as they are.
    expect(reattached).toEqual({ deployments: [], runs: [first.id] });
    const claimed = await claimDue('pipeline_run', 'live-worker', 10);
    expect(claimed.map((r) => r.id)).toEqual([first.id]);
    await runClaimed({ table: 'pipeline_run', tick: advanceRun }, claimed[0]!, 'live-worker', logger);

    const done = await runUntil(first.id, finished, 'finishing the re-attached run');
    expect(done.state, JSON.stringify(done.stages.map((s) => [s.stage, s.state, s.error]))).toBe('SUCCEEDED');
    expect(sandbox.sandbox.airbyte.log.count('createJob') - syncsBefore).toBe(4);
    expect((await ingestJobs(first.id)).map((j) => j.status)).toEqual(['succeeded', 'succeeded', 'succeeded', 'succeeded']);
    expect((await reconcile({ now: new Date() })).reattached).toEqual({ deployments: [], runs: [] });
  }, 120_000);
});

describe('a run whose Airbyte sync freezes', () => {
  let runId: string;
  let lastProgress: number;
  let frozenJobId: number;

  it('keeps its last progress time while polls find nothing new', async () => {
    const connection = await ownerDb().pipelineResource.findFirstOrThrow({ where: { pipelineId, system: 'airbyte', kind: 'connection' }, orderBy: { naturalKey: 'asc' } });
    sandbox.sandbox.airbyte.planNextSync(connection.externalId, { outcome: 'stall' });
    const started = await triggerRun(editor, { pipelineId });
    expect(started.created).toBe(true);
    runId = started.runId;
    const stuck = await runUntil(
      runId,
      (r) => {
        const jobs = r.stages.find((s) => s.stage === 'INGEST')?.jobs ?? [];
        return jobs.length === 4 && jobs.filter((j) => j.status === 'succeeded').length === 3 && jobs.some((j) => j.status === 'running');
      },
      'three syncs done and one running',
    );
    frozenJobId = Number((await ingestJobs(runId)).find((j) => j.status === 'running')?.externalId);
    expect(sandbox.sandbox.airbyte.job(frozenJobId)?.status).toBe('running');
    lastProgress = stuck.lastProgressAt!.getTime();
    for (let i = 0; i < 3; i++) await tickRun(runId);
    expect((await run(runId)).lastProgressAt?.getTime()).toBe(lastProgress);
  }, 120_000);

  it('is not stalled after 14 minutes without progress', async () => {
    const { runs } = await reconcile({ now: new Date(lastProgress + 14 * MINUTE) });
    expect(runs.stalled).toEqual([]);
    expect((await run(runId)).state).toBe('RUNNING');
    expect(await incidentsOf({ pipelineId })).toEqual([]);
  });

  it('becomes STALLED at 15 minutes, with one incident although three reconcilers race', async () => {
    const now = new Date(lastProgress + 15 * MINUTE + 1000);
    const passes = await Promise.all([reconcile({ now }), reconcile({ now }), reconcile({ now })]);
    expect(passes.flatMap((p) => p.runs.stalled)).toEqual([runId]);
    expect(passes.reduce((n, p) => n + p.runs.opened, 0)).toBe(1);
    expect((await run(runId)).state).toBe('STALLED');
    const incidents = await incidentsOf({ pipelineId });
    expect(incidents.map((i) => [i.kind, i.subjectId, i.resolvedAt])).toEqual([['STALLED_RUN', runId, null]]);
    expect(incidents[0]?.detail).toMatchObject({ stage: 'INGEST', systems: ['airbyte'], lastProgressAt: new Date(lastProgress).toISOString() });

    // Still frozen: polling goes on, the run stays STALLED, and a later pass only notes it is still so.
    await tickRun(runId);
    const later = await reconcile({ now: new Date(lastProgress + 17 * MINUTE) });
    expect([later.runs.stalled, later.runs.opened, later.runs.resolved]).toEqual([[], 0, 0]);
    expect((await run(runId)).state).toBe('STALLED');
    const [seen] = await incidentsOf({ pipelineId });
    expect(seen?.lastSeenAt.getTime()).toBe(lastProgress + 17 * MINUTE);
  });

  it('tells people on the pipeline page what is going on and what they can do', async () => {
    const shown = await openIncidents(viewer, { pipelineId });
    expect(shown.map((i) => i.kind)).toEqual(['STALLED_RUN']);
    const html = renderToStaticMarkup(createElement(IncidentNotices, { incidents: shown, now: new Date(lastProgress + 17 * MINUTE) }));
    const { number } = await run(runId);
    expect(html).toContain(`Run #${number} has shown no progress for 17 min`);
    expect(html).toContain('Tapestry keeps checking Airbyte; cancel it or wait');
    expect(await openIncidents(viewer, { pipelineId: 'another-pipeline' })).toEqual([]);
    // Another organization sees none of it; a token without org:read is refused.
    expect(await openIncidents((await anotherOrg('Elsewhere')).owner)).toEqual([]);
    await expect(openIncidents({ ...viewer, kind: 'token', scopes: [] })).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it('carries on when the sync moves again, and the incident resolves', async () => {
    expect(sandbox.sandbox.airbyte.resumeJob(frozenJobId)).toBe(true);
    await runUntil(runId, (r) => r.state !== 'STALLED', 'leaving STALLED');
    expect((await incidentsOf({ pipelineId })).map((i) => [i.subjectId, i.resolvedAt !== null])).toEqual([[runId, true]]);
    const done = await runUntil(runId, finished, 'finishing');
    expect(done.state).toBe('SUCCEEDED');
    const after = await reconcile({ now: new Date(lastProgress + 20 * MINUTE) });
    expect([after.runs.stalled, after.runs.opened]).toEqual([[], 0]);
    expect((await incidentsOf({ pipelineId })).map((i) => [i.subjectId, i.resolvedAt !== null])).toEqual([[runId, true]]);
    expect(await openIncidents(viewer, { pipelineId })).toEqual([]);
  }, 120_000);
});

describe('a deployment whose stack goes quiet', () => {
  it('opens one STALLED_DEPLOYMENT incident while the stack step carries its stall flag, and resolves it when events resume', async () => {
    const quiet = await readyPipeline();
    const { deploymentId } = await requestDeploy(admin, { pipelineId: quiet });
    // Where the stack step leaves a creation CloudFormation has said nothing about for 25 minutes
    // (its flag is computed from the real clock, so it is set here rather than waited for).
    const lastEventAt = Date.now() - 25 * MINUTE;
    await ownerDb().deployment.update({ where: { id: deploymentId }, data: { state: 'RUNNING', confirmedAt: new Date(), nextTickAt: new Date(Date.now() + HOUR) } });
    await ownerDb().deploymentStep.updateMany({ where: { deploymentId, name: { in: ['template', 'change_set'] } }, data: { state: 'SUCCEEDED' } });
    const flag = (stalled: boolean) =>
      ownerDb().deploymentStep.update({ where: { deploymentId_name: { deploymentId, name: 'stack' } }, data: { state: 'RUNNING', detail: { executed: true, lastEventAt, stalled } } });
    await flag(false);
    expect((await reconcile({ now: new Date() })).deployments.flagged).toEqual([]);

    await flag(true);
    const now = new Date();
    const passes = await Promise.all([reconcile({ now }), reconcile({ now }), reconcile({ now })]);
    expect(passes.reduce((n, p) => n + p.deployments.opened, 0)).toBe(1);
    const [incident, ...more] = await incidentsOf({ pipelineId: quiet });
    expect(more).toEqual([]);
    expect([incident?.kind, incident?.subjectId, incident?.resolvedAt]).toEqual(['STALLED_DEPLOYMENT', deploymentId, null]);
    const { stackName } = await ownerDb().deployment.findUniqueOrThrow({ where: { id: deploymentId } });
    expect(incident?.detail).toEqual({ step: 'stack', stackName, lastEventAt: new Date(lastEventAt).toISOString() });
    const html = renderToStaticMarkup(createElement(IncidentNotices, { incidents: await openIncidents(viewer, { pipelineId: quiet }), now }));
    expect(html).toContain('The stack has sent no news for 25 min');

    await flag(false);
    expect((await reconcile({ now: new Date() })).deployments.resolved).toBe(1);
    expect((await incidentsOf({ pipelineId: quiet })).map((i) => i.resolvedAt !== null)).toEqual([true]);
    await ownerDb().deployment.update({ where: { id: deploymentId }, data: { state: 'FAILED', finishedAt: new Date(), nextTickAt: null } });
  });
});

describe('the schedule watchdog, with pg-boss’s cron schedule gone', () => {
  let watched: string;
  let h1: number;

  beforeAll(async () => {
    // The worker's schedules, as it registers them at boot; then `runs.schedule`'s row is deleted.
    const boss = new PgBoss({ connectionString: process.env.DATABASE_URL!, schema: 'pgboss' });
    await boss.start();
    await ensureQueues(boss);
    await boss.schedule('runs.schedule', '* * * * *', {}, { tz: 'UTC' });
    await boss.stop({ graceful: false });
    await sql(process.env.DATABASE_URL!, `DELETE FROM pgboss.schedule WHERE name = 'runs.schedule'`);
    expect(await sql(process.env.DATABASE_URL!, `SELECT name FROM pgboss.schedule WHERE name = 'runs.schedule'`)).toEqual([]);
    watched = await scheduledPipeline();
    h1 = await firstHourAfterStart(watched);
  });

  const missedOf = async (id: string) => (await incidentsOf({ pipelineId: id })).filter((i) => i.kind === 'MISSED_SCHEDULE');

  it('says nothing while fewer than two fire times have passed', async () => {
    await watchSchedules({ now: new Date(h1 + 30 * MINUTE) });
    // The second fire time has passed but is inside its grace: the scheduler may still be on it.
    await watchSchedules({ now: new Date(h1 + HOUR + MINUTE) });
    expect(await missedOf(watched)).toEqual([]);
  });

  it('flags two missed fire times once, minutes after the second', async () => {
    const now = new Date(h1 + HOUR + 3 * MINUTE);
    const passes = await Promise.all([watchSchedules({ now }), watchSchedules({ now })]);
    await watchSchedules({ now: new Date(now.getTime() + MINUTE) });
    expect(passes.flatMap((p) => p.missing).filter((m) => m.pipelineId === watched)).toEqual([
      { pipelineId: watched, subjectId: '0 * * * * UTC' },
      { pipelineId: watched, subjectId: '0 * * * * UTC' },
    ]);
    const missed = await missedOf(watched);
    expect(missed.map((i) => [i.subjectId, i.resolvedAt])).toEqual([['0 * * * * UTC', null]]);
    expect(missed[0]?.detail).toEqual({ expression: '0 * * * *', timezone: 'UTC', missed: [new Date(h1).toISOString(), new Date(h1 + HOUR).toISOString()] });

    const html = renderToStaticMarkup(createElement(IncidentNotices, { incidents: await openIncidents(viewer, { pipelineId: watched }), now }));
    const hhmm = (ms: number) => new Date(ms).toISOString().slice(11, 16);
    expect(html).toContain(`2 scheduled runs did not start (${hhmm(h1)}, ${hhmm(h1 + HOUR)} UTC): is the worker running?`);
  });

  it('clears once a later tick makes its run', async () => {
    const tick = h1 + 2 * HOUR;
    expect((await scheduleDueRuns(new Date(tick + 10_000))).created).toBeGreaterThanOrEqual(1);
    await watchSchedules({ now: new Date(tick + 3 * MINUTE) });
    expect((await missedOf(watched)).map((i) => i.resolvedAt?.getTime())).toEqual([tick + 3 * MINUTE]);
    await watchSchedules({ now: new Date(tick + 4 * MINUTE) });
    expect(await missedOf(watched)).toHaveLength(1);
  });

  it('never flags a paused pipeline, clears what it had flagged when it is paused, and after a resume counts only later fire times', async () => {
    const paused = await scheduledPipeline();
    const start = await firstHourAfterStart(paused);
    await watchSchedules({ now: new Date(start + HOUR + 3 * MINUTE) });
    expect((await missedOf(paused)).map((i) => i.resolvedAt)).toEqual([null]);
    await pausePipeline(editor, { pipelineId: paused });
    for (const hours of [1, 3, 24]) await watchSchedules({ now: new Date(start + hours * HOUR + 3 * MINUTE) });
    expect((await missedOf(paused)).map((i) => i.resolvedAt !== null)).toEqual([true]);

    // Resumed at start + 24 h (the fake clock's time: the row's own clock is real): the ticks
    // missed while paused are not misses, the first two after the resume are.
    const beforeResume = Date.now();
    await resumePipeline(editor, { pipelineId: paused });
    // What the watchdog's "in force since" reads: resuming touches the row.
    expect((await ownerDb().pipeline.findUniqueOrThrow({ where: { id: paused } })).updatedAt.getTime()).toBeGreaterThanOrEqual(beforeResume);
    const resumedAt = start + 24 * HOUR - 10 * MINUTE;
    await ownerDb().pipeline.update({ where: { id: paused }, data: { updatedAt: new Date(resumedAt) } });
    await watchSchedules({ now: new Date(start + 24 * HOUR + 3 * MINUTE) });
    expect((await missedOf(paused)).filter((i) => i.resolvedAt === null)).toEqual([]);
    await watchSchedules({ now: new Date(start + 25 * HOUR + 3 * MINUTE) });
    const reopened = (await missedOf(paused)).filter((i) => i.resolvedAt === null);
    expect(reopened.map((i) => i.detail)).toEqual([{ expression: '0 * * * *', timezone: 'UTC', missed: [new Date(start + 24 * HOUR).toISOString(), new Date(start + 25 * HOUR).toISOString()] }]);
  });

  it('excuses fire times a running run overlapped (the scheduler skips them), and flags the ones after it', async () => {
    const busy = await scheduledPipeline();
    const start = await firstHourAfterStart(busy);
    const { runId } = await triggerRun(editor, { pipelineId: busy });
    await watchSchedules({ now: new Date(start + 2 * HOUR + 3 * MINUTE) });
    expect(await missedOf(busy)).toEqual([]);
    // The run ends (before the fire times): nothing excuses them any more.
    await ownerDb().pipelineRun.update({ where: { id: runId }, data: { state: 'CANCELLED', finishedAt: new Date(), nextTickAt: null } });
    await watchSchedules({ now: new Date(start + 2 * HOUR + 3 * MINUTE) });
    expect((await missedOf(busy)).map((i) => i.resolvedAt)).toEqual([null]);
  });
});

describe('the worker’s self-healing loop', () => {
  it('runs a pass as soon as it starts, before any minute has passed', async () => {
    const id = await scheduledPipeline();
    const { runId } = await triggerRun(editor, { pipelineId: id });
    await ownerDb().pipelineRun.update({ where: { id: runId }, data: { nextTickAt: null } });
    const stop = startSelfHealing({ log: logger, intervalMs: HOUR });
    try {
      await expect.poll(async () => (await run(runId)).nextTickAt, { timeout: 10_000 }).not.toBeNull();
    } finally {
      await stop();
    }
    await ownerDb().pipelineRun.update({ where: { id: runId }, data: { state: 'CANCELLED', finishedAt: new Date(), nextTickAt: null } });
  });
});
