// SEC-6 in what the app serves: every credential of two pipelines holds a canary value; every
// organization page (HTML and its RSC flight data), the wizard's every step, the YAML export and
// the session routes, fetched as each role, carry none of them — raw, base64, base64url or hex.
import { expect, test } from '@playwright/test';
import { CALLERS } from './support/callers';
import { orgPagePaths } from './support/route-inventory';
import { seed } from './support/seed';
import { sharedWorld } from './support/world';

const encodings = (value: string) => {
  const bytes = Buffer.from(value, 'utf8');
  return [value, bytes.toString('base64'), bytes.toString('base64url'), bytes.toString('hex'), bytes.toString('hex').toUpperCase()];
};

const WIZARD_STEPS = ['name', 'target', 'warehouse', 'sources', 'transformation', 'destinations', 'review'];

test('no page, flight payload or export of any role carries a credential value', async ({ request }) => {
  test.setTimeout(180_000);
  const world = sharedWorld();
  const { savedId, draftId, canaries } = seed('canaryPipelines', { orgId: world.orgId, ownerEmail: world.emails.owner! });
  expect(canaries.length).toBeGreaterThan(10);
  const needles = canaries.flatMap(encodings);

  const paths = new Set<string>();
  for (const id of [savedId, draftId]) {
    for (const path of orgPagePaths(world.orgSlug, { pipelineId: id })) paths.add(path);
    for (const step of WIZARD_STEPS) paths.add(`/${world.orgSlug}/pipelines/${id}/edit/${step}`);
    paths.add(`/${world.orgSlug}/pipelines/${id}/export`);
  }

  let fetched = 0;
  for (const caller of CALLERS) {
    const cookie = world.cookies[caller];
    if (!cookie || caller === 'otherOrgAdmin' || caller === 'removedMember') continue;
    for (const path of paths) {
      for (const rsc of [false, true]) {
        const headers: Record<string, string> = rsc ? { cookie, rsc: '1' } : { cookie };
        const response = await request.get(path, { headers, maxRedirects: 0 });
        const body = await response.text();
        expect(response.status(), `${caller} ${path}`).toBeLessThan(500);
        const found = needles.filter((n) => body.includes(n));
        expect(found, `${caller} ${path}${rsc ? ' (RSC)' : ''} carries a credential value`).toEqual([]);
        fetched++;
      }
    }
  }
  // Control: the pages were really served with content (the saved pipeline's credential names).
  const detail = await request.get(`/${world.orgSlug}/pipelines/${savedId}`, { headers: { cookie: world.cookies.viewer! } });
  expect(detail.status()).toBe(200);
  expect(await detail.text()).toContain('warehouse-password');
  expect(fetched).toBeGreaterThan(50);
});
