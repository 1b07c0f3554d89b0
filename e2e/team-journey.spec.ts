// Issue 2's journey in real Chromium: first run → owner → invite an editor and a viewer → each
// joins in their own browser → the viewer can change nothing (no controls, forged request
// refused) → the owner demotes the editor, whose next request is refused.
import { expect, test, type Browser, type Page, type Request } from '@playwright/test';
import { expectNoAxeViolations, THEMES, setThemeCookie, ZOOMS } from './support/axe';
import { PASSWORD } from './support/password';
import { seed } from './support/seed';
import { signInThroughPage } from './support/sign-in';

const OWNER = { name: 'Olive Owner', email: 'olive@rainshield.example' };
const EDITOR = { name: 'Eddie Editor', email: 'eddie@rainshield.example' };
const VIEWER = { name: 'Vera Viewer', email: 'vera@rainshield.example' };

test.describe.configure({ mode: 'serial' });

async function invite(page: Page, email: string, role: string): Promise<string> {
  const link = page.getByLabel('Invitation link');
  const previous = (await link.count()) ? await link.inputValue() : '';
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Role', { exact: true }).selectOption({ label: role });
  await page.getByRole('button', { name: 'Send invitation' }).click();
  await expect(link).toHaveValue(/\/invite\/[A-Za-z0-9_-]{20,}$/);
  await expect(link).not.toHaveValue(previous);
  return link.inputValue();
}

async function acceptInBrowser(browser: Browser, link: string, person: { name: string }): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await page.goto(link);
  await expect(page.getByRole('heading', { name: /Join Rain Shield/ })).toBeVisible();
  await page.getByLabel('Your name').fill(person.name);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Accept invitation' }).click();
  await expect(page).toHaveURL(/\/rain-shield\/pipelines$/);
  return page;
}

const membershipOf = (email: string) =>
  seed('query', {
    sql: `SELECT m.id, m.role FROM membership m JOIN "user" u ON u.id = m.user_id WHERE u.email = $1`,
    params: [email],
  }) as Array<{ id: string; role: string }>;

let owner: Page;
let editor: Page;
let viewer: Page;

test('first run: the setup page is accessible in both themes and zooms, and names what to fix', async ({ browser, baseURL }) => {
  for (const theme of THEMES) {
    const context = await browser.newContext();
    await setThemeCookie(context, baseURL!, theme);
    const page = await context.newPage();
    for (const zoom of ZOOMS) {
      await page.setViewportSize(zoom.viewport);
      await page.goto('/setup');
      await expectNoAxeViolations(page, `setup (${theme}, ${zoom.name})`);
    }
    await page.getByLabel('Password').fill('short');
    await page.getByRole('button', { name: 'Create organization' }).click();
    await expect(page.getByText(/at least/i).first()).toBeVisible();
    await expectNoAxeViolations(page, `setup errors (${theme})`);
    await context.close();
  }
});

test('first run: the first visit creates the organization and its owner, then setup is gone', async ({ browser }) => {
  owner = await (await browser.newContext()).newPage();
  await owner.goto('/');
  await expect(owner).toHaveURL(/\/setup$/);
  await expect(owner.getByRole('heading', { name: 'Create your organization and owner account' })).toBeVisible();
  await owner.getByLabel('Organization name').fill('Rain Shield');
  await owner.getByLabel('Your name').fill(OWNER.name);
  await owner.getByLabel('Email').fill(OWNER.email);
  await owner.getByLabel('Password').fill(PASSWORD);
  await owner.getByRole('button', { name: 'Create organization' }).click();
  await expect(owner).toHaveURL(/\/rain-shield\/pipelines$/);

  const anonymous = await (await browser.newContext()).newPage();
  const gone = await anonymous.goto('/setup');
  expect(gone?.status()).toBe(404);
  await expect(anonymous.getByRole('heading', { name: 'Page not found' })).toBeVisible();
  await anonymous.goto('/');
  await expect(anonymous).toHaveURL(/\/sign-in/);
});

test('the owner invites an editor and a viewer, who join in their own browsers', async ({ browser }) => {
  await owner.goto('/rain-shield/settings/members');
  const editorLink = await invite(owner, EDITOR.email, 'Editor');
  const viewerLink = await invite(owner, VIEWER.email, 'Viewer');
  editor = await acceptInBrowser(browser, editorLink, EDITOR);
  viewer = await acceptInBrowser(browser, viewerLink, VIEWER);

  expect(membershipOf(EDITOR.email)[0]?.role).toBe('EDITOR');
  expect(membershipOf(VIEWER.email)[0]?.role).toBe('VIEWER');
  const audited = seed('query', {
    sql: `SELECT action FROM audit_event WHERE action IN ('invitation.create', 'invitation.accept') ORDER BY id`,
  }) as Array<{ action: string }>;
  expect(audited.map((a) => a.action)).toEqual(['invitation.create', 'invitation.create', 'invitation.accept', 'invitation.accept']);

  // A used link does not work twice.
  const again = await (await browser.newContext()).newPage();
  await again.goto(editorLink);
  await expect(again.getByRole('heading', { name: 'This invitation link no longer works' })).toBeVisible();
});

test('a viewer sees no controls, and a forged change is refused by the server', async () => {
  await viewer.goto('/rain-shield/settings/members');
  await expect(viewer.getByRole('heading', { name: /Members/ })).toBeVisible();
  await expect(viewer.getByRole('button', { name: 'Send invitation' })).toHaveCount(0);
  await expect(viewer.getByRole('combobox')).toHaveCount(0);

  // Capture the owner's real "change role" request, then replay it with the viewer's session.
  await owner.goto('/rain-shield/settings/members');
  const row = owner.getByRole('row').filter({ hasText: EDITOR.email });
  const captured = owner.waitForRequest((r: Request) => r.method() === 'POST' && Boolean(r.headers()['next-action']));
  await row.getByRole('combobox').selectOption({ label: 'Admin' });
  await row.getByRole('button', { name: 'Save' }).click();
  const request = await captured;
  await expect(row.getByText('Role updated.')).toBeVisible();
  expect(membershipOf(EDITOR.email)[0]?.role).toBe('ADMIN');

  // Put the editor back, then have the viewer send the very same request.
  await row.getByRole('combobox').selectOption({ label: 'Editor' });
  await row.getByRole('button', { name: 'Save' }).click();
  await expect.poll(() => membershipOf(EDITOR.email)[0]?.role).toBe('EDITOR');

  const headers = await request.allHeaders();
  const forged = await viewer.request.post(request.url(), {
    headers: { 'next-action': headers['next-action']!, 'content-type': headers['content-type']!, origin: headers.origin!, accept: 'text/x-component' },
    data: request.postDataBuffer()!,
  });
  expect(forged.status()).toBeLessThan(500);
  expect(await forged.text()).toContain('FORBIDDEN');
  expect(membershipOf(EDITOR.email)[0]?.role).toBe('EDITOR');
  const denied = seed('query', {
    sql: `SELECT a.action FROM audit_event a JOIN "user" u ON u.id = a.actor_user_id WHERE u.email = $1 AND a.outcome = 'DENIED'`,
    params: [VIEWER.email],
  }) as Array<{ action: string }>;
  expect(denied.map((d) => d.action)).toContain('member.change_role');
});

test('the owner demotes the editor, whose next request is refused', async () => {
  // The role changes in the previous test already ended the editor's session; sign in afresh.
  await editor.goto('/rain-shield/pipelines');
  await expect(editor).toHaveURL(/\/sign-in\?callbackUrl=/);
  await signInThroughPage(editor, EDITOR.email, PASSWORD, /\/rain-shield\/pipelines$/);

  await owner.goto('/rain-shield/settings/members');
  const row = owner.getByRole('row').filter({ hasText: EDITOR.email });
  await row.getByRole('combobox').selectOption({ label: 'Viewer' });
  await row.getByRole('button', { name: 'Save' }).click();
  await expect(row.getByText('Role updated.')).toBeVisible();

  // The role change ended the editor's sessions: the next request goes to sign-in.
  await editor.goto('/rain-shield/pipelines');
  await expect(editor).toHaveURL(/\/sign-in\?callbackUrl=/);
  await signInThroughPage(editor, EDITOR.email, PASSWORD, /\/rain-shield\//);
  await editor.goto('/rain-shield/settings/members');
  await expect(editor.getByRole('button', { name: 'Send invitation' })).toHaveCount(0);
});
