// Journeys 4 and 5 in Chromium, against the sandbox `npm start` brings up (the real Grouparoo
// included): an admin Kickstarts Rain Shield, deploys it watching the change set and then the stack
// events arrive live (two tabs show the same list; a reload mid-deploy loses nothing; the page is
// never silent for more than 10 s, UX-2), follows the first run until unified users sit in the
// warehouse and in every Grouparoo destination table, resizes the Airbyte instance, and tears it
// all down by typing the pipeline's name.
import { readFileSync } from 'node:fs';
import { type BrowserContext, expect, type Page, test } from '@playwright/test';
import pg from 'pg';
import type { MatrixWorld } from './support/matrix-world';
import { seed } from './support/seed';

let world: MatrixWorld;

test.beforeAll(() => {
  world = seed('matrixWorld', { pipelines: false });
});

async function actAs(context: BrowserContext, baseURL: string): Promise<void> {
  const [name, value] = world.cookies.admin!.split(/=(.*)/s) as [string, string];
  await context.addCookies([{ name, value, domain: new URL(baseURL).hostname, path: '/' }]);
}

const sandbox = () => JSON.parse(readFileSync(process.env.E2E_SANDBOX_FILE!, 'utf8')) as { grouparoo?: { url: string }; warehouse: { url: string } };

async function warehouse<T>(sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: sandbox().warehouse.url });
  await client.connect();
  try {
    return (await client.query(sql)).rows as T[];
  } finally {
    await client.end();
  }
}

const count = async (sql: string) => Number((await warehouse<{ n: string }>(sql))[0]?.n ?? -1);

/** The stack events the page lists, as "logical id status" lines, newest first. */
const eventLines = (page: Page) => page.getByRole('table', { name: /Stack events/ }).locator('tbody tr').allInnerTexts();

/**
 * Records, in the page, the longest stretch without a DOM change (UX-2: never more than 10 s of
 * silence while a deployment runs). The step list's elapsed clock and the "last update" line count.
 */
async function watchSilence(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as { __lastChange: number; __longestSilence: number };
    w.__lastChange = performance.now();
    w.__longestSilence = 0;
    new MutationObserver(() => {
      const now = performance.now();
      w.__longestSilence = Math.max(w.__longestSilence, now - w.__lastChange);
      w.__lastChange = now;
    }).observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
  });
}

const longestSilence = (page: Page) => page.evaluate(() => (window as unknown as { __longestSilence: number }).__longestSilence);

async function confirmAndWatch(page: Page, outcome: RegExp): Promise<void> {
  await expect(page.getByRole('button', { name: 'Confirm and deploy' })).toBeVisible({ timeout: 60_000 });
  await watchSilence(page);
  await page.getByRole('button', { name: 'Confirm and deploy' }).click();
  await expect(page.getByRole('heading', { name: outcome })).toBeVisible({ timeout: 180_000 });
  expect(await longestSilence(page), 'ms without any update on the deploy page').toBeLessThanOrEqual(10_000);
}

test('an admin deploys Rain Shield to the sandbox, watches it, runs it, resizes it and tears it down', async ({ page, context, baseURL }) => {
  test.setTimeout(12 * 60_000);
  await actAs(context, baseURL!);
  // Kickstart and save, as journey 3 does.
  await page.goto(`/${world.orgSlug}/pipelines/new#kickstart`);
  await page.getByRole('button', { name: 'Kickstart in the sandbox' }).click();
  await expect(page).toHaveURL(/\/edit\/review$/);
  await page.getByRole('button', { name: 'Save pipeline' }).click();
  await expect(page).toHaveURL(/\/pipelines\/[\w-]+$/);
  const pipelineUrl = page.url();
  const pipelineId = pipelineUrl.split('/').at(-1)!;
  const name = (await page.getByRole('heading', { level: 1 }).innerText()).trim();

  // The sandbox's Grouparoo boots beside the app; the deploy configures it only once it is up.
  await expect.poll(() => Boolean(sandbox().grouparoo), { timeout: 5 * 60_000, intervals: [2_000] }).toBe(true);

  // Deploy: the change set is shown before anything happens.
  await page.getByRole('button', { name: 'Deploy', exact: true }).click();
  await expect(page).toHaveURL(/\/deployments\/[\w-]+$/, { timeout: 30_000 });
  const deploymentUrl = page.url();
  await expect(page.getByRole('button', { name: 'Confirm and deploy' })).toBeVisible({ timeout: 60_000 });
  // The review: what the change set adds (a first deploy adds everything), the parameters and the template.
  const changes = page.getByRole('table', { name: /Resource changes \(\d+\)/ });
  await expect(changes.getByRole('row', { name: /^Add Vpc AWS::EC2::VPC/ })).toBeVisible();
  expect(await changes.locator('tbody tr').count()).toBeGreaterThan(20);
  await expect(page.getByRole('table', { name: 'Template parameters' }).getByRole('row', { name: /^AirbyteInstanceType t3\.xlarge/ })).toBeVisible();
  await page.getByText(/^CloudFormation template \(\d+ KiB\)$/).click();
  await expect(page.getByLabel('CloudFormation template')).toContainText('AWS::EC2::Instance');

  // A second tab on the same deployment, and the events as they arrive.
  const second = await context.newPage();
  await second.goto(deploymentUrl);
  await watchSilence(page);
  await page.getByRole('button', { name: 'Confirm and deploy' }).click();
  await expect.poll(async () => (await eventLines(page)).length, { timeout: 60_000 }).toBeGreaterThan(5);
  // A reload mid-deploy shows the same deployment, still live.
  await second.reload();
  await expect(page.getByRole('heading', { name: 'Deployed' })).toBeVisible({ timeout: 180_000 });
  expect(await longestSilence(page), 'ms without any update on the deploy page').toBeLessThanOrEqual(10_000);
  await expect(second.getByRole('heading', { name: 'Deployed' })).toBeVisible({ timeout: 30_000 });
  const shown = await eventLines(page);
  expect(await eventLines(second)).toEqual(shown);
  const stored = seed('query', { sql: 'SELECT count(*)::int AS n FROM stack_event WHERE deployment_id = $1', params: [deploymentUrl.split('/').at(-1)] }) as Array<{ n: number }>;
  expect(shown.length).toBe(stored[0]!.n);
  expect(shown[0]).toMatch(/CREATE_COMPLETE/);
  await second.close();

  // The first run: real rows in the warehouse and in every Grouparoo destination table.
  await page.getByRole('link', { name: /Follow the first run/ }).click();
  await expect(page).toHaveURL(/\/runs\/[\w-]+$/);
  // The run's own badge sits under the page's heading (stage cards have theirs further down).
  const runHeader = page.getByRole('heading', { level: 1 }).locator('xpath=following-sibling::p[1]');
  await expect(runHeader.getByText('Succeeded')).toBeVisible({ timeout: 5 * 60_000 });
  const users = await count('SELECT count(*) AS n FROM analytics.unified_users');
  expect(users).toBeGreaterThan(0);
  for (const destination of ['mailchimp', 'salesforce']) {
    expect(await count(`SELECT count(*) AS n FROM destinations."${destination}"`), `rows in destinations.${destination}`).toBe(users);
  }

  // Resize the Airbyte instance: a change set of the instance type, confirmed.
  await page.goto(pipelineUrl);
  await page.getByLabel('Airbyte instance type').selectOption('m6i.xlarge');
  await page.getByRole('button', { name: 'Resize Airbyte' }).click();
  await expect(page).toHaveURL(/\/deployments\/[\w-]+$/, { timeout: 30_000 });
  await confirmAndWatch(page, /Resized: the Airbyte instance is now a m6i\.xlarge/);

  // Tear down, typing the name, with the warehouse data.
  await page.goto(pipelineUrl);
  await page.getByRole('button', { name: 'Tear down…' }).click();
  const dialog = page.getByRole('dialog', { name: /Tear down/ });
  await dialog.getByLabel(/Type .* to confirm/).fill(name);
  await dialog.getByLabel('Also drop the warehouse data').check();
  await dialog.getByRole('button', { name: 'Tear down', exact: true }).click();
  await expect(page).toHaveURL(/\/deployments\/[\w-]+$/, { timeout: 30_000 });
  await expect(page.getByRole('heading', { name: 'Torn down' })).toBeVisible({ timeout: 180_000 });
  await expect(page.getByText(/CloudFormation stack/).first()).toBeVisible();
  await expect(page.getByText(/Grouparoo/).first()).toBeVisible();
  const left = seed('query', { sql: 'SELECT count(*)::int AS n FROM pipeline_resource WHERE pipeline_id = $1', params: [pipelineId] }) as Array<{ n: number }>;
  expect(left[0]!.n).toBe(0);
  expect(await count(`SELECT count(*) AS n FROM pg_roles WHERE rolname LIKE 'tapestry_%'`)).toBe(0);
});
