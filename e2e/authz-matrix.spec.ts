// SEC-4: every server action and API route, called over HTTP as each kind of caller, answers
// exactly as the permission table says. An action or route missing from the matrix fails here.
import { expect, test } from '@playwright/test';
import { ACTIONS, expectedForAction, expectedStatusForRoute, routePath, ROUTES } from './support/authz-matrix';
import { CALLERS, type Caller } from './support/callers';
import type { CellTargets, MatrixWorld } from './support/matrix-world';
import { builtActions, callAction, pagePath } from './support/server-actions';
import { routeInventory } from './support/route-inventory';
import { seed } from './support/seed';
import { sharedWorld } from './support/world';

let world: MatrixWorld;

interface AuditRow {
  org_id: string | null;
  actor: string | null;
  action: string;
  target_type: string | null;
  target_id: string | null;
  ip: string | null;
  user_agent: string | null;
  outcome: string;
}

/** The newest audit row's id, as text (ids are bigints). */
const auditMark = () => (seed('query', { sql: 'SELECT coalesce(max(id), 0)::text AS id FROM audit_event' }) as Array<{ id: string }>)[0]!.id;

const successfulAuditRowsSince = (mark: string) =>
  seed('query', {
    sql: `SELECT a.org_id, u.email AS actor, a.action, a.target_type, a.target_id, a.ip, a.user_agent, a.outcome::text AS outcome
            FROM audit_event a LEFT JOIN "user" u ON u.id = a.actor_user_id
           WHERE a.id > $1::bigint AND a.outcome = 'SUCCESS' ORDER BY a.id`,
    params: [mark],
  }) as unknown as AuditRow[];

test.beforeAll(() => {
  world = sharedWorld();
});

test('the matrix lists exactly the actions and routes the app has', () => {
  const actions = builtActions().map((a) => a.key).sort();
  expect(actions, 'server actions without a matrix entry, or entries for actions that no longer exist').toEqual(Object.keys(ACTIONS).sort());
  expect(routeInventory().sort(), 'routes without a matrix entry, or stale entries').toEqual(Object.keys(ROUTES).sort());
});

for (const action of builtActions()) {
  test(`action ${action.key} answers each caller as the permission table says`, async ({ request }) => {
    const entry = ACTIONS[action.key];
    expect(entry, `${action.key} has no matrix entry`).toBeDefined();
    const targets = seed('matrixTargets', { orgId: world.orgId, callers: [...CALLERS], deployed: entry!.kind === 'org' && entry!.deployed === true }) as Record<Caller, CellTargets>;
    const mark = auditMark();
    const worker = action.workers[0]!;
    const results: Record<string, string> = {};
    const expected: Record<string, string> = {};
    const expectedAudit: Array<Record<keyof AuditRow, unknown>> = [];
    for (const caller of CALLERS) {
      const t = targets[caller];
      const asLeaver = entry!.kind === 'org' && entry!.asLeaver && t.leaverCookie;
      const cookie = asLeaver ? t.leaverCookie : world.cookies[caller];
      const path = pagePath(worker, { org: world.orgSlug, token: t.invitationToken });
      const userAgent = `authz-matrix ${caller}`;
      const response = await callAction(request, { id: action.id, path }, entry!.fields(t, world), { cookie, userAgent });
      expect(response.status, `${caller}: ${response.body.slice(0, 300)}`).toBeLessThan(500);
      results[caller] = response.outcome;
      expected[caller] = expectedForAction(entry!, caller);
      if (expected[caller] !== 'ALLOW') continue;
      expectedAudit.push({
        org_id: world.orgId,
        actor: entry!.kind === 'public' ? t.invitationEmail : asLeaver ? t.leaverEmail! : world.emails[caller]!,
        action: entry!.audit.action,
        target_type: entry!.audit.targetType,
        target_id: entry!.audit.targetId?.(t) ?? expect.stringMatching(/^\S+$/),
        ip: expect.stringMatching(/^(?!unknown$)\S+$/),
        user_agent: userAgent,
        outcome: 'SUCCESS',
      });
    }
    expect(results).toEqual(expected);
    // SEC-7: each allowed call wrote exactly one audit row, in this organization, naming who,
    // what, on what, from where and with which client.
    expect(successfulAuditRowsSince(mark)).toEqual(expectedAudit);
  });
}

test('refused calls change nothing and are audited; allowed ones take effect', async ({ request }) => {
  const targets = seed('matrixTargets', { orgId: world.orgId, callers: ['editor', 'admin'] }) as Record<Caller, CellTargets>;
  const change = builtActions().find((a) => a.key === 'lib/actions/members.ts#changeRole')!;
  const path = pagePath(change.workers[0]!, { org: world.orgSlug });
  const roleOf = (id: string) => (seed('query', { sql: 'SELECT role FROM membership WHERE id = $1', params: [id] }) as Array<{ role: string }>)[0]?.role;

  const refused = await callAction(request, { id: change.id, path }, { org: world.orgSlug, id: targets.editor.membershipId, role: 'ADMIN' }, { cookie: world.cookies.editor });
  expect(refused.outcome).toBe('FORBIDDEN');
  expect(roleOf(targets.editor.membershipId)).toBe('VIEWER');
  const denials = seed('query', {
    sql: `SELECT count(*)::int AS n FROM audit_event WHERE org_id = $1 AND action = 'member.change_role' AND outcome = 'DENIED'`,
    params: [world.orgId],
  }) as Array<{ n: number }>;
  expect(denials[0]!.n).toBeGreaterThan(0);

  const allowed = await callAction(request, { id: change.id, path }, { org: world.orgSlug, id: targets.admin.membershipId, role: 'EDITOR' }, { cookie: world.cookies.admin });
  expect(allowed.outcome).toBe('ALLOW');
  expect(roleOf(targets.admin.membershipId)).toBe('EDITOR');
});

for (const [key, entry] of Object.entries(ROUTES)) {
  test(`route ${key} answers each caller as the permission table says`, async ({ request }) => {
    const method = key.split(' ')[0]!;
    for (const caller of CALLERS) {
      const token = world.tokens[caller];
      const headers: Record<string, string> = { origin: process.env.E2E_BASE_URL! };
      if (entry.auth === 'token' && token) headers.authorization = `Bearer ${token}`;
      if (entry.auth !== 'token' && world.cookies[caller]) headers.cookie = world.cookies[caller]!;
      if (entry.body !== undefined) headers['content-type'] = 'application/json';
      const data = entry.body === undefined ? undefined : JSON.stringify(entry.body);
      const response = await request.fetch(routePath(entry, world), { method, headers, data, maxRedirects: 0 });
      const body = await response.text();
      if (entry.auth === 'next-auth') {
        expect(response.status(), `${caller}: ${body.slice(0, 200)}`).toBeLessThan(500);
        continue;
      }
      expect(response.status(), `${caller}: ${body.slice(0, 200)}`).toBe(expectedStatusForRoute(entry, caller));
      if (caller === 'otherOrgAdmin' && response.ok()) expect(body).not.toContain(world.orgSlug);
    }
  });
}
