// Bad input never produces a 500, a stack trace or a change: every action and route is sent
// wrong types, missing and unknown fields, huge strings, SQL and markup, malformed bodies and
// cross-site origins (SEC-5), as the organization's owner (the most powerful caller).
import { readFileSync } from 'node:fs';
import { expect, test, type APIResponse } from '@playwright/test';
import { builtActions, callAction, pagePath } from './support/server-actions';
import { routePath, ROUTES } from './support/authz-matrix';
import { seed } from './support/seed';
import type { MatrixWorld } from './support/matrix-world';
import { LEAK_PATTERNS } from './support/world';

const HOSTILE_VALUES = [
  '',
  'x'.repeat(100_000),
  "'; DROP TABLE membership; --",
  '<script>alert(1)</script><img src=x onerror=alert(1)>',
  '../../../../etc/passwd',
  '\u0000\u202e\ud800',
  '{"$gt":""}',
];
const FIELDS = ['org', 'id', 'role', 'email', 'name', 'password', 'token', 'scopes', 'expiresInDays', 'orgName', 'existingAccount'];

function expectNoLeak(body: string, context: string) {
  for (const pattern of LEAK_PATTERNS) expect(body, `${context} leaked ${pattern}`).not.toMatch(pattern);
}

async function expectHandled(response: APIResponse | { status: number; body: string }, context: string) {
  const status = 'status' in response && typeof response.status === 'number' ? response.status : (response as APIResponse).status();
  const body = 'body' in response && typeof response.body === 'string' ? response.body : await (response as APIResponse).text();
  expect(status, `${context}: ${body.slice(0, 300)}`).toBeLessThan(500);
  expectNoLeak(body, context);
}

// Its own organization: the authorization matrix promotes members of the shared one, and here an
// owner who is not the last one could really leave.
let world: MatrixWorld;
test.beforeAll(() => {
  world = seed('matrixWorld', undefined);
});

const counts = () =>
  seed('query', {
    sql: `SELECT (SELECT count(*) FROM membership)::int AS members, (SELECT count(*) FROM invitation)::int AS invites,
                 (SELECT count(*) FROM api_token)::int AS tokens, (SELECT count(*) FROM organization)::int AS orgs`,
  });

test('every action survives hostile values in every field, as the owner, and says which field is wrong', async ({ request }) => {
  for (const action of builtActions()) {
    const path = pagePath(action.workers[0]!, { org: world.orgSlug, token: 'not-a-token' });
    for (const value of HOSTILE_VALUES) {
      const fields = Object.fromEntries(FIELDS.map((f) => [f, f === 'org' ? world.orgSlug : value]));
      const response = await callAction(request, { id: action.id, path }, fields, { cookie: world.cookies.owner });
      await expectHandled(response, `${action.key} with ${JSON.stringify(value.slice(0, 20))}`);
      expect(response.outcome, `${action.key} accepted ${JSON.stringify(value.slice(0, 20))}`).not.toBe('ALLOW');
    }
    // Nothing at all, and unknown fields only.
    await expectHandled(await callAction(request, { id: action.id, path }, {}, { cookie: world.cookies.owner }), `${action.key} empty`);
    await expectHandled(
      await callAction(request, { id: action.id, path }, { org: world.orgSlug, isAdmin: 'true', __proto__x: '1' }, { cookie: world.cookies.owner }),
      `${action.key} unknown fields`,
    );
  }
});

test('validation messages name the field to fix', async ({ request }) => {
  const invite = builtActions().find((a) => a.key === 'lib/actions/invitations.ts#inviteMember')!;
  const path = pagePath(invite.workers[0]!, { org: world.orgSlug });
  const response = await callAction(request, { id: invite.id, path }, { org: world.orgSlug, email: 'not an email', role: 'KING' }, { cookie: world.cookies.owner });
  expect(response.outcome).toBe('VALIDATION');
  expect(response.body).toMatch(/"fieldErrors":\{[^}]*"email":\[/);
  expect(response.body).toMatch(/"role":\["Choose a role/);
});

test('malformed action requests are refused cleanly', async ({ request }) => {
  const action = builtActions()[0]!;
  const path = pagePath(action.workers[0]!, { org: world.orgSlug, token: 'x' });
  const base = { 'next-action': action.id, origin: process.env.E2E_BASE_URL!, cookie: world.cookies.owner! };
  const text = { ...base, 'content-type': 'text/plain;charset=UTF-8' };
  const attempts: Array<[string, number, Parameters<typeof request.post>[1]]> = [
    // 409 is Next.js's answer for an action id from another build: the page is stale and should reload.
    ['unknown action id', 409, { headers: { ...base, 'next-action': 'f'.repeat(42) }, data: '[]' }],
    ['bad JSON args', 400, { headers: text, data: '[{"broken' }],
    ['args not an array', 400, { headers: text, data: '{"a":1}' }],
    ['wrong content type', 400, { headers: { ...base, 'content-type': 'application/xml' }, data: '<a/>' }],
    ['multipart with a broken row', 400, { headers: base, multipart: { '0': '[{"broken', '1_email': 'a@b.c' } }],
    ['multipart without arguments', 400, { headers: base, multipart: { email: 'a@b.c' } }],
    ['3 MB body', 413, { headers: text, data: `["${'x'.repeat(3_000_000)}"]` }],
  ];
  for (const [label, status, options] of attempts) {
    const response = await request.post(path, { ...options, maxRedirects: 0 });
    await expectHandled(response, label);
    expect(response.status(), label).toBe(status);
  }
});

test('cross-site and origin-less state changes are refused, change nothing, and are logged and audited (SEC-5, SEC-7)', async ({ request }) => {
  const invite = builtActions().find((a) => a.key === 'lib/actions/invitations.ts#inviteMember')!;
  const path = pagePath(invite.workers[0]!, { org: world.orgSlug });
  const before = counts();
  const mark = (seed('query', { sql: 'SELECT coalesce(max(id), 0)::text AS id FROM audit_event' }) as Array<{ id: string }>)[0]!.id;
  const origins = ['https://evil.example', 'null', null];
  for (const origin of origins) {
    const response = await callAction(
      request,
      { id: invite.id, path },
      { org: world.orgSlug, email: `csrf-${String(origin)}@evil.example`, role: 'ADMIN' },
      { cookie: world.cookies.owner, origin },
    );
    expect(response.status, `origin ${origin}`).toBe(403);
    expectNoLeak(response.body, `origin ${origin}`);
  }
  // Route handlers too, with the session cookie: next-auth's sign-out and an API route.
  for (const route of ['/api/auth/signout', '/api/v1/me']) {
    for (const origin of origins) {
      const headers: Record<string, string> = { cookie: world.cookies.owner!, 'content-type': 'application/x-www-form-urlencoded' };
      if (origin !== null) headers.origin = origin;
      const response = await request.post(route, { headers, data: 'callbackUrl=%2F', maxRedirects: 0 });
      expect(response.status(), `${route} with origin ${origin}`).toBe(403);
      expectNoLeak(await response.text(), `${route} with origin ${origin}`);
    }
  }
  expect(counts()).toEqual(before);
  // Still signed in: the refused sign-outs did not end the owner's session.
  expect((await request.get(`/${world.orgSlug}/pipelines`, { headers: { cookie: world.cookies.owner! }, maxRedirects: 0 })).status()).toBe(200);

  // The refusals aimed at the organization's pages are in its audit log, as the owner's browser's.
  const audited = seed('query', {
    sql: `SELECT a.action, a.outcome::text AS outcome, a.target_id, u.email AS actor, a.metadata->>'origin' AS origin
            FROM audit_event a LEFT JOIN "user" u ON u.id = a.actor_user_id
           WHERE a.id > $1::bigint AND a.org_id = $2 ORDER BY a.id`,
    params: [mark, world.orgId],
  });
  expect(audited).toEqual(
    origins.map((origin) => ({ action: 'csrf.refused', outcome: 'DENIED', target_id: path, actor: world.emails.owner, origin })),
  );
  // And every refusal is in the server's log, without the session cookie.
  const log = readFileSync('test-results/e2e-server.log', 'utf8').split('\n').filter((l) => l.includes('"event":"csrf.refused"'));
  expect(log.filter((l) => l.includes('"path":"/api/v1/me"'))).toHaveLength(origins.length);
  expect(log.join('\n')).not.toContain(world.cookies.owner!.split('=')[1]!);
});

test('API routes answer garbage credentials and bodies with problem details, never a 500', async ({ request }) => {
  for (const [key, entry] of Object.entries(ROUTES)) {
    const method = key.split(' ')[0]!;
    const path = routePath(entry, world);
    for (const authorization of ['Bearer ', 'Bearer tap_' + 'A'.repeat(43), 'Bearer ' + 'x'.repeat(10_000), 'Basic Zm9vOmJhcg==', "Bearer ' OR 1=1 --"]) {
      const response = await request.fetch(path, { method, headers: { authorization, origin: process.env.E2E_BASE_URL! }, maxRedirects: 0 });
      await expectHandled(response, `${key} with ${authorization.slice(0, 20)}`);
      if (entry.auth === 'token') {
        expect(response.status()).toBe(401);
        expect(response.headers()['content-type']).toContain('application/problem+json');
      }
    }
    const junk = await request.fetch(path, {
      method: method === 'GET' ? 'POST' : method,
      headers: { 'content-type': 'application/json', origin: process.env.E2E_BASE_URL! },
      data: '{"not json',
      maxRedirects: 0,
    });
    await expectHandled(junk, `${key} with broken JSON`);
  }
});
