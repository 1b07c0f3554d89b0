// The run history (UX-3, PERF-5) against real PostgreSQL with ten thousand seeded runs: keyset
// pages with no gap or repeat, filters that narrow, P50/P90/P95 as computed by hand, three
// statements for the list page however deep the history, a run's detail with every attempt in
// order, and the tenant wall (another organization sees nothing, gets NOT_FOUND). Then the Run
// now / cancel / retry actions as the pages call them: only the session lookup, the request's
// headers and Next's cache are replaced; the actor is a real member made through the services.
import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { Actor } from '@/lib/authz/actor';
import { AppError } from '@/lib/errors';
import { newId } from '@/lib/ids';
import { listRuns } from '@/lib/dal/runs/list-runs';
import type { RunFilters } from '@/lib/dal/runs/run-filters';
import { runDetail } from '@/lib/dal/runs/run-detail';
import { runDurationStats } from '@/lib/dal/runs/run-stats';
import { runsPage } from '@/lib/dal/runs/runs-page';
import { countQueries, dataStatements } from '../support/count-queries';
import { anotherOrg, firstRunOrg, type TestOrg } from '../support/factories';
import { ownerDb } from '../support/owner-db';
import { type SeededRun, seedRuns } from '../support/seed-runs';

let signedIn: Actor | undefined;
vi.mock('@/lib/auth/current-actor', () => ({
  currentActor: async (org: string) => {
    if (!signedIn || signedIn.orgSlug !== org) throw new AppError('NOT_FOUND');
    return signedIn;
  },
}));
vi.mock('next/headers', () => ({ headers: async () => new Headers({ origin: 'http://localhost:3000', host: 'localhost:3000' }) }));
const revalidated = vi.hoisted(() => [] as string[]);
vi.mock('next/cache', () => ({ revalidatePath: (path: string) => revalidated.push(path) }));

const actions = await import('@/lib/actions/runs');

const DAY = 86_400_000;
const now = Date.now();

let acme: TestOrg;
let other: TestOrg;
let editor: Actor;
let viewer: Actor;
/** Ten thousand runs over the last 400 days, on two pipelines. */
let history: SeededRun[];
/** Every run of acme's seeded before the tests start (the history and the ties). */
let seeded: SeededRun[];
let [alpha, beta, timed, ties, runnable] = ['', '', '', '', ''];

async function pipeline(org: TestOrg, slug: string): Promise<string> {
  const id = newId();
  await ownerDb().pipeline.create({ data: { id, orgId: org.orgId, slug, name: slug.replace(/-/g, ' '), status: 'ACTIVE', target: 'SANDBOX', savedAt: new Date() } });
  return id;
}

const code = (promise: Promise<unknown>) => promise.then(() => 'OK', (e: unknown) => (e instanceof AppError ? e.code : String(e)));
/** The seeded runs as the list must order them: newest first, ties by id as PostgreSQL orders them. */
const expectedOrder = (where: { pipelineId?: string }, take: number) =>
  ownerDb().pipelineRun.findMany({ where: { orgId: acme.orgId, ...where }, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], take, select: { id: true } }).then((rows) => rows.map((r) => r.id));

beforeAll(async () => {
  acme = await firstRunOrg();
  other = await anotherOrg();
  editor = await acme.member('EDITOR');
  viewer = await acme.member('VIEWER');
  alpha = await pipeline(acme, 'alpha');
  beta = await pipeline(acme, 'beta');
  timed = await pipeline(acme, 'timed');
  ties = await pipeline(acme, 'ties');
  runnable = await pipeline(acme, 'runnable');
  history = await seedRuns({ orgId: acme.orgId, pipelineIds: [alpha, beta], count: 10_000, from: new Date(now - 400 * DAY), to: new Date(now - DAY) });
  // Seven runs created in the same millisecond: only the id tells them apart.
  seeded = [...history, ...(await seedRuns({ orgId: acme.orgId, pipelineIds: [ties], count: 7, from: new Date(now - 2 * DAY), to: new Date(now - 2 * DAY + 1) }))];
  await seedRuns({ orgId: other.orgId, pipelineIds: [await pipeline(other, 'theirs')], count: 3, from: new Date(now - DAY) });
}, 120_000);

describe('keyset pages', () => {
  it('walk three pages of the whole history with no gap and no repeat', async () => {
    const first = await listRuns(viewer, { limit: 50 });
    const second = await listRuns(viewer, { limit: 50, cursor: first.nextCursor ?? undefined });
    const third = await listRuns(viewer, { limit: 50, cursor: second.nextCursor ?? undefined });
    const ids = [first, second, third].flatMap((page) => page.runs.map((r) => r.id));
    expect(ids).toEqual(await expectedOrder({}, 150));
    expect(new Set(ids).size).toBe(150);
    expect(third.nextCursor).not.toBeNull();
  });

  it('break ties in the same millisecond by id, and end with no cursor', async () => {
    const pages = [];
    let cursor: string | undefined;
    do {
      const page = await listRuns(viewer, { pipelineId: ties, limit: 3, cursor });
      pages.push(page.runs.map((r) => r.id));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(pages.map((p) => p.length)).toEqual([3, 3, 1]);
    expect(pages.flat()).toEqual(await expectedOrder({ pipelineId: ties }, 10));
  });

  it('carry each run’s pipeline, trigger, duration and per-stage rows, bytes and time', async () => {
    const [run] = (await listRuns(viewer, { pipelineId: alpha, limit: 1 })).runs;
    const seeded = history.filter((r) => r.pipelineId === alpha).at(-1);
    expect(run).toMatchObject({ id: seeded?.id, number: seeded?.number, trigger: seeded?.trigger, state: seeded?.state, durationMs: seeded?.durationMs, pipeline: { id: alpha, slug: 'alpha', name: 'alpha' } });
    expect(run?.stages.map((s) => s.stage)).toEqual(['INGEST', 'TRANSFORM', 'SYNC']);
    const ingest = run?.stages[0];
    expect(ingest?.rows).toBeGreaterThan(0);
    expect(ingest?.bytes).toBe((ingest?.rows ?? 0) * 512);
    expect(ingest?.durationMs).toBe(2 * Math.floor((seeded?.durationMs ?? 0) / 4));
  });

  it('refuse a tampered cursor and an oversized page as VALIDATION, before any query', async () => {
    const forged = Buffer.from('12345.not an id!').toString('base64url');
    for (const filters of [{ cursor: 'garbage!' }, { cursor: forged }, { cursor: Buffer.from('x').toString('base64url') }, { limit: 101 }, { pipelineId: "'; drop table run --" }]) {
      const { result, statements } = await countQueries(() => code(listRuns(viewer, filters)));
      expect(result, JSON.stringify(filters)).toBe('VALIDATION');
      expect(statements).toEqual([]);
    }
  });
});

describe('filters', () => {
  const newestFirst = (runs: SeededRun[]) => [...runs].sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime());
  const since = (days: number) => new Date(now - days * DAY);

  // Thunks: the pipelines' ids exist only once beforeAll has run.
  it.each<[string, () => RunFilters, (r: SeededRun) => boolean]>([
    ['pipeline', () => ({ pipelineId: beta }), (r) => r.pipelineId === beta],
    ['status', () => ({ states: ['FAILED'] }), (r) => r.state === 'FAILED'],
    ['two statuses', () => ({ states: ['FAILED', 'CANCELLED'] }), (r) => r.state !== 'SUCCEEDED'],
    ['trigger', () => ({ trigger: 'API' }), (r) => r.trigger === 'API'],
    ['dates', () => ({ from: since(200), to: since(100) }), (r) => r.createdAt >= since(200) && r.createdAt < since(100)],
    ['all at once', () => ({ pipelineId: alpha, states: ['SUCCEEDED'], trigger: 'SCHEDULE', from: since(380) }), (r) => r.pipelineId === alpha && r.state === 'SUCCEEDED' && r.trigger === 'SCHEDULE' && r.createdAt >= since(380)],
  ])('narrow by %s: the first page and the count are exactly the matching runs', async (_name, filtersOf, matches) => {
    const filters = filtersOf();
    const expected = newestFirst(seeded.filter(matches));
    expect(expected.length).toBeGreaterThan(60);
    expect(expected.length).toBeLessThan(seeded.length);
    const page = await listRuns(viewer, { ...filters, limit: 60 });
    expect(page.runs.map((r) => r.id)).toEqual(expected.slice(0, 60).map((r) => r.id));
    const stats = await runDurationStats(viewer, { from: since(401), ...filters });
    expect(stats.count).toBe(expected.length);
  });

  it('reach runs more than a year old (nothing deletes them)', async () => {
    const oldest = history[0];
    const page = await listRuns(viewer, { from: since(401), to: since(399), limit: 100 });
    expect(page.runs.map((r) => r.id)).toContain(oldest?.id);
  });
});

describe('duration cards', () => {
  beforeAll(async () => {
    // One run 40 days ago (outside the default 30-day window), then five in the last week.
    await seedRuns({ orgId: acme.orgId, pipelineIds: [timed], count: 1, from: new Date(now - 40 * DAY), to: new Date(now - 39 * DAY), shape: () => ({ durationMs: 1_000_000 }) });
    const seconds = [40, 10, 100, 30, 20];
    await seedRuns({ orgId: acme.orgId, pipelineIds: [timed], count: 5, from: new Date(now - 7 * DAY), to: new Date(now - DAY), shape: (i) => ({ durationMs: (seconds[i] ?? 0) * 1000, state: i === 2 ? 'FAILED' : 'SUCCEEDED' }) });
  });

  it('give P50/P90/P95 as percentile_cont does by hand, over the last 30 days by default', async () => {
    // Sorted: 10 20 30 40 100 s. P50 = 30; P90 at 0.9·4 = 3.6 → 40 + 0.6·60 = 76; P95 at 3.8 → 40 + 0.8·60 = 88.
    const stats = await runDurationStats(viewer, { pipelineId: timed });
    expect(stats).toMatchObject({ count: 5, finished: 5, succeeded: 4, successRate: 0.8, p50Ms: 30_000, p90Ms: 76_000, p95Ms: 88_000 });
    expect(stats.window.defaulted).toBe(true);
    expect(Date.now() - stats.window.from.getTime()).toBeGreaterThanOrEqual(30 * DAY);
  });

  it('cover the chosen window instead when a start date is given', async () => {
    const stats = await runDurationStats(viewer, { pipelineId: timed, from: new Date(now - 60 * DAY) });
    // 10 20 30 40 100 1000 s: P50 between 30 and 40.
    expect(stats).toMatchObject({ count: 6, succeeded: 5, p50Ms: 35_000 });
    expect(stats.window.defaulted).toBe(false);
  });

  it('are empty, not zero, when nothing finished', async () => {
    const stats = await runDurationStats(viewer, { pipelineId: runnable });
    expect(stats).toMatchObject({ count: 0, finished: 0, successRate: null, p50Ms: null, p90Ms: null, p95Ms: null });
  });
});

describe('the list page', () => {
  it('loads rows, cards and the pipeline filter in three statements with ten thousand runs, on any page', async () => {
    const first = await countQueries(() => runsPage(viewer, {}));
    expect(dataStatements(first.statements)).toHaveLength(3);
    expect(first.statements.filter((s) => s.text === 'BEGIN')).toHaveLength(1);
    expect(first.result.runs).toHaveLength(50);
    expect(first.result.orgHasRuns).toBe(true);
    expect(first.result.pipelines.map((p) => [p.slug, p.hasRuns])).toEqual([['alpha', true], ['beta', true], ['runnable', false], ['ties', true], ['timed', true]]);

    const deeper = await countQueries(() => runsPage(viewer, { states: ['FAILED'], trigger: 'SCHEDULE', cursor: first.result.nextCursor ?? undefined }));
    expect(dataStatements(deeper.statements)).toHaveLength(3);
    expect(deeper.result.runs.every((r) => r.state === 'FAILED' && r.trigger === 'SCHEDULE')).toBe(true);
  });
});

describe('run detail', () => {
  let runId: string;
  beforeAll(async () => {
    runId = newId();
    const at = (minutes: number) => new Date(now - DAY + minutes * 60_000);
    const job = (naturalKey: string, attempt: number, status: string, start: number) => ({ id: newId(), system: 'airbyte', naturalKey, attempt, status, rows: 10n * BigInt(attempt), bytes: 100n, startedAt: at(start), finishedAt: at(start + 1) });
    await ownerDb().pipelineRun.create({
      data: {
        id: runId, orgId: acme.orgId, pipelineId: alpha, number: 90_000, trigger: 'MANUAL', state: 'FAILED', sources: ['zoom', 'stripe'], requestedById: editor.userId,
        createdAt: at(0), startedAt: at(0), finishedAt: at(9),
        error: { code: 'STAGE_FAILED', title: 'dbt failed', cause: 'Model users failed.', hint: 'Fix the model, then retry.', step: 'TRANSFORM' },
        stages: {
          create: [
            // Attempts stored out of order: the page must show them by job, then attempt.
            { id: newId(), pipelineId: alpha, stage: 'INGEST', state: 'SUCCEEDED', attempts: 3, rows: 60n, bytes: 300n, startedAt: at(0), finishedAt: at(6), logs: 'zoom: 3 attempts', jobs: { create: [job('zoom', 3, 'succeeded', 4), job('zoom', 1, 'failed', 0), job('stripe', 1, 'succeeded', 0), job('zoom', 2, 'failed', 2)] } },
            { id: newId(), pipelineId: alpha, stage: 'TRANSFORM', state: 'FAILED', attempts: 1, startedAt: at(6), finishedAt: at(9), logs: 'dbt: users failed', error: { code: 'STAGE_FAILED', title: 'dbt failed', cause: 'Model users failed.', hint: 'Fix the model, then retry.', step: 'TRANSFORM' } },
            { id: newId(), pipelineId: alpha, stage: 'SYNC', state: 'SKIPPED' },
          ],
        },
      },
    });
  });

  it('has every attempt of every job in order, the logs and the error with its hint, in two statements', async () => {
    const { result: run, statements } = await countQueries(() => runDetail(viewer, runId));
    expect(dataStatements(statements)).toHaveLength(2);
    expect(run).toMatchObject({ number: 90_000, state: 'FAILED', requestedBy: editor.name, durationMs: 9 * 60_000, retryable: true, cancellable: false, active: false });
    expect(run.error).toEqual({ title: 'dbt failed', cause: 'Model users failed.', hint: 'Fix the model, then retry.', step: 'TRANSFORM' });
    expect(run.stages.map((s) => [s.stage, s.state])).toEqual([['INGEST', 'SUCCEEDED'], ['TRANSFORM', 'FAILED'], ['SYNC', 'SKIPPED']]);
    expect(run.stages[0]?.jobs.map((j) => `${j.naturalKey}#${j.attempt}:${j.status}`)).toEqual(['stripe#1:succeeded', 'zoom#1:failed', 'zoom#2:failed', 'zoom#3:succeeded']);
    expect(run.stages[0]?.jobs[3]).toMatchObject({ rows: 30, bytes: 100, durationMs: 60_000 });
    expect(run.stages[0]?.logs).toBe('zoom: 3 attempts');
    expect(run.stages[1]?.error?.hint).toBe('Fix the model, then retry.');
    expect(run.stages[2]?.jobs).toEqual([]);
  });

  it('is NOT_FOUND for another organization, an unknown id and a malformed one (which costs no query)', async () => {
    expect(await code(runDetail(other.owner, runId))).toBe('NOT_FOUND');
    expect(await code(runDetail(viewer, newId()))).toBe('NOT_FOUND');
    const malformed = await countQueries(() => code(runDetail(viewer, '../../etc')));
    expect(malformed.result).toBe('NOT_FOUND');
    expect(malformed.statements).toEqual([]);
  });
});

describe('tenancy', () => {
  it('lets a viewer read the history and shows another organization only its own runs', async () => {
    expect((await runsPage(viewer, {})).runs.length).toBe(50);
    const theirs = await runsPage(other.owner, {});
    expect(theirs.runs).toHaveLength(3);
    expect(theirs.pipelines.map((p) => p.slug)).toEqual(['theirs']);
    expect(theirs.stats.count).toBe(3);
    // Filtering by another organization's pipeline finds nothing rather than its runs.
    expect((await listRuns(other.owner, { pipelineId: alpha })).runs).toEqual([]);
    expect((await runDurationStats(other.owner, { pipelineId: alpha })).count).toBe(0);
  });
});

describe('Run now, cancel and retry actions', () => {
  const form = (actor: Actor, id: string) => {
    signedIn = actor;
    const data = new FormData();
    data.set('org', actor.orgSlug);
    data.set('id', id);
    return data;
  };
  const audits = (action: string) => ownerDb().auditEvent.findMany({ where: { orgId: acme.orgId, action }, orderBy: { id: 'asc' }, select: { outcome: true, actorUserId: true, metadata: true } });

  beforeAll(async () => {
    // A deployed pipeline as triggerRun needs it: ACTIVE, with a succeeded deployment naming its sources.
    await ownerDb().deployment.create({
      data: { id: newId(), orgId: acme.orgId, pipelineId: runnable, kind: 'CREATE', state: 'SUCCEEDED', operationId: newId(), stackName: 'tapestry-runnable', spec: { sources: [{ name: 'zoom' }, { name: 'stripe' }] }, infrastructure: {}, finishedAt: new Date() },
    });
  });

  it('refuse a viewer with FORBIDDEN and audit the refusal', async () => {
    const result = await actions.triggerRun(null, form(viewer, runnable));
    expect(result).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect(await ownerDb().pipelineRun.count({ where: { pipelineId: runnable } })).toBe(0);
    expect(await audits('run.trigger')).toEqual([expect.objectContaining({ outcome: 'DENIED', actorUserId: viewer.userId })]);
  });

  it('let an editor start a run, answer the same run while it is active, cancel it and retry it', async () => {
    revalidated.length = 0;
    const started = await actions.triggerRun(null, form(editor, runnable));
    expect(started).toMatchObject({ ok: true, message: 'Run #1 started.', data: { number: 1, created: true } });
    const runId = started.ok ? (started.data?.runId ?? '') : '';
    expect(await ownerDb().pipelineRun.findUniqueOrThrow({ where: { id: runId }, select: { state: true, sources: true, requestedById: true } })).toEqual({ state: 'QUEUED', sources: ['zoom', 'stripe'], requestedById: editor.userId });
    expect(revalidated).toEqual([`/${acme.slug}/runs`, `/${acme.slug}/pipelines`]);

    expect(await actions.triggerRun(null, form(editor, runnable))).toMatchObject({ ok: true, message: 'Run #1 is already running.', data: { runId, created: false } });
    expect(await actions.retryRun(null, form(editor, runId))).toMatchObject({ ok: false, code: 'CONFLICT' });

    expect(await actions.cancelRun(null, form(viewer, runId))).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect(await actions.cancelRun(null, form(editor, runId))).toMatchObject({ ok: true });
    expect((await ownerDb().pipelineRun.findUniqueOrThrow({ where: { id: runId } })).cancelRequestedAt).not.toBeNull();
    expect(await actions.cancelRun(null, form(editor, runId))).toMatchObject({ ok: false, code: 'CONFLICT' });

    // The worker ends it as cancelled; then it can be retried as a new run.
    await ownerDb().pipelineRun.update({ where: { id: runId }, data: { state: 'CANCELLED', finishedAt: new Date() } });
    const retried = await actions.retryRun(null, form(editor, runId));
    expect(retried).toMatchObject({ ok: true, message: 'Run #2 started.', data: { number: 2, created: true } });
    expect(await ownerDb().pipelineRun.findUniqueOrThrow({ where: { id: retried.ok ? (retried.data?.runId ?? '') : '' }, select: { trigger: true } })).toEqual({ trigger: 'RETRY' });

    expect((await audits('run.trigger')).map((a) => a.outcome)).toEqual(['DENIED', 'SUCCESS', 'SUCCESS']);
    expect((await audits('run.cancel')).map((a) => a.outcome)).toEqual(['DENIED', 'SUCCESS']);
    expect((await audits('run.retry')).map((a) => a.outcome)).toEqual(['SUCCESS']);
  });

  it('answer NOT_FOUND for another organization’s run or pipeline', async () => {
    const [theirs] = await ownerDb().pipelineRun.findMany({ where: { orgId: other.orgId }, take: 1 });
    expect(await actions.retryRun(null, form(editor, theirs?.id ?? ''))).toMatchObject({ ok: false, code: 'NOT_FOUND' });
    expect(await actions.triggerRun(null, form(other.owner, runnable))).toMatchObject({ ok: false, code: 'NOT_FOUND' });
  });
});
