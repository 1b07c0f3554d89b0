// SEC-3 and SEC-2 as a person meets them: signing out kills every copy of the session cookie,
// a session past its 12-hour lifetime goes back to sign-in, and repeated wrong passwords are
// answered with a wait, in words, next to the form.
import { expect, test } from '@playwright/test';
import type { MatrixWorld } from './support/matrix-world';
import { PASSWORD } from './support/password';
import { seed } from './support/seed';
import { signInThroughPage } from './support/sign-in';

// lib/auth/session-policy.ts (Playwright's loader cannot import the app's ESM modules).
const ABSOLUTE_TIMEOUT_SECONDS = 12 * 60 * 60;

let world: MatrixWorld;
test.beforeAll(() => {
  world = seed('matrixWorld', undefined);
});

const pipelines = () => `/${world.orgSlug}/pipelines`;

test('signing out ends the session everywhere: a copied cookie is refused on its next request', async ({ page, context, request }) => {
  await signInThroughPage(page, world.emails.editor!, PASSWORD, new RegExp(`${pipelines()}$`));
  const copied = (await context.cookies()).map((c) => `${c.name}=${c.value}`).join('; ');
  expect((await request.get(pipelines(), { headers: { cookie: copied }, maxRedirects: 0 })).status()).toBe(200);

  await page.getByRole('button', { name: 'Account menu' }).click();
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/sign-in/);

  const replay = await request.get(pipelines(), { headers: { cookie: copied }, maxRedirects: 0 });
  expect(replay.status()).toBe(307);
  expect(replay.headers().location).toMatch(/^\/sign-in/);
  // Audited once, with where it came from (SEC-7).
  const audited = seed('query', {
    sql: `SELECT a.ip, a.user_agent FROM audit_event a JOIN "user" u ON u.id = a.actor_user_id WHERE u.email = $1 AND a.action = 'auth.sign_out'`,
    params: [world.emails.editor],
  }) as Array<{ ip: string | null; user_agent: string | null }>;
  expect(audited).toEqual([{ ip: expect.stringMatching(/^(?!unknown$)\S+$/), user_agent: await page.evaluate(() => navigator.userAgent) }]);
});

test('a session older than its absolute lifetime is sent to sign-in, however active it was', async ({ request }) => {
  const headers = (ageSeconds: number) => ({ cookie: seed('agedSession', { email: world.emails.viewer!, ageSeconds }) });
  const fresh = await request.get(pipelines(), { headers: headers(ABSOLUTE_TIMEOUT_SECONDS - 60), maxRedirects: 0 });
  expect(fresh.status()).toBe(200);
  const stale = await request.get(pipelines(), { headers: headers(ABSOLUTE_TIMEOUT_SECONDS + 1), maxRedirects: 0 });
  expect(stale.status()).toBe(307);
  expect(stale.headers().location).toMatch(/^\/sign-in/);
});

test('repeated wrong passwords are slowed, then refused with the time to wait, even with the right password', async ({ page }) => {
  test.slow(); // ten deliberately slowed attempts
  await page.goto('/sign-in');
  await page.getByLabel('Email').fill(world.emails.admin!);
  const message = page.locator('form').getByRole('alert');
  for (let attempt = 1; attempt <= 10; attempt++) {
    await page.getByLabel('Password').fill(`wrong password number ${attempt}`);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(message).toContainText(/email or password/i);
  }
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(message).toContainText(/Too many attempts\. Try again in \d+ minutes?\./);
  await expect(page).toHaveURL(/\/sign-in/);
});

test('the sign-in endpoint lets 10 of a burst of wrong passwords through and answers the rest 429 with Retry-After (SEC-2)', async ({ request }) => {
  const email = `burst-${Date.now()}@nobody.example`;
  const { csrfToken } = (await (await request.get('/api/auth/csrf')).json()) as { csrfToken: string };
  const attempt = (i: number) =>
    request.post('/api/auth/callback/credentials', {
      form: { email, password: `wrong password number ${i}`, csrfToken, json: 'true' },
      // A different address each time: the per-account limit alone must hold.
      headers: { origin: process.env.E2E_BASE_URL!, 'x-forwarded-for': `198.18.7.${i}` },
      maxRedirects: 0,
    });
  const responses = await Promise.all(Array.from({ length: 15 }, (_, i) => attempt(i + 1)));
  const statuses = responses.map((r) => r.status()).sort();
  expect(statuses).toEqual([...Array<number>(10).fill(401), ...Array<number>(5).fill(429)]);
  for (const refused of responses.filter((r) => r.status() === 429)) {
    expect(Number(refused.headers()['retry-after'])).toBeGreaterThan(0);
    expect(Number(refused.headers()['retry-after'])).toBeLessThanOrEqual(15 * 60);
  }
});
