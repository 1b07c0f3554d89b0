// SEC-2 under real concurrency: a burst of wrong passwords for one account, fired 20 at a time
// through next-auth's own credentials callback (the code path behind POST
// /api/auth/callback/credentials), reaches the password hash at most 10 times. The attempt is
// counted atomically before hashing, so parallel attempts cannot all pass a stale count.
import { createRequire } from 'node:module';
import path from 'node:path';
import type { NextAuthOptions } from 'next-auth';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import * as password from '@/lib/auth/password';
import { authenticate } from '@/lib/auth/credentials';
import { authOptions, THROTTLED_ERROR } from '@/lib/auth/options';
import { ACCOUNT_MAX_FAILURES, ACCOUNT_WINDOW_MS } from '@/lib/auth/throttle';
import { anotherOrg, PASSWORD } from '../support/factories';
import { ownerDb } from '../support/owner-db';

// next-auth's core handler, which its App Router adapter (our route) calls with the parsed
// request. The package does not export the path, so it is loaded by file.
interface AuthResponse<Body> {
  status?: number;
  body?: Body;
  redirect?: string;
  cookies?: Array<{ name: string; value: string }>;
}
const { AuthHandler } = createRequire(import.meta.url)(path.resolve('node_modules/next-auth/core/index.js')) as {
  AuthHandler<Body = unknown>(params: { req: Request; options: NextAuthOptions }): Promise<AuthResponse<Body>>;
};

const AUTH_BASE = 'http://localhost:3000/api/auth';
const ATTEMPTS = 200;
const IN_FLIGHT = 20;

/** next-auth's CSRF pair: the token for the body and the cookie that signs it. */
async function csrfPair(): Promise<{ token: string; cookie: string }> {
  const res = await AuthHandler<{ csrfToken: string }>({ req: new Request(`${AUTH_BASE}/csrf`), options: authOptions() });
  const cookie = res.cookies?.find((c) => c.name.endsWith('csrf-token'));
  return { token: res.body!.csrfToken, cookie: `${cookie!.name}=${cookie!.value}` };
}

type Outcome = 'throttled' | 'invalid' | 'signed-in' | `other: ${string}`;

/** One sign-in through next-auth's credentials callback, as the route hands it over. */
async function signInThroughNextAuth(email: string, pass: string, ip: string, csrf: { token: string; cookie: string }): Promise<Outcome> {
  const req = new Request(`${AUTH_BASE}/callback/credentials`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie: csrf.cookie, 'x-forwarded-for': ip, 'user-agent': 'burst-test' },
    body: JSON.stringify({ email, password: pass, csrfToken: csrf.token, json: 'true' }),
  });
  const res = await AuthHandler({ req, options: authOptions() });
  const error = res.redirect ? new URL(res.redirect).searchParams.get('error') : null;
  if (error?.startsWith(`${THROTTLED_ERROR}:`)) return 'throttled';
  if (error === 'CredentialsSignin') return 'invalid';
  if (!error && res.cookies?.some((c) => c.name.endsWith('session-token') && c.value)) return 'signed-in';
  return `other: ${res.status} ${res.redirect}`;
}

/** Runs `task` for 0..count-1 with at most `limit` running at once. */
async function bounded<T>(count: number, limit: number, task: (i: number) => Promise<T>): Promise<T[]> {
  const results: T[] = new Array<T>(count);
  let next = 0;
  const lane = async () => {
    for (let i = next++; i < count; i = next++) results[i] = await task(i);
  };
  await Promise.all(Array.from({ length: limit }, lane));
  return results;
}

const verify = vi.spyOn(password, 'verifyPassword');
afterAll(() => verify.mockRestore());

let victimEmail: string;
beforeAll(async () => {
  process.env.NEXTAUTH_URL = 'http://localhost:3000'; // what next-auth is told in production too
  victimEmail = (await (await anotherOrg('Burst')).member('ADMIN')).email;
});

describe('a burst of wrong passwords for one account', () => {
  it('is refused as rate-limited after 10 attempts, with at most 10 password hashes, and every attempt audited', { timeout: 60_000 }, async () => {
    const csrf = await csrfPair();
    verify.mockClear();
    const started = Date.now();
    // A different address per attempt: the per-account limit alone must hold (a botnet's view).
    const outcomes = await bounded(ATTEMPTS, IN_FLIGHT, (i) =>
      signInThroughNextAuth(victimEmail, `wrong password number ${i}`, `198.18.${i >> 8}.${i & 255}`, csrf),
    );
    expect(Date.now() - started).toBeLessThan(60_000);

    const tally: Record<string, number> = {};
    for (const o of outcomes) tally[o] = (tally[o] ?? 0) + 1;
    expect(Object.keys(tally).sort()).toEqual(['invalid', 'throttled']);
    expect(tally.throttled).toBeGreaterThanOrEqual(ATTEMPTS - ACCOUNT_MAX_FAILURES);
    expect(verify.mock.calls.length).toBeLessThanOrEqual(ACCOUNT_MAX_FAILURES);
    expect(verify.mock.calls.length).toBe(tally.invalid);

    const audited = await ownerDb().auditEvent.groupBy({
      by: ['outcome'],
      where: { action: 'auth.sign_in', actorLabel: victimEmail },
      _count: true,
    });
    expect(Object.fromEntries(audited.map((a) => [a.outcome, a._count]))).toEqual({
      FAILURE: tally.invalid,
      DENIED: tally.throttled,
    });
  });

  it('still refuses the right password inside the window, and accepts it once the window has passed', async () => {
    const csrf = await csrfPair();
    verify.mockClear();
    expect(await signInThroughNextAuth(victimEmail, PASSWORD, '198.18.200.1', csrf)).toBe('throttled');
    expect(verify).not.toHaveBeenCalled();
    // The throttle's clock moves past the window instead of the test waiting 15 minutes.
    const later = new Date(Date.now() + ACCOUNT_WINDOW_MS + 1_000);
    expect(await authenticate(victimEmail, PASSWORD, { ip: '198.18.200.2', userAgent: 'burst-test' }, { now: later })).toMatchObject({ ok: true });
    expect(verify).toHaveBeenCalledTimes(1);
    // The success cleared the account's window: at today's clock the owner signs in again at once.
    expect(await signInThroughNextAuth(victimEmail, PASSWORD, '198.18.200.3', csrf)).toBe('signed-in');
  });
});
