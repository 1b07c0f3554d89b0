import { afterEach, describe, expect, it } from 'vitest';
import { isSameOrigin } from '@/lib/http/origin';
import { requestInfo } from '@/lib/auth/request-info';
import { isWithinAbsoluteLifetime, ABSOLUTE_TIMEOUT_SECONDS } from '@/lib/auth/session-policy';
import { bearerToken, generateToken, hashToken } from '@/lib/auth/api-token';
import { resetEnvForTests } from '@/lib/env';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { RESERVED_SLUGS, slugify } from '@/lib/slug';
import { ERROR_CATALOGUE } from '@/lib/errors';
import { securityHeadersFor } from '@/lib/http/security-headers';

const headers = (h: Record<string, string>) => new Headers(h);

afterEach(() => {
  delete process.env.TRUST_PROXY;
  resetEnvForTests();
});

describe('same-origin check (SEC-5)', () => {
  it('accepts only our own origin', () => {
    expect(isSameOrigin(headers({ origin: 'https://tapestry.example.com' }))).toBe(true);
    expect(isSameOrigin(headers({ origin: 'http://10.0.0.5:3000', host: '10.0.0.5:3000' }))).toBe(true);
    expect(isSameOrigin(headers({}))).toBe(false);
    expect(isSameOrigin(headers({ origin: 'null' }))).toBe(false);
    expect(isSameOrigin(headers({ origin: 'https://evil.example', host: 'tapestry.example.com' }))).toBe(false);
    expect(isSameOrigin(headers({ origin: 'not a url', host: 'tapestry.example.com' }))).toBe(false);
  });
});

describe('client address', () => {
  it('ignores what the client put in X-Forwarded-For unless a proxy is trusted', () => {
    const h = headers({ 'x-forwarded-for': '1.2.3.4, 127.0.0.1', 'user-agent': 'ua' });
    expect(requestInfo(h)).toEqual({ ip: '127.0.0.1', userAgent: 'ua' });
    process.env.TRUST_PROXY = 'true';
    resetEnvForTests();
    expect(requestInfo(h).ip).toBe('1.2.3.4');
  });
});

describe('sessions (SEC-3)', () => {
  it('end 12 hours after sign-in, and without a sign-in time', () => {
    const now = 1_800_000_000;
    expect(isWithinAbsoluteLifetime({ authTime: now - ABSOLUTE_TIMEOUT_SECONDS + 1 }, now)).toBe(true);
    expect(isWithinAbsoluteLifetime({ authTime: now - ABSOLUTE_TIMEOUT_SECONDS }, now)).toBe(false);
    expect(isWithinAbsoluteLifetime({}, now)).toBe(false);
  });
});

describe('API tokens', () => {
  it('carry 256 random bits behind a recognisable prefix and are stored as SHA-256', () => {
    const a = generateToken();
    const b = generateToken();
    expect(a.token).toMatch(/^tap_[A-Za-z0-9_-]{43}$/);
    expect(a.token).not.toBe(b.token);
    expect(a.hash).toBe(hashToken(a.token));
    expect(a.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(a.prefix).toBe(a.token.slice(0, 12));
    expect(bearerToken(`Bearer ${a.token}`)).toBe(a.token);
    expect(bearerToken(`Basic abc`)).toBeNull();
    expect(bearerToken(null)).toBeNull();
  });
});

describe('slugs', () => {
  it('are lower-case ASCII words joined by dashes, never empty', () => {
    expect(slugify('Rain Shield, Inc.')).toBe('rain-shield-inc');
    expect(slugify('Café Zürich')).toBe('cafe-zurich');
    expect(slugify('!!!')).toBe('my-org');
    // A slug never shadows a top-level route such as /sign-in or /api.
    expect(slugify('Sign in')).toBe('sign-in-team');
    expect(slugify('API')).toBe('api-team');
    expect(slugify('x'.repeat(100))).toHaveLength(48);
  });

  it('reserve every top-level route of the app', () => {
    // Route groups "(name)" add no URL segment, so their children are top-level too.
    const topLevel = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true })
        .filter((e) => e.isDirectory() && !e.name.startsWith('['))
        .flatMap((e) => (e.name.startsWith('(') ? topLevel(join(dir, e.name)) : [e.name]));
    const routes = topLevel('app');
    expect(routes).toContain('sign-in');
    for (const route of routes) expect(RESERVED_SLUGS, route).toContain(route);
  });
});

describe('error catalogue (UX-6)', () => {
  it('is what the import-free global error page says', () => {
    const page = readFileSync('app/global-error.tsx', 'utf8');
    expect(page).toContain(`'${ERROR_CATALOGUE.INTERNAL.title}'`);
    expect(page).toContain(ERROR_CATALOGUE.INTERNAL.cause);
    expect(page).toContain(ERROR_CATALOGUE.INTERNAL.action);
  });

  it('gives every code a status, what happened, why, and what to do, each its own words', () => {
    for (const [code, entry] of Object.entries(ERROR_CATALOGUE)) {
      expect(entry.status, code).toBeGreaterThanOrEqual(400);
      expect(entry.title.trim().length, `${code} title`).toBeGreaterThan(5);
      expect(entry.cause.trim().length, `${code} cause`).toBeGreaterThan(20);
      expect(entry.action.trim().length, `${code} action`).toBeGreaterThan(10);
      expect(new Set([entry.title, entry.cause, entry.action]).size, `${code} repeats itself`).toBe(3);
      // A cause explains; it is a sentence, not a code or a stack frame.
      expect(entry.cause, `${code} cause`).toMatch(/^[A-Z].*[.)]$/);
    }
  });
});

describe('security headers (SEC-9)', () => {
  it('turn on HSTS for a year and upgrade requests when APP_URL is https, and not otherwise', () => {
    const tls = securityHeadersFor('https://tapestry.example.com', 'bm9uY2U=', { dev: false });
    const hsts = /^max-age=(\d+); includeSubDomains$/.exec(tls.headers['Strict-Transport-Security'] ?? '');
    expect(Number(hsts?.[1])).toBeGreaterThanOrEqual(365 * 24 * 60 * 60);
    expect(tls.csp).toContain('upgrade-insecure-requests');

    const plain = securityHeadersFor('http://localhost:3000', 'bm9uY2U=', { dev: false });
    expect(plain.headers).not.toHaveProperty('Strict-Transport-Security');
    expect(plain.csp).not.toContain('upgrade-insecure-requests');
    for (const { csp, headers } of [tls, plain]) {
      expect(headers['Content-Security-Policy']).toBe(csp);
      expect(csp).toMatch(/script-src 'self' 'nonce-bm9uY2U=' 'strict-dynamic'(;|$)/);
      expect(csp).toContain("frame-ancestors 'none'");
      expect(headers).toMatchObject({ 'X-Content-Type-Options': 'nosniff', 'Referrer-Policy': 'same-origin', 'Cache-Control': 'no-store' });
    }
  });
});
