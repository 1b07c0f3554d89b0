// UX-4's accessibility audit: axe with the WCAG 2.0/2.1/2.2 A and AA rules.
import AxeBuilder from '@axe-core/playwright';
import { expect, type BrowserContext, type Page } from '@playwright/test';

const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

export const THEMES = ['light', 'dark'] as const;
// 200 % zoom is the same layout as the window at half its size in CSS pixels (WCAG 1.4.4/1.4.10).
export const ZOOMS = [
  { name: '100%', viewport: { width: 1280, height: 800 } },
  { name: '200%', viewport: { width: 640, height: 400 } },
] as const;

export async function expectNoAxeViolations(page: Page, label: string): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(WCAG_TAGS).analyze();
  const summary = results.violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  expect(summary, `${label}: ${results.violations.map((v) => v.help).join('; ')}`).toEqual([]);
}

/** Sets the theme cookie the server reads to render <html class="light|dark">. */
export async function setThemeCookie(context: BrowserContext, baseURL: string, theme: string): Promise<void> {
  await context.addCookies([{ name: 'theme', value: theme, domain: new URL(baseURL).hostname, path: '/' }]);
}
