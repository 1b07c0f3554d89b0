// The deploy page's live stream and the operate actions, against a real sandbox deploy: the
// worker's own tick (advanceDeployment) drives a Kickstart pipeline through the CloudFormation
// stand-in while the route handler streams it; the handler and the actions are called directly.
// Only the request's surroundings are replaced: the session lookup (cookies), the request headers
// a server action reads (its origin) and Next's cache invalidation, which needs a running Next.
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Actor } from '@/lib/authz/actor';
import { deploymentHistory, deploymentView, operateState } from '@/lib/dal/deployments';
import { pipelineDetail } from '@/lib/dal/pipelines/read';
import { AppError } from '@/lib/errors';
import type { ActionResult } from '@/lib/http/server-action';
import { deploymentEventsHandler } from '@/lib/http/deployment-events';
import { pausePipeline, resumePipeline } from '@/lib/services/pipelines/pause-resume';
import { anotherOrg, type TestOrg } from '../support/factories';
import { DeploymentLive } from '@/components/deployments/deployment-live';
import { OperatePanel } from '@/components/deployments/operate-panel';
import { DeploymentOutcome } from '@/components/deployments/outcome-block';
import { ReviewBlock } from '@/components/deployments/review-block';
import { ownerDb } from '../support/owner-db';
import { driveDeploymentWhile } from '../support/saga-driver';
import { startSandboxPipelines, type SandboxPipelines } from '../support/sandbox-pipeline';

/** Who the request's session cookie belongs to. */
let session: (org: string) => Actor = () => {
  throw new AppError('UNAUTHENTICATED');
};
vi.mock('@/lib/auth/current-actor', () => ({ currentActor: async (org: string) => session(org) }));
vi.mock('next/headers', () => ({ headers: async () => new Headers({ origin: 'http://localhost:3000', host: 'localhost:3000' }) }));
vi.mock('next/cache', () => ({ revalidatePath: () => undefined }));
// Client components rendered to HTML ask for the App Router, which only a running Next mounts.
vi.mock('next/navigation', async (original) => ({ ...(await original<object>()), useRouter: () => ({ push: () => undefined, refresh: () => undefined }) }));

const { GET } = await import('@/app/(app)/[org]/(sections)/pipelines/[id]/deployments/[deploymentId]/events/route');
const actions = await import('@/lib/actions/deployments');

let sandbox: SandboxPipelines;
let acme: TestOrg;
let other: TestOrg;
let admin: Actor;
let editor: Actor;
let viewer: Actor;

const signedInAs = (actor: Actor) => {
  session = (org) => {
    if (org !== actor.orgSlug) throw new AppError('NOT_FOUND');
    return actor;
  };
};

// ---- the stream, read as a browser's EventSource would ----

interface Frame {
  id?: string;
  event?: string;
  data?: unknown;
  comment?: string;
  retry?: string;
}

function parseFrame(block: string): Frame {
  const frame: Frame = {};
  for (const line of block.split('\n')) {
    if (line.startsWith(':')) frame.comment = line.slice(1).trim();
    else if (line.startsWith('id: ')) frame.id = line.slice(4);
    else if (line.startsWith('event: ')) frame.event = line.slice(7);
    else if (line.startsWith('data: ')) frame.data = JSON.parse(line.slice(6));
    else if (line.startsWith('retry: ')) frame.retry = line.slice(7);
  }
  return frame;
}

/** Reads frames until the server closes the stream, or `enough` says stop (then cancels it). */
async function readStream(res: Response, enough: (frames: Frame[]) => boolean = () => false): Promise<{ frames: Frame[]; closedByServer: boolean }> {
  const reader = (res.body as ReadableStream<Uint8Array>).getReader();
  const decoder = new TextDecoder();
  const frames: Frame[] = [];
  let buffer = '';
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return { frames, closedByServer: true };
    buffer += decoder.decode(value, { stream: true });
    let end: number;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      frames.push(parseFrame(buffer.slice(0, end)));
      buffer = buffer.slice(end + 2);
    }
    if (enough(frames)) {
      await reader.cancel();
      return { frames, closedByServer: false };
    }
  }
}

const eventsUrl = (org: string, pipelineId: string, deploymentId: string, query = '') =>
  `http://localhost:3000/${org}/pipelines/${pipelineId}/deployments/${deploymentId}/events${query}`;

function watch(org: string, pipelineId: string, deploymentId: string, init: { headers?: Record<string, string>; query?: string; signal?: AbortSignal } = {}, handler = GET) {
  const request = new Request(eventsUrl(org, pipelineId, deploymentId, init.query), { headers: { accept: 'text/event-stream', ...init.headers }, signal: init.signal });
  return handler(request, { params: Promise.resolve({ org, id: pipelineId, deploymentId }) });
}

/** The text a person reads (tags dropped, entities decoded enough for these checks). */
const textOf = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/&#x27;|&#39;/g, "'").replace(/&amp;/g, '&').replace(/\s+/g, ' ');

const stackIds = (frames: Frame[]) => frames.filter((f) => f.event === 'stack').map((f) => f.id);
const storedIds = async (deploymentId: string) =>
  (await ownerDb().stackEvent.findMany({ where: { deploymentId }, orderBy: { id: 'asc' }, select: { id: true } })).map((e) => e.id.toString());

const deploymentRow = (id: string) => ownerDb().deployment.findUniqueOrThrow({ where: { id } });
const readyPipeline = () => sandbox.readyPipeline();
const driveWhile = (id: string, states: string[], limitMs = 90_000) => driveDeploymentWhile(acme.orgId, id, states, limitMs);

/** A server action called as the form on the page would call it. */
function submit<T>(action: (prev: unknown, form: FormData) => Promise<ActionResult<T>>, actor: Actor, fields: Record<string, string>) {
  signedInAs(actor);
  const form = new FormData();
  form.set('org', actor.orgSlug);
  for (const [k, v] of Object.entries(fields)) form.set(k, v);
  return action(null, form);
}

const startedId = (result: ActionResult<{ deploymentId: string }>) => (result.ok ? (result.data?.deploymentId ?? '') : '');

const code = (promise: Promise<unknown>) => promise.then(() => 'OK', (e: unknown) => (e instanceof AppError ? e.code : String(e)));

beforeAll(async () => {
  sandbox = await startSandboxPipelines({ label: 'deploy-events', timeScale: 0.002 });
  ({ org: acme, admin, editor } = sandbox);
  other = await anotherOrg('Other');
  viewer = await acme.member('VIEWER');
}, 90_000);

afterAll(() => sandbox?.stop());

describe('a deployment watched live', () => {
  let pipelineId: string;
  let deploymentId: string;
  let all: string[];

  it('lets only an admin start a deploy through the action, answering the deployment to open', async () => {
    pipelineId = await readyPipeline();
    for (const actor of [viewer, editor]) {
      const refused = await submit(actions.requestDeploy, actor, { id: pipelineId });
      expect(refused, actor.role).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    }
    expect(await ownerDb().deployment.count({ where: { pipelineId } })).toBe(0);
    const started = await submit(actions.requestDeploy, admin, { id: pipelineId });
    expect(started.ok).toBe(true);
    deploymentId = startedId(started);
    expect((await deploymentRow(deploymentId)).pipelineId).toBe(pipelineId);
    expect((await driveWhile(deploymentId, ['PLANNING'])).state).toBe('AWAITING_CONFIRMATION');
    const review = await deploymentView(viewer, pipelineId, deploymentId);
    expect(review.changes?.summary).toEqual({ add: review.changes?.rows.length, modify: 0, replace: 0, remove: 0 });
    expect(review.changes?.rows.length).toBeGreaterThan(20);
    expect(JSON.parse(review.template ?? '{}')).toHaveProperty('Resources');
    expect(review.parameters.find((p) => p.noEcho)?.value ?? '****').toBe('****');
    expect(await submit(actions.confirmDeployment, editor, { id: deploymentId })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    // The review offers Confirm and Cancel only to those who may deploy.
    const reviewFor = (mayConfirm: boolean) => textOf(renderToStaticMarkup(createElement(ReviewBlock, { org: acme.slug, view: review, mayConfirm })));
    expect(reviewFor(true)).toMatch(/Confirm and deploy.*Cancel/);
    expect(reviewFor(true)).toContain(`Added ${review.changes?.summary.add}`);
    expect(reviewFor(false)).toContain('An admin must confirm this change set');
    expect(reviewFor(false)).not.toContain('Confirm and deploy');
    // The live view's first render: the progress, every step, and the (still empty) events.
    const live = textOf(
      renderToStaticMarkup(
        createElement(DeploymentLive, {
          eventsUrl: '/events',
          snapshot: { state: review.state, currentStep: null, steps: review.steps },
          events: [],
          expectedMs: review.expectedMs,
          etaBasis: 'typical',
          serverNow: Date.now(),
          live: true,
        }),
      ),
    );
    expect(live).toContain(`${review.progress.percent}%`);
    expect(live).toMatch(/Generate the CloudFormation template Done.*Create or update the stack Waiting/);
    expect(live).toContain('No stack events yet');
  }, 90_000);

  it('streams every stack event to a viewer in stored order while the worker deploys, marks the deployment watched, and ends', async () => {
    expect(await submit(actions.confirmDeployment, admin, { id: deploymentId })).toMatchObject({ ok: true, data: { deploymentId } });
    signedInAs(viewer);
    const res = await watch(acme.slug, pipelineId, deploymentId);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    expect(res.headers.get('cache-control')).toContain('no-transform');
    const streaming = readStream(res);
    // The stream's first read marks the deployment watched for a minute, before the worker acts.
    await vi.waitFor(async () => expect((await deploymentRow(deploymentId)).watchedUntil?.getTime()).toBeGreaterThan(Date.now() + 30_000), { timeout: 5_000 });
    const done = await driveWhile(deploymentId, ['RUNNING']);
    expect(done.state).toBe('SUCCEEDED');
    const { frames, closedByServer } = await streaming;
    all = await storedIds(deploymentId);
    expect(all.length).toBeGreaterThan(20);
    expect(stackIds(frames)).toEqual(all);
    expect(frames.at(-1)).toMatchObject({ event: 'end', data: { state: 'SUCCEEDED' } });
    expect(closedByServer).toBe(true);
    // Step states went out as they changed: the running stack step, then every step finished.
    const snapshots = frames.filter((f) => f.event === 'deployment').map((f) => f.data as { state: string; steps: { name: string; state: string }[] });
    expect(snapshots.some((s) => s.steps.find((x) => x.name === 'stack')?.state === 'RUNNING')).toBe(true);
    expect(snapshots.at(-1)?.steps.every((s) => s.state === 'SUCCEEDED' || s.state === 'SKIPPED')).toBe(true);
    // Each stack event's fields as the page lists them.
    expect(frames.find((f) => f.event === 'stack')?.data).toMatchObject({ id: all[0], logicalId: expect.any(String), resourceType: expect.any(String), status: expect.any(String) });
  }, 120_000);

  it('resumes after Last-Event-ID, or ?after=, with exactly the events that followed', async () => {
    signedInAs(viewer);
    const middle = Math.floor(all.length / 2);
    const resumed = await readStream(await watch(acme.slug, pipelineId, deploymentId, { headers: { 'last-event-id': all[middle] as string } }));
    expect(stackIds(resumed.frames)).toEqual(all.slice(middle + 1));
    expect(resumed.frames.at(-1)?.event).toBe('end');
    const byQuery = await readStream(await watch(acme.slug, pipelineId, deploymentId, { query: `?after=${all[middle + 3]}` }));
    expect(stackIds(byQuery.frames)).toEqual(all.slice(middle + 4));
    // The header wins over the query: it is what the browser sends after the stream it resumed.
    const both = await readStream(await watch(acme.slug, pipelineId, deploymentId, { headers: { 'last-event-id': all.at(-2) as string }, query: '?after=0' }));
    expect(stackIds(both.frames)).toEqual(all.slice(-1));
  });

  it('answers the polling fallback in JSON, page by page with its cursor', async () => {
    signedInAs(viewer);
    const read = async (after: string) => {
      const res = await watch(acme.slug, pipelineId, deploymentId, { headers: { accept: 'application/json' }, query: `?after=${after}` });
      expect(res.headers.get('content-type')).toContain('application/json');
      return (await res.json()) as { events: { id: string }[]; deployment: { state: string }; cursor: string };
    };
    const first = await read(all[4] as string);
    expect(first.events.map((e) => e.id)).toEqual(all.slice(5));
    expect(first.cursor).toBe(all.at(-1));
    expect(first.deployment.state).toBe('SUCCEEDED');
    const next = await read(first.cursor);
    expect(next).toMatchObject({ events: [], cursor: first.cursor });
  });

  it('answers 404 to another organization and for ids that do not belong together, 401 without a session, 400 for a bad cursor', async () => {
    const elsewhere = await readyPipeline();
    signedInAs(other.owner);
    expect((await watch(acme.slug, pipelineId, deploymentId)).status).toBe(404);
    expect((await watch(other.slug, pipelineId, deploymentId)).status).toBe(404);
    signedInAs(viewer);
    expect((await watch(acme.slug, elsewhere, deploymentId)).status).toBe(404);
    expect((await watch(acme.slug, pipelineId, 'no-such-deployment')).status).toBe(404);
    const json404 = await watch(acme.slug, pipelineId, 'nope', { headers: { accept: 'application/json' } });
    expect(await json404.json()).toMatchObject({ code: 'NOT_FOUND' });
    expect((await watch(acme.slug, pipelineId, deploymentId, { headers: { 'last-event-id': '12; drop' } })).status).toBe(400);
    session = () => {
      throw new AppError('UNAUTHENTICATED');
    };
    const unauthenticated = await watch(acme.slug, pipelineId, deploymentId);
    expect(unauthenticated.status).toBe(401);
    expect(await unauthenticated.text()).toBe('Sign in to watch this deployment.\n');
  });

  it('shows the finished deployment: steps, first run, full progress, and the history', async () => {
    const view = await deploymentView(viewer, pipelineId, deploymentId);
    expect(view).toMatchObject({ state: 'SUCCEEDED', terminal: true, kind: 'CREATE', error: null, progress: { percent: 100, remainingMs: 0 } });
    expect(view.firstRun?.runId).toEqual(expect.any(String));
    expect(view.confirmedBy?.email).toBe(admin.email);
    const history = await deploymentHistory(viewer, pipelineId);
    expect(history.items.map((d) => [d.id, d.state, d.requestedBy?.email])).toEqual([[deploymentId, 'SUCCEEDED', admin.email]]);
    expect(history.items[0]?.durationMs).toBeGreaterThan(0);
    expect(textOf(renderToStaticMarkup(createElement(DeploymentOutcome, { org: acme.slug, view, mayDeploy: false })))).toMatch(/Deployed.*Follow the first run/);
    expect(await code(deploymentView(other.owner, pipelineId, deploymentId))).toBe('NOT_FOUND');
    expect(await code(deploymentHistory(other.owner, pipelineId))).toBe('NOT_FOUND');
  });

  it('offers each member only the operate controls their role allows', async () => {
    const panelFor = async (actor: Actor) => {
      const detail = await pipelineDetail(actor, pipelineId);
      return textOf(renderToStaticMarkup(createElement(OperatePanel, { org: acme.slug, pipeline: detail, actor, operate: await operateState(actor, pipelineId) })));
    };
    const forAdmin = await panelFor(admin);
    for (const control of ['Redeploy', 'Pause schedules', 'Tear down…', 'Resize Airbyte', 'Deployment history']) expect(forAdmin).toContain(control);
    const forEditor = await panelFor(editor);
    expect(forEditor).toContain('Pause schedules');
    for (const control of ['Redeploy', 'Tear down', 'Resize Airbyte']) expect(forEditor).not.toContain(control);
    const forViewer = await panelFor(viewer);
    for (const control of ['Redeploy', 'Pause schedules', 'Tear down', 'Resize Airbyte']) expect(forViewer).not.toContain(control);
    expect(forViewer).toContain('Deployment history');
  });

  it('pauses and resumes the schedules: editors may, viewers may not, and each move happens once', async () => {
    expect(await code(pausePipeline(viewer, { pipelineId }))).toBe('FORBIDDEN');
    const racing = await Promise.all([code(pausePipeline(editor, { pipelineId })), code(pausePipeline(admin, { pipelineId }))]);
    expect(racing.sort()).toEqual(['CONFLICT', 'OK']);
    expect((await pipelineDetail(viewer, pipelineId)).status).toBe('PAUSED');
    expect(await submit(actions.pausePipeline, editor, { id: pipelineId })).toMatchObject({ ok: false, code: 'CONFLICT', message: 'This pipeline is already paused.' });
    expect(await submit(actions.resumePipeline, editor, { id: pipelineId })).toMatchObject({ ok: true });
    expect((await pipelineDetail(viewer, pipelineId)).status).toBe('ACTIVE');
    expect(await code(resumePipeline(editor, { pipelineId }))).toBe('CONFLICT');
    expect(await code(pausePipeline(other.owner, { pipelineId }))).toBe('NOT_FOUND');
    const audits = await ownerDb().auditEvent.findMany({ where: { targetId: pipelineId, action: { in: ['pipeline.pause', 'pipeline.resume'] } }, orderBy: { createdAt: 'asc' } });
    expect(audits.map((a) => [a.action, a.outcome])).toEqual([
      ['pipeline.pause', 'SUCCESS'],
      ['pipeline.resume', 'SUCCESS'],
    ]);
    const ready = await readyPipeline();
    expect(await submit(actions.pausePipeline, editor, { id: ready })).toMatchObject({ ok: false, code: 'CONFLICT', message: expect.stringMatching(/Only an active pipeline/) });
  });

  it('validates the resize and tear-down forms at their fields, and tears down with the name typed', async () => {
    expect(await submit(actions.resizeAirbyte, admin, { id: pipelineId, instanceType: 't2.nano' })).toMatchObject({ ok: false, code: 'VALIDATION', fieldErrors: { instanceType: [expect.any(String)] } });
    expect(await submit(actions.resizeAirbyte, editor, { id: pipelineId, instanceType: 'm6i.2xlarge' })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    const resize = await submit(actions.resizeAirbyte, admin, { id: pipelineId, instanceType: 'm6i.2xlarge' });
    expect(resize).toMatchObject({ ok: true, data: { deploymentId: expect.any(String) } });
    const resizeId = startedId(resize);
    expect((await operateState(viewer, pipelineId)).inProgress).toBe(true);
    expect(await submit(actions.cancelDeployment, admin, { id: resizeId })).toMatchObject({ ok: true, data: { deploymentId: resizeId } });

    const wrong = await submit(actions.tearDown, admin, { id: pipelineId, confirmName: 'not the name', dropWarehouseData: 'on' });
    expect(wrong).toMatchObject({ ok: false, code: 'VALIDATION', fieldErrors: { confirmName: [expect.stringContaining('to confirm')] } });
    const name = (await pipelineDetail(admin, pipelineId)).name;
    expect(await submit(actions.tearDown, editor, { id: pipelineId, confirmName: name })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    const teardown = await submit(actions.tearDown, admin, { id: pipelineId, confirmName: name });
    const teardownId = startedId(teardown);
    // An unticked checkbox posts nothing: the warehouse data stays.
    expect((await deploymentRow(teardownId)).options).toEqual({ dropWarehouseData: false });
    expect((await driveWhile(teardownId, ['RUNNING'])).state).toBe('SUCCEEDED');
    const view = await deploymentView(viewer, pipelineId, teardownId);
    expect(view.report?.removed).toEqual(expect.arrayContaining([expect.stringMatching(/^CloudFormation stack /), expect.stringMatching(/^Airbyte connection /)]));
    expect(view.report?.kept.length).toBeGreaterThan(0);
  }, 120_000);
});

describe('a stream that stays open', () => {
  it('sends heartbeat comments while nothing happens, stops when the browser leaves, and closes at its lifetime', async () => {
    const pipelineId = await readyPipeline();
    const deploymentId = startedId(await submit(actions.requestDeploy, admin, { id: pipelineId }));
    await driveWhile(deploymentId, ['PLANNING']);
    signedInAs(viewer);
    const quick = deploymentEventsHandler({ heartbeatMs: 50, pollMs: 20 });
    const leaving = new AbortController();
    const open = await readStream(await watch(acme.slug, pipelineId, deploymentId, { signal: leaving.signal }, quick), (frames) => {
      const heartbeats = frames.filter((f) => f.comment === 'heartbeat').length;
      if (heartbeats >= 2) leaving.abort();
      return heartbeats >= 2;
    });
    expect(open.frames[0]?.retry).toEqual(expect.stringMatching(/^\d+$/));
    expect(open.frames.find((f) => f.event === 'deployment')?.data).toMatchObject({ state: 'AWAITING_CONFIRMATION' });
    expect(open.frames.some((f) => f.event === 'end')).toBe(false);

    const short = deploymentEventsHandler({ heartbeatMs: 10_000, maxLifetimeMs: 300 });
    const recycled = await readStream(await watch(acme.slug, pipelineId, deploymentId, {}, short));
    expect(recycled.closedByServer).toBe(true);
    expect(recycled.frames.some((f) => f.event === 'end')).toBe(false);

    // Watching rewrites the mark only once it is 20 s old, however often pages read.
    const readJson = () => watch(acme.slug, pipelineId, deploymentId, { headers: { accept: 'application/json' } });
    await readJson();
    const marked = (await deploymentRow(deploymentId)).watchedUntil;
    await readJson();
    expect((await deploymentRow(deploymentId)).watchedUntil).toEqual(marked);
    await ownerDb().deployment.update({ where: { id: deploymentId }, data: { watchedUntil: new Date(Date.now() + 30_000) } });
    await readJson();
    expect((await deploymentRow(deploymentId)).watchedUntil?.getTime()).toBeGreaterThan(Date.now() + 50_000);

    // This organization's first deployment taught the ETA every step of a sandbox CREATE.
    const view = await deploymentView(viewer, pipelineId, deploymentId);
    expect(view.etaLearnedSteps).toBe(view.steps.length);
    expect(view.progress.percent).toBeGreaterThan(0);
    expect(view.progress.percent).toBeLessThan(100);
    expect(await submit(actions.cancelDeployment, admin, { id: deploymentId })).toMatchObject({ ok: true });
    expect((await deploymentRow(deploymentId)).state).toBe('CANCELLED');
  }, 60_000);
});
