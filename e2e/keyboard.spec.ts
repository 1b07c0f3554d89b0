// The app shell and team settings with the keyboard only (issue 2, UX-4): skip link, main
// navigation, inviting someone, the account menu and its theme choice, and a confirmation
// dialog, with Tab, Shift+Tab, Enter, Space, arrows and Esc. No mouse call appears in this file.
import { expect, test, type Locator, type Page } from '@playwright/test';
import type { MatrixWorld } from './support/matrix-world';
import { seed } from './support/seed';

let world: MatrixWorld;
test.beforeAll(() => {
  world = seed('matrixWorld', undefined);
});

test.beforeEach(async ({ context, baseURL }) => {
  const [name, value] = world.cookies.owner!.split(/=(.*)/s) as [string, string];
  await context.addCookies([{ name, value, domain: new URL(baseURL!).hostname, path: '/' }]);
});

/** Presses Tab until `target` has focus; fails if it is not reachable within `limit` stops. */
async function tabTo(page: Page, target: Locator, limit = 60): Promise<void> {
  for (let i = 0; i < limit; i++) {
    if (await target.evaluate((el) => el === document.activeElement).catch(() => false)) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`could not reach ${target} with Tab`);
}

/** The focused element shows a visible focus indicator (an outline or a ring). */
async function expectVisibleFocus(target: Locator): Promise<void> {
  const style = await target.evaluate((el) => {
    const s = getComputedStyle(el);
    return { outline: s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0, ring: s.boxShadow !== 'none' };
  });
  expect(style.outline || style.ring, 'focus is visible').toBe(true);
}

test('skip link, main navigation and a section, by keyboard', async ({ page }) => {
  await page.goto(`/${world.orgSlug}/pipelines`);
  await page.keyboard.press('Tab');
  const skip = page.getByRole('link', { name: 'Skip to main content' });
  await expect(skip).toBeFocused();
  await expect(skip).toBeVisible();
  await page.keyboard.press('Enter');
  await expect(page.locator('main')).toBeFocused();

  const runs = page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Runs' });
  await page.keyboard.press('Shift+Tab'); // back out of main, then forwards into the navigation
  await tabTo(page, runs);
  await expectVisibleFocus(runs);
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(new RegExp(`/${world.orgSlug}/runs$`));
  await expect(page.getByRole('heading', { name: 'Runs', exact: true })).toBeVisible();
});

test('invite someone, then open and dismiss a confirmation, by keyboard', async ({ page }) => {
  await page.goto(`/${world.orgSlug}/settings/members`);
  const email = page.getByLabel('Email');
  await tabTo(page, email);
  await page.keyboard.type('keyboard.person@invitee.example');
  await page.keyboard.press('Tab');
  await expect(page.getByLabel('Role', { exact: true })).toBeFocused();
  await page.keyboard.press('ArrowDown');
  const send = page.getByRole('button', { name: 'Send invitation' });
  await tabTo(page, send);
  await expectVisibleFocus(send);
  await page.keyboard.press('Enter');
  await expect(page.getByLabel('Invitation link')).toHaveValue(/\/invite\//);

  const remove = page.getByRole('button', { name: /^Remove / }).first();
  await tabTo(page, remove);
  await page.keyboard.press('Space');
  const dialog = page.getByRole('dialog');
  await expect(dialog).toBeVisible();
  // The dialog holds focus: its controls are reachable, and Esc closes it where it was opened.
  await expect(dialog.locator(':focus')).toHaveCount(1);
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(remove).toBeFocused();
});

test('the account menu opens, switches the theme with arrows and closes with Esc', async ({ page }) => {
  await page.goto(`/${world.orgSlug}/pipelines`);
  const menuButton = page.getByRole('button', { name: 'Account menu' });
  await tabTo(page, menuButton);
  await page.keyboard.press('Enter');
  const light = page.getByRole('radio', { name: 'Light' });
  await expect(light).toBeVisible();
  const system = page.getByRole('radio', { name: 'System' });
  await expect(system).toBeChecked(); // no theme chosen yet
  await tabTo(page, system);
  await page.keyboard.press('ArrowRight'); // wraps round to the first: Light
  await expect(light).toBeChecked();
  await expect(page.locator('html')).toHaveClass(/\blight\b/);
  await page.keyboard.press('ArrowRight');
  await expect(page.getByRole('radio', { name: 'Dark' })).toBeChecked();
  await expect(page.locator('html')).toHaveClass(/\bdark\b/);
  await page.keyboard.press('Escape');
  await expect(light).toBeHidden();
  await expect(menuButton).toBeFocused();
});
