// The runs API (POST /api/v1/pipelines/<id>/runs, /runs/<id>/cancel, /runs/<id>/retry) called as
// Next calls the route handlers, with real API tokens against real PostgreSQL: twenty concurrent
// triggers make one run and nineteen answers pointing at it (REL-5); an Idempotency-Key replays
// the first answer and acts once, refuses another body (422), makes a concurrent twin wait (409)
// and is purged after its day (REL-9); scopes, roles and organizations are enforced (SEC-4, SEC-8).
import { beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '@/lib/authz/actor';
import { apiRoute, json } from '@/lib/http/api-route';
import { withIdempotency } from '@/lib/http/idempotency';
import { purgeExpiredIdempotencyKeys } from '@/lib/http/idempotency-store';
import { newId } from '@/lib/ids';
import { createApiToken } from '@/lib/services/api-tokens';
import { createPipeline } from '@/lib/services/pipelines/create-pipeline';
import { POST as triggerRoute } from '@/app/api/v1/pipelines/[id]/runs/route';
import { POST as cancelRoute } from '@/app/api/v1/runs/[id]/cancel/route';
import { POST as retryRoute } from '@/app/api/v1/runs/[id]/retry/route';
import { anotherOrg, firstRunOrg, type TestOrg } from '../support/factories';
import { ownerDb } from '../support/owner-db';

type Route = (request: Request, ctx: { params: Promise<{ id: string }> }) => Promise<Response>;

interface Call {
  token: string;
  key?: string;
  body?: string;
}

let org: TestOrg;
let editor: Actor;
/** runs:trigger and org:read, an editor's. */
let token: string;

function request(path: string, { token: bearer, key, body }: Call): Request {
  const headers = new Headers({ authorization: `Bearer ${bearer}` });
  if (body !== undefined) headers.set('content-type', 'application/json');
  if (key !== undefined) headers.set('idempotency-key', key);
  return new Request(`http://localhost:3000${path}`, { method: 'POST', headers, body });
}

const call = (route: Route, path: string, id: string, options: Call) => route(request(path, options), { params: Promise.resolve({ id }) });
const trigger = (pipelineId: string, options: Call) => call(triggerRoute, `/api/v1/pipelines/${pipelineId}/runs`, pipelineId, options);
const cancel = (runId: string, options: Call) => call(cancelRoute, `/api/v1/runs/${runId}/cancel`, runId, options);
const retry = (runId: string, options: Call) => call(retryRoute, `/api/v1/runs/${runId}/retry`, runId, options);

interface RunBody {
  run: { id: string; number: number; pipelineId: string; state: string; trigger: string; createdAt: string; url: string };
  alreadyActive?: true;
}
interface ProblemBody {
  status: number;
  code: string;
  detail: string;
}

/** A pipeline as trigger-run.ts needs it: ACTIVE, with a SUCCEEDED deployment whose spec names its sources. */
async function deployedPipeline(actor: Actor, slug: string): Promise<string> {
  const { id } = await createPipeline(actor, { name: slug, slug });
  await ownerDb().pipeline.update({
    where: { id },
    data: {
      status: 'ACTIVE',
      target: 'SANDBOX',
      savedAt: new Date(),
      deployments: {
        create: {
          id: newId(),
          kind: 'CREATE',
          state: 'SUCCEEDED',
          operationId: newId(),
          stackName: `tapestry-${slug}`,
          spec: { sources: [{ name: 'stripe' }, { name: 'zendesk' }] },
          infrastructure: {},
          finishedAt: new Date(),
        },
      },
    },
  });
  return id;
}

const runsOf = (pipelineId: string) => ownerDb().pipelineRun.findMany({ where: { pipelineId }, orderBy: { number: 'asc' } });
const triggerAudits = (pipelineId: string) => ownerDb().auditEvent.count({ where: { action: 'run.trigger', targetId: pipelineId, outcome: 'SUCCESS' } });
const keyRows = (key: string) => ownerDb().idempotencyKey.findMany({ where: { key } });
const replayed = (res: Response) => res.headers.get('idempotent-replayed') === 'true';

beforeAll(async () => {
  org = await firstRunOrg();
  editor = await org.member('EDITOR');
  token = (await createApiToken(editor, { name: 'ci', scopes: ['runs:trigger', 'org:read'], expiresInDays: 1 })).token;
});

describe('POST /api/v1/pipelines/<id>/runs', () => {
  it('answers twenty concurrent triggers with one run: one 201 and nineteen 200s pointing at it (REL-5)', async () => {
    const pipelineId = await deployedPipeline(editor, 'twenty-presses');
    const answers = await Promise.all(Array.from({ length: 20 }, () => trigger(pipelineId, { token })));
    const bodies = (await Promise.all(answers.map((res) => res.json()))) as RunBody[];
    expect(answers.map((res) => res.status).sort()).toEqual([...Array<number>(19).fill(200), 201]);
    const runs = await runsOf(pipelineId);
    expect(runs).toHaveLength(1);
    const run = runs[0]!;
    expect(new Set(bodies.map((b) => b.run.id))).toEqual(new Set([run.id]));
    expect(bodies.filter((b) => b.alreadyActive === true)).toHaveLength(19);
    for (const res of answers) expect(res.headers.get('location')).toBe(`http://localhost:3000/api/v1/runs/${run.id}`);
    expect(bodies[0]!.run).toEqual({
      id: run.id,
      number: 1,
      pipelineId,
      state: 'QUEUED',
      trigger: 'API',
      createdAt: run.createdAt.toISOString(),
      url: `http://localhost:3000/${org.slug}/runs/${run.id}`,
    });
    expect(run).toMatchObject({ trigger: 'API', requestedById: editor.userId, sources: ['stripe', 'zendesk'] });
  });

  it('accepts no body, an empty one and {}, and refuses options it does not know (422) or a body that is not JSON (400)', async () => {
    const pipelineId = await deployedPipeline(editor, 'bodies');
    expect((await trigger(pipelineId, { token })).status).toBe(201);
    expect((await trigger(pipelineId, { token, body: '' })).status).toBe(200);
    expect((await trigger(pipelineId, { token, body: '{}' })).status).toBe(200);
    const unknown = await trigger(pipelineId, { token, body: '{"sources":["stripe"]}' });
    expect(unknown.status).toBe(422);
    expect(unknown.headers.get('content-type')).toBe('application/problem+json');
    expect((await trigger(pipelineId, { token, body: '{"sources":' })).status).toBe(400);
    expect(await runsOf(pipelineId)).toHaveLength(1);
  });

  it('refuses a token without runs:trigger and a token whose owner is now a viewer (403), and acts for neither', async () => {
    const pipelineId = await deployedPipeline(editor, 'refusals');
    const readOnly = await createApiToken(editor, { name: 'read only', scopes: ['org:read'], expiresInDays: 1 });
    const demoted = await org.member('EDITOR');
    const demotedToken = await createApiToken(demoted, { name: 'was an editor', scopes: ['runs:trigger'], expiresInDays: 1 });
    await ownerDb().membership.update({ where: { id: demoted.membershipId }, data: { role: 'VIEWER' } });
    const viewerToken = await createApiToken(await org.member('VIEWER'), { name: 'viewer', scopes: ['org:read'], expiresInDays: 1 });
    for (const bearer of [readOnly.token, demotedToken.token, viewerToken.token]) {
      const res = await trigger(pipelineId, { token: bearer, key: `refused-${bearer.slice(-6)}` });
      expect(res.status).toBe(403);
      expect(((await res.json()) as ProblemBody).code).toBe('FORBIDDEN');
    }
    expect(await runsOf(pipelineId)).toHaveLength(0);
    // Refused before the key was looked at: nothing is kept for it.
    expect(await ownerDb().idempotencyKey.count({ where: { path: `/api/v1/pipelines/${pipelineId}/runs` } })).toBe(0);
    expect((await trigger(pipelineId, { token: 'tap_not-a-token' })).status).toBe(401);
  });

  it("answers 404 for another organization's pipeline and an unknown id, and 409 with the reason for a paused or undeployed one", async () => {
    const other = await anotherOrg('Elsewhere');
    const theirs = await deployedPipeline(await other.member('EDITOR'), 'theirs');
    for (const id of [theirs, 'no-such-pipeline', 'not/an id']) {
      const res = await trigger(id, { token });
      expect(res.status, id).toBe(404);
      const body = await res.text();
      expect(body).not.toContain('theirs');
    }
    expect(await runsOf(theirs)).toHaveLength(0);

    const paused = await deployedPipeline(editor, 'paused');
    await ownerDb().pipeline.update({ where: { id: paused }, data: { status: 'PAUSED' } });
    const pausedAnswer = await trigger(paused, { token });
    expect(pausedAnswer.status).toBe(409);
    expect(((await pausedAnswer.json()) as ProblemBody).detail).toBe('This pipeline is paused: resume it to run it.');
    const draft = (await createPipeline(editor, { name: 'Draft only', slug: 'draft-only' })).id;
    const draftAnswer = await trigger(draft, { token });
    expect(draftAnswer.status).toBe(409);
    expect(((await draftAnswer.json()) as ProblemBody).detail).toMatch(/deploy it first/);
  });
});

describe('Idempotency-Key (REL-9)', () => {
  it('replays the first answer to the same key, with the replay header, and acts and audits once', async () => {
    const pipelineId = await deployedPipeline(editor, 'same-key');
    const key = crypto.randomUUID();
    const first = await trigger(pipelineId, { token, key, body: '{}' });
    expect(first.status).toBe(201);
    expect(replayed(first)).toBe(false);
    const firstBody = await first.text();
    // The same request again, its JSON spelled differently, and with the key quoted as the IETF draft sends it.
    const again = await trigger(pipelineId, { token, key: `"${key}"`, body: '{ }' });
    expect(again.status).toBe(201);
    expect(replayed(again)).toBe(true);
    expect(await again.text()).toBe(firstBody);
    expect(again.headers.get('content-type')).toBe('application/json');
    expect(again.headers.get('location')).toBe(first.headers.get('location'));
    expect(await runsOf(pipelineId)).toHaveLength(1);
    expect(await triggerAudits(pipelineId)).toBe(1);
    const [row] = await keyRows(key);
    expect(row).toMatchObject({ orgId: org.orgId, state: 'COMPLETED', method: 'POST', path: `/api/v1/pipelines/${pipelineId}/runs`, responseStatus: 201 });
    expect(row!.expiresAt.getTime() - row!.createdAt.getTime()).toBeGreaterThanOrEqual(24 * 60 * 60_000);
    // Without a key the same request is a new one: it joins the active run (200).
    expect((await trigger(pipelineId, { token })).status).toBe(200);
  });

  it('refuses the key with another body or on another path (422), and runs nothing for it', async () => {
    const pipelineId = await deployedPipeline(editor, 'other-body');
    const key = crypto.randomUUID();
    expect((await trigger(pipelineId, { token, key })).status).toBe(201);
    const [run] = await runsOf(pipelineId);
    const otherBody = await trigger(pipelineId, { token, key, body: '{"wait":true}' });
    expect(otherBody.status).toBe(422);
    expect(replayed(otherBody)).toBe(false);
    expect(((await otherBody.json()) as ProblemBody).detail).toMatch(/already used for a different request/);
    const otherPath = await cancel(run!.id, { token, key });
    expect(otherPath.status).toBe(422);
    expect((await runsOf(pipelineId)).map((r) => r.cancelRequestedAt)).toEqual([null]);
    expect(await triggerAudits(pipelineId)).toBe(1);
  });

  it('lets one of several concurrent twins act; the others wait (409 with Retry-After) or get its answer', async () => {
    const pipelineId = await deployedPipeline(editor, 'twins');
    const key = crypto.randomUUID();
    const answers = await Promise.all(Array.from({ length: 10 }, () => trigger(pipelineId, { token, key })));
    const fresh = answers.filter((res) => !replayed(res) && res.status !== 409);
    expect(fresh.map((res) => res.status)).toEqual([201]);
    for (const res of answers.filter((r) => r.status === 409)) {
      expect(res.headers.get('retry-after')).toBe('1');
      expect(((await res.json()) as ProblemBody).detail).toMatch(/still being processed/);
    }
    // No twin ran the handler: it would have answered 200 (alreadyActive), not replayed 201.
    for (const res of answers.filter(replayed)) expect(res.status).toBe(201);
    expect(await runsOf(pipelineId)).toHaveLength(1);
    expect(await triggerAudits(pipelineId)).toBe(1);
  });

  it('stores a refusal as the key’s answer: a paused pipeline’s 409 stays the answer after it resumes', async () => {
    const pipelineId = await deployedPipeline(editor, 'stored-refusal');
    await ownerDb().pipeline.update({ where: { id: pipelineId }, data: { status: 'PAUSED' } });
    const key = crypto.randomUUID();
    const first = await trigger(pipelineId, { token, key });
    expect(first.status).toBe(409);
    await ownerDb().pipeline.update({ where: { id: pipelineId }, data: { status: 'ACTIVE' } });
    const again = await trigger(pipelineId, { token, key });
    expect([again.status, replayed(again), again.headers.get('content-type')]).toEqual([409, true, 'application/problem+json']);
    expect(await again.text()).toBe(await first.text());
    expect(await runsOf(pipelineId)).toHaveLength(0);
    expect((await trigger(pipelineId, { token, key: crypto.randomUUID() })).status).toBe(201);
  });

  it('frees the key after a fault on our side (500), so the retry acts', async () => {
    let calls = 0;
    const flaky = apiRoute(
      'runs:trigger',
      withIdempotency(async () => {
        calls += 1;
        if (calls === 1) throw new Error('connection to database lost');
        return json({ calls }, { status: 201 });
      }),
    );
    const key = crypto.randomUUID();
    const send = () => flaky(request('/api/v1/flaky', { token, key }), {});
    const failed = await send();
    expect(failed.status).toBe(500);
    expect(await failed.text()).not.toContain('database lost');
    expect(await keyRows(key)).toEqual([]);
    const retried = await send();
    expect([retried.status, replayed(retried), await retried.json()]).toEqual([201, false, { calls: 2 }]);
    const replay = await send();
    expect([replay.status, replayed(replay), await replay.json()]).toEqual([201, true, { calls: 2 }]);
    expect(calls).toBe(2);
  });

  it('answers 409 while the first request holds its key, and lets a retry take over a key whose request died', async () => {
    let calls = 0;
    const counted = apiRoute(
      'runs:trigger',
      withIdempotency(async () => json({ calls: ++calls }, { status: 201 })),
    );
    const key = crypto.randomUUID();
    const send = () => counted(request('/api/v1/counted', { token, key }), {});
    expect((await send()).status).toBe(201);
    // As if that request were still being handled, then as if its process had died mid-way.
    const inProgress = (lockedUntil: Date) =>
      ownerDb().idempotencyKey.updateMany({
        where: { key },
        data: { state: 'IN_PROGRESS', lockedUntil, responseStatus: null, responseBody: null, responseContentType: null, completedAt: null },
      });
    await inProgress(new Date(Date.now() + 60_000));
    expect((await send()).status).toBe(409);
    await inProgress(new Date(Date.now() - 1_000));
    const retried = await send();
    expect([retried.status, replayed(retried), await retried.json()]).toEqual([201, false, { calls: 2 }]);
    expect((await keyRows(key)).map((r) => [r.state, r.responseStatus])).toEqual([['COMPLETED', 201]]);
  });

  it('refuses an empty, too long or non-printable key (400) before acting', async () => {
    const pipelineId = await deployedPipeline(editor, 'bad-keys');
    for (const key of ['', '""', 'k'.repeat(256), 'tab\there', 'naïve', 'bell\u0007']) {
      const res = await trigger(pipelineId, { token, key });
      expect(res.status, JSON.stringify(key)).toBe(400);
      expect(((await res.json()) as ProblemBody).detail).toMatch(/Idempotency-Key header must be 1 to 255 printable ASCII/);
    }
    expect(await runsOf(pipelineId)).toHaveLength(0);
    expect((await trigger(pipelineId, { token, key: 'k'.repeat(255) })).status).toBe(201);
  });

  it('keeps keys per token: another token’s same key is its own request', async () => {
    const pipelineId = await deployedPipeline(editor, 'per-token');
    const second = (await createApiToken(editor, { name: 'second', scopes: ['runs:trigger', 'org:read'], expiresInDays: 1 })).token;
    const key = crypto.randomUUID();
    expect((await trigger(pipelineId, { token, key })).status).toBe(201);
    const theirs = await trigger(pipelineId, { token: second, key });
    expect([theirs.status, replayed(theirs)]).toEqual([200, false]);
    const mine = await trigger(pipelineId, { token, key });
    expect([mine.status, replayed(mine)]).toEqual([201, true]);
  });

  it('purges expired keys: a token’s own on its next use, and all that are left by the worker’s sweep', async () => {
    const pipelineId = await deployedPipeline(editor, 'expiry');
    const [old, kept] = [crypto.randomUUID(), crypto.randomUUID()];
    expect((await trigger(pipelineId, { token, key: old })).status).toBe(201);
    expect((await trigger(pipelineId, { token, key: kept })).status).toBe(200);
    const dayAndMore = 25 * 60 * 60_000;
    const age = async (key: string) => {
      const [row] = await keyRows(key);
      await ownerDb().idempotencyKey.updateMany({
        where: { key },
        data: { createdAt: new Date(row!.createdAt.getTime() - dayAndMore), expiresAt: new Date(row!.expiresAt.getTime() - dayAndMore) },
      });
    };
    await age(old);
    // The same key after its day is a new request: it acts again (here: joins the active run).
    const reused = await trigger(pipelineId, { token, key: old });
    expect([reused.status, replayed(reused)]).toEqual([200, false]);

    await age(old);
    await age(kept);
    const fresh = crypto.randomUUID();
    expect((await trigger(pipelineId, { token, key: fresh })).status).toBe(200);
    // Its use purged this token's expired keys; the fresh one stays.
    expect((await ownerDb().idempotencyKey.findMany({ where: { key: { in: [old, kept, fresh] } } })).map((r) => r.key)).toEqual([fresh]);

    await age(fresh);
    expect(await purgeExpiredIdempotencyKeys(new Date())).toBe(1);
    expect(await keyRows(fresh)).toEqual([]);
    expect(await purgeExpiredIdempotencyKeys(new Date())).toBe(0);
  });
});

describe('POST /api/v1/runs/<id>/cancel and /retry', () => {
  it('cancels with 202, refuses a second cancel (409), retries with 201 and a new run, replays a retried retry', async () => {
    const pipelineId = await deployedPipeline(editor, 'cancel-retry');
    const started = (await (await trigger(pipelineId, { token })).json()) as RunBody;
    const cancelled = await cancel(started.run.id, { token, key: crypto.randomUUID() });
    expect(cancelled.status).toBe(202);
    expect(((await cancelled.json()) as RunBody).run.id).toBe(started.run.id);
    expect((await cancel(started.run.id, { token })).status).toBe(409);
    expect((await retry(started.run.id, { token })).status).toBe(409); // not finished yet: only the worker ends it

    await ownerDb().pipelineRun.update({ where: { id: started.run.id }, data: { state: 'CANCELLED', finishedAt: new Date() } });
    const key = crypto.randomUUID();
    const retried = await retry(started.run.id, { token, key });
    expect(retried.status).toBe(201);
    const body = (await retried.json()) as RunBody;
    expect(body.run).toMatchObject({ number: 2, pipelineId, state: 'QUEUED', trigger: 'RETRY' });
    expect(retried.headers.get('location')).toBe(`http://localhost:3000/api/v1/runs/${body.run.id}`);
    const again = await retry(started.run.id, { token, key });
    expect([again.status, replayed(again), ((await again.json()) as RunBody).run.id]).toEqual([201, true, body.run.id]);
    const joined = await retry(started.run.id, { token });
    expect([joined.status, ((await joined.json()) as RunBody).alreadyActive]).toEqual([200, true]);
    expect(await runsOf(pipelineId)).toHaveLength(2);
  });

  it("answers 404 for another organization's run and an unknown id, and 403 without runs:trigger", async () => {
    const other = await anotherOrg('Runs elsewhere');
    const otherEditor = await other.member('EDITOR');
    const otherToken = (await createApiToken(otherEditor, { name: 'theirs', scopes: ['runs:trigger'], expiresInDays: 1 })).token;
    const theirPipeline = await deployedPipeline(otherEditor, 'their-runs');
    const theirRun = ((await (await trigger(theirPipeline, { token: otherToken })).json()) as RunBody).run.id;
    for (const id of [theirRun, 'no-such-run']) {
      expect((await cancel(id, { token })).status, id).toBe(404);
      expect((await retry(id, { token })).status, id).toBe(404);
    }
    expect((await runsOf(theirPipeline)).map((r) => r.cancelRequestedAt)).toEqual([null]);
    const readOnly = (await createApiToken(editor, { name: 'reader', scopes: ['org:read'], expiresInDays: 1 })).token;
    expect((await cancel(theirRun, { token: readOnly })).status).toBe(403);
    expect((await retry(theirRun, { token: readOnly })).status).toBe(403);
  });
});
