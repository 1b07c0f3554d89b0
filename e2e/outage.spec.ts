// UX-6: an unexpected fault (here the database losing a table under the running app) reaches a
// person as what happened, what to do and a reference to quote, never a stack trace, on a page,
// in a form and from the API; and the reference leads to the server's log entry.
// Runs last (its own project) because it breaks the shared installation for a moment.
import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import type { MatrixWorld } from './support/matrix-world';
import { seed } from './support/seed';
import { LEAK_PATTERNS } from './support/world';

let world: MatrixWorld;
test.beforeAll(() => {
  world = seed('matrixWorld', undefined);
});

test.afterAll(() => {
  seed('membershipTable', { offline: false });
});

const noLeaks = (text: string) => {
  for (const pattern of LEAK_PATTERNS) expect(text).not.toMatch(pattern);
};

test('a server fault shows what happened and a reference, on a page, in a form and from the API', async ({ page, context, request, baseURL }) => {
  const [name, value] = world.cookies.owner!.split(/=(.*)/s) as [string, string];
  await context.addCookies([{ name, value, domain: new URL(baseURL!).hostname, path: '/' }]);
  await page.goto(`/${world.orgSlug}/settings/members`);
  await expect(page.getByRole('button', { name: 'Send invitation' })).toBeVisible();

  seed('membershipTable', { offline: true });

  // A form: the action fails and says so next to the form, with a reference.
  await page.getByLabel('Email').fill('during-outage@example.com');
  await page.getByRole('button', { name: 'Send invitation' }).click();
  const formAlert = page.locator('form').getByRole('alert');
  await expect(formAlert).toContainText('Something went wrong on our side');
  await expect(formAlert).toContainText(/Reference/i);
  noLeaks(await formAlert.innerText());

  // A page: the error boundary's panel.
  await page.goto(`/${world.orgSlug}/pipelines`);
  await expect(page.getByRole('heading', { name: 'Something went wrong on our side' })).toBeVisible();
  await expect(page.getByText('What you can do')).toBeVisible();
  await expect(page.getByText('Reference', { exact: true })).toBeVisible();
  noLeaks(await page.content());

  // The API: problem details with a correlation id that the server's log also carries.
  const response = await request.get('/api/v1/me', { headers: { authorization: `Bearer ${world.tokens.owner}` } });
  expect(response.status()).toBe(500);
  const problem = (await response.json()) as { code: string; correlationId?: string; title: string };
  expect(problem).toMatchObject({ code: 'INTERNAL', title: 'Something went wrong on our side' });
  expect(problem.correlationId).toMatch(/\S{6,}/);
  noLeaks(JSON.stringify(problem));
  await expect.poll(() => readFileSync('test-results/e2e-server.log', 'utf8')).toContain(problem.correlationId!);

  // Mended, the same page works again without a restart.
  seed('membershipTable', { offline: false });
  await page.goto(`/${world.orgSlug}/pipelines`);
  await expect(page.getByRole('heading', { name: 'Pipelines', exact: true })).toBeVisible();
});
