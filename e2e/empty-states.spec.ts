// UX-6: a new organization's pages each say what will appear there and offer a real next step
// that the person's role allows; section front pages answer with real redirects.
import { expect, test } from '@playwright/test';
import type { MatrixWorld } from './support/matrix-world';
import { seed } from './support/seed';

const SECTIONS = [
  // The first next step per role: editors and up start a pipeline (Kickstart first); elsewhere
  // the team comes first until there is something to run or watch.
  { path: '/pipelines', empty: 'No pipelines yet', owner: /pipelines\/new#kickstart$/ },
  { path: '/runs', empty: 'No runs yet', owner: /members#invite$/ },
  { path: '/monitor', empty: 'Nothing to monitor yet', owner: /members#invite$/ },
  { path: '/alerts', empty: 'No alert rules yet', owner: /members#invite$/ },
];

let world: MatrixWorld;
test.beforeAll(() => {
  world = seed('matrixWorld', { pipelines: false });
});

for (const caller of ['owner', 'viewer'] as const) {
  test(`every section of a new organization shows an empty state with a next step (${caller})`, async ({ page, context, baseURL }) => {
    const [name, value] = world.cookies[caller]!.split(/=(.*)/s) as [string, string];
    await context.addCookies([{ name, value, domain: new URL(baseURL!).hostname, path: '/' }]);
    for (const section of SECTIONS) {
      await page.goto(`/${world.orgSlug}${section.path}`);
      const empty = page.locator('section', { has: page.getByRole('heading', { name: section.empty }) });
      await expect(empty, section.path).toBeVisible();
      const next = empty.getByRole('link');
      expect(await next.count(), `${section.path} offers a next step`).toBeGreaterThan(0);
      // The first step is one this role may take, and it leads to a page that works.
      const href = await next.first().getAttribute('href');
      expect(href, section.path).toMatch(caller === 'owner' ? section.owner : /members$/);
      const target = await page.request.get(href!.replace(/#.*/, ''));
      expect(target.status(), href!).toBe(200);
    }
  });
}

test('section front pages are HTTP redirects', async ({ request }) => {
  const headers = { cookie: world.cookies.viewer! };
  const home = await request.get(`/${world.orgSlug}`, { headers, maxRedirects: 0 });
  expect(home.status()).toBe(307);
  expect(home.headers().location).toBe(`/${world.orgSlug}/pipelines`);
  const settings = await request.get(`/${world.orgSlug}/settings`, { headers, maxRedirects: 0 });
  expect(settings.status()).toBe(307);
  expect(settings.headers().location).toBe(`/${world.orgSlug}/settings/members`);
});
