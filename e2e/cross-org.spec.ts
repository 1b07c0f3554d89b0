// SEC-8 over HTTP: org A's owner aims every server action, page and API route at org B (its slug,
// or B's member, invitation and token ids under A's own slug). Each answers "not found", B's rows
// stay as they were, and no response carries the canary string in B's names and addresses.
import { type APIRequestContext, expect, test } from '@playwright/test';
import { ACTIONS, routePath, ROUTES } from './support/authz-matrix';
import type { CrossOrgWorld } from './support/cross-org-world';
import { type BuiltAction, builtActions, callAction, pagePath } from './support/server-actions';
import { orgPagePaths, routeInventory } from './support/route-inventory';
import { seed } from './support/seed';

let world: CrossOrgWorld;

test.beforeAll(() => {
  world = seed('crossOrgWorld', undefined);
});

/** Everything of org B an action could change, as one comparable value. */
const orgBState = () =>
  seed('query', {
    sql: `SELECT (SELECT json_agg(json_build_object('id', id, 'user', user_id, 'role', role, 'updated', updated_at) ORDER BY id) FROM membership WHERE org_id = $1) AS members,
                 (SELECT json_agg(json_build_object('id', id, 'email', email, 'accepted', accepted_at, 'revoked', revoked_at) ORDER BY id) FROM invitation WHERE org_id = $1) AS invitations,
                 (SELECT json_agg(json_build_object('id', id, 'name', name, 'revoked', revoked_at) ORDER BY id) FROM api_token WHERE org_id = $1) AS tokens,
                 (SELECT count(*)::int FROM audit_event WHERE org_id = $1) AS audit_rows,
                 (SELECT json_agg(json_build_object('id', id, 'slug', slug, 'version', version, 'status', status, 'updated', updated_at) ORDER BY id) FROM pipeline WHERE org_id = $1) AS pipelines,
                 (SELECT json_agg(json_build_object('id', id, 'state', state, 'updated', updated_at) ORDER BY id) FROM deployment WHERE org_id = $1) AS deployments,
                 (SELECT json_agg(json_build_object('id', id, 'state', state, 'cancel', cancel_requested_at) ORDER BY id) FROM pipeline_run WHERE org_id = $1) AS runs,
                 (SELECT json_agg(json_build_object('name', name, 'version', version) ORDER BY name) FROM credential WHERE org_id = $1) AS credentials,
                 (SELECT json_build_object('name', name, 'slug', slug, 'updated', updated_at) FROM organization WHERE id = $1) AS org`,
    params: [world.b.orgId],
  });

const expectNoCanary = (body: string, what: string) =>
  expect(body.toLowerCase().includes(world.canary.toLowerCase()), `${what} leaks org B: ${body.slice(0, 300)}`).toBe(false);

const orgActions = () => builtActions().filter((a) => ACTIONS[a.key]?.kind === 'org');

/** Calls each action as A's owner on `slug`'s page with B's targets; returns its outcome per action. */
async function aimAt(request: APIRequestContext, actions: BuiltAction[], slug: string): Promise<Record<string, string>> {
  const outcomes: Record<string, string> = {};
  for (const action of actions) {
    const path = pagePath(action.workers[0]!, { org: slug });
    const fields = ACTIONS[action.key]!.fields(world.b.targets, { orgSlug: slug });
    const response = await callAction(request, { id: action.id, path }, fields, { cookie: world.a.ownerCookie });
    expect(response.status, `${action.key}: ${response.body.slice(0, 300)}`).toBeLessThan(500);
    expectNoCanary(response.body, action.key);
    outcomes[action.key] = response.outcome;
  }
  return outcomes;
}

const allNotFound = (actions: BuiltAction[]) => Object.fromEntries(actions.map((a) => [a.key, 'NOT_FOUND']));

test('every organization action aimed at org B answers not found and changes nothing there', async ({ request }) => {
  const actions = orgActions();
  expect(actions.length, 'the build lists the organization actions').toBeGreaterThanOrEqual(7);
  const before = orgBState();
  expect(await aimAt(request, actions, world.b.slug)).toEqual(allNotFound(actions));
  expect(orgBState()).toEqual(before);
});

test("every action given org B's object ids under org A's own slug answers not found and changes nothing in B", async ({ request }) => {
  // Actions that name an object by id; the others act on the caller's organization as a whole.
  const byId = orgActions().filter((a) => 'id' in ACTIONS[a.key]!.fields(world.b.targets, { orgSlug: world.a.slug }));
  expect(byId.map((a) => a.key).sort()).toEqual([
    'lib/actions/deployments.ts#cancelDeployment',
    'lib/actions/deployments.ts#confirmDeployment',
    'lib/actions/deployments.ts#pausePipeline',
    'lib/actions/deployments.ts#requestDeploy',
    'lib/actions/deployments.ts#resizeAirbyte',
    'lib/actions/deployments.ts#resumePipeline',
    'lib/actions/deployments.ts#retryDeployment',
    'lib/actions/deployments.ts#tearDown',
    'lib/actions/invitations.ts#revokeInvitation',
    'lib/actions/members.ts#changeRole',
    'lib/actions/members.ts#removeMember',
    'lib/actions/pipeline-draft.ts#saveDraft',
    'lib/actions/pipeline-draft.ts#saveDraftSecret',
    'lib/actions/pipelines.ts#deletePipeline',
    'lib/actions/pipelines.ts#duplicatePipeline',
    'lib/actions/pipelines.ts#savePipeline',
    'lib/actions/runs.ts#cancelRun',
    'lib/actions/runs.ts#retryRun',
    'lib/actions/runs.ts#triggerRun',
    'lib/actions/tokens.ts#revokeToken',
  ]);
  const before = orgBState();
  expect(await aimAt(request, byId, world.a.slug)).toEqual(allNotFound(byId));
  expect(orgBState()).toEqual(before);
});

test("every page of org B is a 404 to org A's owner, and A's own pages show nothing of B", async ({ request }) => {
  const headers = { cookie: world.a.ownerCookie };
  // B's pages under B's slug, and B's pipeline under A's own slug.
  const bIds = { pipelineId: world.b.targets.pipelineId, runId: world.b.targets.deployed!.queuedRunId, deploymentId: world.b.targets.deployed!.failedDeploymentId };
  const bPages = orgPagePaths(world.b.slug, bIds);
  const bPipelineUnderA = orgPagePaths(world.a.slug, bIds).filter((p) => Object.values(bIds).some((id) => p.includes(id)));
  expect(bPipelineUnderA.length, 'the app has pipeline, run and deployment pages').toBeGreaterThanOrEqual(4);
  for (const path of [...bPages, ...bPipelineUnderA]) {
    const response = await request.get(path, { headers, maxRedirects: 0 });
    const body = await response.text();
    // Pipeline, deployment and run pages stream under the section's loading state, so their
    // not-found view may come inside a 200 (Next sends the status before the page's data is read);
    // either way it is the not-found view, with nothing of B in it.
    if (response.status() !== 404) expect(path, `${path}: ${body.slice(0, 200)}`).toMatch(/\/(pipelines|runs)\//);
    if (response.status() !== 404) expect(body, path).toMatch(/(Pipeline|Deployment|Run) not found/);
    expectNoCanary(body, path);
  }
  for (const path of orgPagePaths(world.a.slug, world.a.pages)) {
    const response = await request.get(path, { headers }); // the organization's home redirects to a section
    const body = await response.text();
    expect(response.status(), `${path}: ${body.slice(0, 200)}`).toBe(200);
    expectNoCanary(body, path);
  }
  // Control: B's own owner does see the canary, so its absence above means something.
  const own = await request.get(`/${world.b.slug}/settings/members`, { headers: { cookie: world.b.ownerCookie } });
  expect(own.status()).toBe(200);
  expect((await own.text()).toLowerCase()).toContain(world.canary.toLowerCase());
});

test("no API route answers org A's owner with anything of org B", async ({ request }) => {
  expect(routeInventory().sort()).toEqual(Object.keys(ROUTES).sort());
  for (const [key, entry] of Object.entries(ROUTES)) {
    const method = key.split(' ')[0]!;
    const headers: Record<string, string> = { origin: process.env.E2E_BASE_URL!, cookie: world.a.ownerCookie };
    if (entry.auth === 'token') headers.authorization = `Bearer ${world.a.ownerToken}`;
    if (entry.body !== undefined) headers['content-type'] = 'application/json';
    // Session routes are aimed at B's pipeline under A's own slug.
    const b = world.b.targets.deployed!;
    const path = routePath(entry, {
      orgSlug: world.a.slug,
      pipelines: {
        completeId: world.b.targets.completePipelineId,
        sandboxDraftId: world.b.targets.pipelineId,
        activeId: b.activePipelineId,
        queuedRunId: b.queuedRunId,
        failedRunId: b.failedRunId,
        failedDeploymentId: b.failedDeploymentId,
        failedDeploymentPipelineId: b.retryPipelineId,
      },
    });
    const response = await request.fetch(path, { method, headers, data: entry.body === undefined ? undefined : JSON.stringify(entry.body), maxRedirects: 0 });
    const body = await response.text();
    expect(response.status(), `${key}: ${body.slice(0, 200)}`).toBeLessThan(500);
    if (entry.auth === 'session') expect(response.status(), `${key} on B's pipeline`).toBe(404);
    expectNoCanary(body, key);
    if (entry.auth === 'token' && entry.namesObject) expect(response.status(), `${key} on B's objects`).toBe(404);
    else if (entry.auth === 'token') expect(JSON.parse(body), key).toMatchObject({ organization: expect.objectContaining({ slug: world.a.slug }) });
  }
});
