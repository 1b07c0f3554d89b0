// Journey 3 in Chromium: an editor Kickstarts Rain Shield in the sandbox and saves it as it stands;
// another builds a pipeline by hand, has one invalid field flagged inline, corrects it, reloads
// mid-step without losing anything (UX-7) and saves; "Test connection" answers, fails at the field
// and cancels (UX-1); a viewer opens everything and can change nothing. Every click gets visible
// feedback within 100 ms and no interaction takes longer than that (PERF-3).
import { readFileSync } from 'node:fs';
import { type BrowserContext, expect, type Locator, type Page, test } from '@playwright/test';
import type { MatrixWorld } from './support/matrix-world';
import { seed } from './support/seed';

let world: MatrixWorld;

test.beforeAll(() => {
  world = seed('matrixWorld', { pipelines: false });
});

async function actAs(context: BrowserContext, baseURL: string, caller: 'editor' | 'viewer'): Promise<void> {
  const [name, value] = world.cookies[caller]!.split(/=(.*)/s) as [string, string];
  await context.addCookies([{ name, value, domain: new URL(baseURL).hostname, path: '/' }]);
}

/** Collects the duration of every interaction (click, key) the page handles, as INP does. */
async function watchInteractions(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const w = window as unknown as { __interactions: Array<{ ms: number; what: string }> };
    w.__interactions = [];
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) {
        // Only discrete interactions count, as for INP (not pointerover/out or mouse moves).
        if (!(entry as PerformanceEventTiming & { interactionId?: number }).interactionId) continue;
        const target = (entry as PerformanceEventTiming).target as HTMLElement | null;
        w.__interactions.push({ ms: entry.duration, what: `${entry.name} on ${target?.tagName ?? '?'} "${(target?.textContent ?? '').slice(0, 40)}" at ${location.pathname}` });
      }
    }).observe({ type: 'event', durationThreshold: 16, buffered: true } as PerformanceObserverInit);
  });
}

/** The slowest interaction so far, with what it was, for the failure message. */
const slowestInteraction = (page: Page) =>
  page.evaluate(() => {
    const all = (window as unknown as { __interactions: Array<{ ms: number; what: string }> }).__interactions;
    return all.reduce((worst, e) => (e.ms > worst.ms ? e : worst), { ms: 0, what: 'none' });
  });

async function expectSnappy(page: Page): Promise<void> {
  const worst = await slowestInteraction(page);
  expect(worst.ms, `PERF-3: slowest interaction was ${worst.what}`).toBeLessThanOrEqual(100);
}

/**
 * PERF-3: the button shows it is working (pending state, a working label, or the next view in its
 * place) within 100 ms of the press, measured in the page from pointerdown to that change.
 */
async function clickWithFeedback(button: Locator): Promise<void> {
  // Watched from the document: the button may be re-rendered between here and the press.
  await button.page().evaluate(() => {
    const w = window as unknown as { __feedbackMs?: number };
    w.__feedbackMs = undefined;
    let pressed: { el: Element; label: string | null; at: number } | undefined;
    const working = (el: Element, label: string | null) => el.getAttribute('aria-disabled') === 'true' || !el.isConnected || el.textContent !== label;
    const observer = new MutationObserver(() => {
      if (!pressed || !working(pressed.el, pressed.label)) return;
      w.__feedbackMs = performance.now() - pressed.at;
      observer.disconnect();
    });
    observer.observe(document.body, { attributes: true, childList: true, subtree: true, characterData: true });
    document.addEventListener(
      'pointerdown',
      (event) => {
        const el = (event.target as Element).closest('button') ?? (event.target as Element);
        pressed = { el, label: el.textContent, at: performance.now() };
      },
      { once: true, capture: true },
    );
  });
  await button.click();
  // An object, so a 0 ms answer is not mistaken for "not yet".
  const feedback = await button
    .page()
    .waitForFunction(() => {
      const ms = (window as unknown as { __feedbackMs?: number }).__feedbackMs;
      return ms === undefined ? false : { ms };
    }, undefined, { timeout: 5_000 })
    .catch((error: unknown) => {
      throw new Error(`no visible feedback after a press: ${String(error)}`);
    });
  expect(((await feedback.jsonValue()) as { ms: number }).ms, 'ms from the press to visible feedback').toBeLessThanOrEqual(100);
}

const stepLink = (page: Page, name: string) => page.getByRole('navigation', { name: 'Wizard steps' }).getByRole('link', { name: new RegExp(`^${name} \\(`) });

test('an editor Kickstarts Rain Shield in the sandbox and saves it as it stands', async ({ page, context, baseURL }) => {
  await watchInteractions(page);
  await actAs(context, baseURL!, 'editor');
  await page.goto(`/${world.orgSlug}/pipelines`);
  await page.getByRole('link', { name: /Kickstart/ }).first().click();
  await clickWithFeedback(page.getByRole('button', { name: 'Kickstart in the sandbox' }));
  await expect(page).toHaveURL(/\/edit\/review$/);
  // One click filled every step: all complete, every credential set.
  for (const step of ['Name', 'Deployment target', 'Warehouse', 'Sources', 'Transformation', 'Destinations']) {
    await expect(stepLink(page, step)).toHaveAccessibleName(`${step} (complete)`);
  }
  await expect(page.getByText('All set')).toBeVisible();
  for (const source of ['Zoom', 'Salesforce', 'Stripe', 'Zendesk Support']) await expect(page.getByRole('heading', { name: new RegExp(`^Source .* · ${source}$`) })).toBeVisible();
  await expect(page.getByText('Sandbox').first()).toBeVisible();
  await clickWithFeedback(page.getByRole('button', { name: 'Save pipeline' }));
  await expect(page.getByText('Ready to deploy').first()).toBeVisible();
  await expect(page).toHaveURL(/\/pipelines\/[\w-]+$/);
  await expect(page.getByText('rain-shield-warehouse-password').first()).toBeVisible();
  await expectSnappy(page);
});

test('an editor builds a pipeline by hand: one invalid field flagged and corrected, nothing lost on reload', async ({ page, context, baseURL }) => {
  test.setTimeout(120_000);
  await watchInteractions(page);
  await actAs(context, baseURL!, 'editor');
  await page.goto(`/${world.orgSlug}/pipelines/new`);
  await page.getByLabel('Name', { exact: true }).fill('Support users');
  await expect(page.getByLabel('Slug')).toHaveValue('support-users');
  await clickWithFeedback(page.getByRole('button', { name: 'Create and continue' }));
  await expect(page).toHaveURL(/\/edit\/target$/);

  await page.getByRole('radio', { name: /Local sandbox/ }).check();
  await clickWithFeedback(page.getByRole('button', { name: 'Next: Warehouse' }));
  await expect(page).toHaveURL(/\/edit\/warehouse$/);

  // The sandbox's PostgreSQL warehouse, with the port typed wrong first.
  const sandbox = JSON.parse(readFileSync(process.env.E2E_SANDBOX_FILE!, 'utf8')) as { warehouse: { url: string }; airbyte: { url: string } };
  const warehouse = new URL(sandbox.warehouse.url);
  await page.getByRole('radio', { name: 'Postgres' }).check();
  await page.getByLabel(/^Host\b/).fill(warehouse.hostname);
  const port = page.getByLabel(/^Port\b/);
  await port.fill('54x32');
  await port.blur();
  await expect(port).toHaveAttribute('aria-invalid', 'true', { timeout: 100 });
  await expect(page.getByText(/whole number/).first()).toBeVisible();
  await port.fill(warehouse.port);
  await port.blur();
  await expect(port).not.toHaveAttribute('aria-invalid', 'true');
  await page.getByLabel(/^DB Name\b/).fill(warehouse.pathname.slice(1));
  await page.getByLabel(/^User\b/).fill(decodeURIComponent(warehouse.username));

  // Saved within a second: a reload comes back to the same step with the same values.
  await expect(page.getByText('Saved ✓')).toBeVisible({ timeout: 2_000 });
  await page.reload();
  await expect(page).toHaveURL(/\/edit\/warehouse$/);
  await expect(page.getByLabel(/^Port\b/)).toHaveValue(warehouse.port);
  await expect(page.getByLabel(/^DB Name\b/)).toHaveValue(warehouse.pathname.slice(1));

  // A secret is sealed on Save and shown only as set from then on.
  const password = page.getByRole('textbox', { name: 'Password' });
  await password.fill(decodeURIComponent(warehouse.password));
  await password.press('Enter');
  await expect(page.getByRole('group', { name: 'Password' })).toContainText(/Set ✓\s*in support-users-warehouse-password/);
  await expect(page.getByRole('button', { name: 'Replace Password' })).toBeVisible();
  await expect(page.locator('body')).not.toContainText(decodeURIComponent(warehouse.password));

  await clickWithFeedback(page.getByRole('button', { name: 'Test connection' }));
  await expect(page.getByText('Connection works.')).toBeVisible({ timeout: 10_000 });

  await clickWithFeedback(page.getByRole('button', { name: 'Next: Sources' }));
  await page.getByRole('button', { name: 'Add source' }).click();
  await page.getByRole('button', { name: /Sample data \(Faker\)/ }).click();
  await clickWithFeedback(page.getByRole('button', { name: 'Next: Transformation' }));
  await page.getByRole('radio', { name: 'dbt Core on ECS' }).check();
  await clickWithFeedback(page.getByRole('button', { name: 'Next: Destinations' }));
  await clickWithFeedback(page.getByRole('button', { name: 'Next: Review' }));
  await expect(page).toHaveURL(/\/edit\/review$/);
  await clickWithFeedback(page.getByRole('button', { name: 'Save pipeline' }));
  await expect(page.getByText('Ready to deploy').first()).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Support users' })).toBeVisible();
  await expectSnappy(page);
});

test('Test connection names the failing field, and Cancel stops a slow check', async ({ page, context, baseURL, request }) => {
  await actAs(context, baseURL!, 'editor');
  await page.goto(`/${world.orgSlug}/pipelines/new#kickstart`);
  await page.getByRole('button', { name: 'Kickstart in the sandbox' }).click();
  await expect(page).toHaveURL(/\/edit\/review$/);
  await page.goto(page.url().replace(/review$/, 'sources'));
  const sandbox = JSON.parse(readFileSync(process.env.E2E_SANDBOX_FILE!, 'utf8')) as { airbyte: { url: string } };
  const checks = `${sandbox.airbyte.url}/__sandbox/airbyte/checks`;
  try {
    await request.put(checks, { data: { failure: 'auth', sourceType: 'zoom', times: 1 } });
    const test = page.getByRole('button', { name: 'Test connection' }).first();
    const started = Date.now();
    await clickWithFeedback(test);
    await expect(page.getByText(/^Test failed: Credentials refused/).first()).toBeVisible({ timeout: 10_000 });
    expect(Date.now() - started, 'UX-1: a result within 5 s').toBeLessThan(5_000);
    // The message sits at the field to fix: the client secret.
    await expect(page.getByRole('group', { name: /^Client secret/ }).first()).toContainText('refused the credentials');

    await request.put(checks, { data: { failure: 'timeout', sourceType: 'zoom', times: 1, delayMs: 60_000 } });
    await test.click();
    await page.getByRole('button', { name: 'Cancel' }).first().click();
    await expect(page.getByText(/cancel/i).first()).toBeVisible({ timeout: 2_000 });
  } finally {
    await request.delete(checks);
  }
});

test('a viewer opens a pipeline and every wizard step, and can change nothing', async ({ page, context, baseURL }) => {
  const { savedId } = seed('canaryPipelines', { orgId: world.orgId, ownerEmail: world.emails.owner! });
  await actAs(context, baseURL!, 'viewer');
  await page.goto(`/${world.orgSlug}/pipelines/${savedId}`);
  await expect(page.getByText('Ready to deploy').first()).toBeVisible();
  for (const name of ['Edit', 'Duplicate', 'Delete']) await expect(page.getByRole('button', { name })).toHaveCount(0);
  await expect(page.getByRole('link', { name: 'Edit' })).toHaveCount(0);
  for (const step of ['name', 'target', 'warehouse', 'sources', 'transformation', 'destinations', 'review']) {
    await page.goto(`/${world.orgSlug}/pipelines/${savedId}/edit/${step}`);
    await expect(page.getByText(/You can view this pipeline/)).toBeVisible();
    const editable = page.locator('main').locator('input:not([disabled]):not([readonly]):not([type=hidden]), textarea:not([disabled]):not([readonly]), select:not([disabled])');
    await expect(editable, `${step}: nothing editable for a viewer`).toHaveCount(0);
    await expect(page.getByRole('button', { name: /Save pipeline|Replace|Add source|Add destination|Test connection/ })).toHaveCount(0);
  }
});
