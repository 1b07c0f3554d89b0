// SEC-9: security headers on every kind of response, a fresh CSP nonce each time that Next
// applies to its own scripts, and no caching of anything a signed-in person sees.
import { expect, test } from '@playwright/test';
import { sharedWorld } from './support/world';

function expectHardened(headers: Record<string, string>, context: string) {
  const csp = headers['content-security-policy'] ?? '';
  for (const directive of ["default-src 'self'", "object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'"]) {
    expect(csp, `${context}: ${directive}`).toContain(directive);
  }
  expect(csp, context).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]{20,}' 'strict-dynamic'/);
  expect(headers['x-content-type-options'], context).toBe('nosniff');
  expect(headers['referrer-policy'], context).toBe('same-origin');
}

test('pages and routes carry the security headers; signed-in responses are never cached', async ({ request }) => {
  const world = sharedWorld();
  const signedIn = { cookie: world.cookies.owner! };
  const cases: Array<[string, Record<string, string>]> = [
    ['/sign-in', {}],
    [`/${world.orgSlug}/pipelines`, signedIn],
    [`/${world.orgSlug}/settings/members`, signedIn],
    [`/${world.orgSlug}/settings/audit`, signedIn],
    ['/no-such-page', {}],
    ['/api/health', {}],
    ['/api/v1/me', { authorization: `Bearer ${world.tokens.owner}` }],
  ];
  for (const [path, headers] of cases) {
    const response = await request.get(path, { headers, maxRedirects: 0 });
    expectHardened(response.headers(), path);
    if (headers.cookie || headers.authorization) expect(response.headers()['cache-control'], path).toContain('no-store');
  }
});

test('each response gets its own nonce, and every inline script carries it', async ({ page }) => {
  const nonces = new Set<string>();
  for (let i = 0; i < 3; i++) {
    const response = await page.goto('/sign-in');
    const csp = (await response!.allHeaders())['content-security-policy']!;
    const nonce = /'nonce-([^']+)'/.exec(csp)![1]!;
    nonces.add(nonce);
    const scripts = await page.locator('script').evaluateAll((els) => els.map((el) => (el as HTMLScriptElement).nonce));
    expect(scripts.length).toBeGreaterThan(0);
    for (const scriptNonce of scripts) expect(scriptNonce).toBe(nonce);
  }
  expect(nonces.size).toBe(3);
});
