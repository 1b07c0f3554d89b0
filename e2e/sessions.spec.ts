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
  const audited = seed('query', {
    sql: `SELECT count(*)::int AS n FROM audit_event a JOIN "user" u ON u.id = a.actor_user_id WHERE u.email = $1 AND a.action = 'auth.sign_out'`,
    params: [world.emails.editor],
  }) as Array<{ n: number }>;
  expect(audited[0]!.n).toBe(1);
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
