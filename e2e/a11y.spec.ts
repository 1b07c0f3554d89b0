// UX-4: no axe violations (WCAG 2.0/2.1/2.2 A and AA) on every route a person can reach, in the
// light and dark themes, at 100 % and 200 % zoom, with dialogs open and forms showing errors.
// The first-run setup page is audited by the team journey, the only test that sees it.
import { expect, test, type BrowserContext } from '@playwright/test';
import { expectNoAxeViolations as expectNoViolations, THEMES, setThemeCookie, ZOOMS } from './support/axe';
import type { CellTargets, MatrixWorld } from './support/matrix-world';
import { seed } from './support/seed';

let world: MatrixWorld;
let invitationToken: string;

test.beforeAll(() => {
  world = seed('matrixWorld', undefined);
  const targets = seed('matrixTargets', { orgId: world.orgId, callers: ['owner'] }) as Record<'owner', CellTargets>;
  invitationToken = targets.owner.invitationToken;
});

const WIZARD_STEPS = ['name', 'target', 'warehouse', 'sources', 'transformation', 'destinations', 'review'];

const orgRoutes = () => {
  const pipeline = `/pipelines/${world.pipelines.completeId}`;
  return [
    '',
    '/pipelines',
    '/pipelines/new',
    '/pipelines/import',
    pipeline,
    ...WIZARD_STEPS.map((step) => `${pipeline}/edit/${step}`),
    // A deployed pipeline (operate panel, recent runs), its deployments, a failed deployment's
    // page, and the run history with a run's page.
    `/pipelines/${world.pipelines.activeId}`,
    `/pipelines/${world.pipelines.failedDeploymentPipelineId}/deployments`,
    `/pipelines/${world.pipelines.failedDeploymentPipelineId}/deployments/${world.pipelines.failedDeploymentId}`,
    '/runs',
    `/runs/${world.pipelines.queuedRunId}`,
    `/runs/${world.pipelines.failedRunId}`,
    '/monitor',
    '/alerts',
    '/settings',
    '/settings/members',
    '/settings/tokens',
    '/settings/audit',
  ].map((r) => `/${world.orgSlug}${r}`);
};

async function dress(context: BrowserContext, theme: string, signedIn: boolean) {
  const baseURL = test.info().project.use.baseURL!;
  await setThemeCookie(context, baseURL, theme);
  if (signedIn) {
    const [name, value] = world.cookies.owner!.split(/=(.*)/s) as [string, string];
    await context.addCookies([{ name, value, domain: new URL(baseURL).hostname, path: '/' }]);
  }
}

for (const theme of THEMES) {
  for (const zoom of ZOOMS) {
    test.describe(`${theme} theme at ${zoom.name}`, () => {
      test.use({ viewport: zoom.viewport });

      test('signed-out pages', async ({ page, context }) => {
        await dress(context, theme, false);
        for (const path of ['/sign-in', `/invite/${invitationToken}`, '/invite/not-a-real-token', '/no-such-page']) {
          await page.goto(path);
          await expect(page.locator('html')).toHaveClass(theme);
          await expectNoViolations(page, `${path} (${theme}, ${zoom.name})`);
        }
        // A failed sign-in shows its error next to the form.
        await page.goto('/sign-in');
        await page.getByLabel('Email').fill('nobody@a11y.example');
        await page.getByLabel('Password').fill('not the password at all');
        await page.getByRole('button', { name: 'Sign in' }).click();
        await expect(page.getByRole('alert')).toBeVisible();
        await expectNoViolations(page, `sign-in error (${theme}, ${zoom.name})`);
      });

      test('every page of an organization, an open dialog and a form error', async ({ page, context }) => {
        await dress(context, theme, true);
        for (const path of orgRoutes()) {
          await page.goto(path);
          await expect(page.locator('main')).toBeVisible();
          await expectNoViolations(page, `${path} (${theme}, ${zoom.name})`);
        }
        await page.goto(`/${world.orgSlug}/settings/members`);
        await page.getByLabel('Email').fill('not an email');
        await page.getByRole('button', { name: 'Send invitation' }).click();
        await expect(page.getByText(/valid email/i).first()).toBeVisible();
        await expectNoViolations(page, `invite error (${theme}, ${zoom.name})`);

        await page.getByRole('button', { name: /^Remove / }).first().click();
        await expect(page.getByRole('dialog')).toBeVisible();
        await expectNoViolations(page, `remove dialog (${theme}, ${zoom.name})`);
        await page.keyboard.press('Escape');
        await expect(page.getByRole('dialog')).toBeHidden();
      });
    });
  }
}
