// SEC-4: every server action and API route, called over HTTP as each kind of caller, answers
// exactly as the permission table says. An action or route missing from the matrix fails here.
import { expect, test } from '@playwright/test';
import { ACTIONS, expectedForAction, expectedStatusForRoute, ROUTES } from './support/authz-matrix';
import { CALLERS, type Caller } from './support/callers';
import type { CellTargets, MatrixWorld } from './support/matrix-world';
import { builtActions, callAction, pagePath } from './support/server-actions';
import { routeInventory } from './support/route-inventory';
import { seed } from './support/seed';
import { sharedWorld } from './support/world';

let world: MatrixWorld;

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
    const targets = seed('matrixTargets', { orgId: world.orgId, callers: [...CALLERS] }) as Record<Caller, CellTargets>;
    const worker = action.workers[0]!;
    const results: Record<string, string> = {};
    const expected: Record<string, string> = {};
    for (const caller of CALLERS) {
      const t = targets[caller];
      const cookie = entry!.kind === 'org' && entry!.asLeaver && t.leaverCookie ? t.leaverCookie : world.cookies[caller];
      const path = pagePath(worker, { org: world.orgSlug, token: t.invitationToken });
      const response = await callAction(request, { id: action.id, path }, entry!.fields(t, world), { cookie });
      expect(response.status, `${caller}: ${response.body.slice(0, 300)}`).toBeLessThan(500);
      results[caller] = response.outcome;
      expected[caller] = expectedForAction(entry!, caller);
    }
    expect(results).toEqual(expected);
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
      const response = await request.fetch(entry.path, { method, headers, maxRedirects: 0 });
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
