// PERF-1: app pages fetch at most 150 kB of gzip JavaScript (Next 16's measured 134.7 kB
// baseline plus 15 kB of ours), and no page grows more than 5 kB past perf-baseline.json.
// Sizes, not timings: they are the same on every machine for the same build.
import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { jsWeight, totalKb } from './support/js-weight';
import { sharedWorld } from './support/world';

const APP_PAGE_BUDGET_KB = 150;
const GROWTH_ALLOWANCE_KB = 5;

// Keys are route patterns so the baseline does not depend on seeded names.
const ROUTES: Record<string, { path: (org: string) => string; signedIn: boolean }> = {
  '/sign-in': { path: () => '/sign-in', signedIn: false },
  '/invite/[token]': { path: () => '/invite/not-a-real-token', signedIn: false },
  '/[org]/pipelines': { path: (org) => `/${org}/pipelines`, signedIn: true },
  '/[org]/runs': { path: (org) => `/${org}/runs`, signedIn: true },
  '/[org]/settings/members': { path: (org) => `/${org}/settings/members`, signedIn: true },
  '/[org]/settings/tokens': { path: (org) => `/${org}/settings/tokens`, signedIn: true },
  '/[org]/settings/audit': { path: (org) => `/${org}/settings/audit`, signedIn: true },
};

const baseline = JSON.parse(readFileSync('perf-baseline.json', 'utf8')) as { jsGzipKb: Record<string, number> };

test('app pages stay within the JavaScript budget and their committed baseline', async ({ baseURL }) => {
  const world = sharedWorld();
  expect(Object.keys(baseline.jsGzipKb).sort()).toEqual(Object.keys(ROUTES).sort());
  const measured: Record<string, number> = {};
  for (const [route, { path, signedIn }] of Object.entries(ROUTES)) {
    const sizes = await jsWeight(new URL(path(world.orgSlug), baseURL).href, signedIn ? { cookie: world.cookies.owner! } : {});
    expect(sizes.size, `${route} loads its scripts`).toBeGreaterThan(0);
    measured[route] = Math.round(totalKb(sizes) * 10) / 10;
  }
  // All figures in one message, so a failure shows what to write into perf-baseline.json.
  const report = JSON.stringify(measured, null, 2);
  for (const [route, kb] of Object.entries(measured)) {
    expect(kb, `${route} over the ${APP_PAGE_BUDGET_KB} kB budget; measured ${report}`).toBeLessThanOrEqual(APP_PAGE_BUDGET_KB);
    expect(kb, `${route} grew past its baseline; measured ${report}`).toBeLessThanOrEqual(baseline.jsGzipKb[route]! + GROWTH_ALLOWANCE_KB);
  }
});
