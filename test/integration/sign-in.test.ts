// SEC-1/SEC-2: sign-in counts and checks the throttle before any hashing, answers unknown users,
// wrong passwords and disabled accounts the same way, slows after 5 attempts, refuses after 10
// per account and 30 per minute per address, and audits every attempt.
import { beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/lib/db';
import { authenticate } from '@/lib/auth/credentials';
import { ACCOUNT_MAX_FAILURES, ACCOUNT_WINDOW_MS, IP_MAX_ATTEMPTS, admitSignInAttempt } from '@/lib/auth/throttle';
import { anotherOrg, PASSWORD, type TestOrg } from '../support/factories';
import { ownerDb } from '../support/owner-db';

let org: TestOrg;
let ipCounter = 0;
/** A fresh documentation-range address per test, so per-address limits do not leak between tests. */
const freshReq = () => ({ ip: `198.51.100.${++ipCounter}`, userAgent: 'vitest' });

beforeAll(async () => {
  org = await anotherOrg('Auth');
});

describe('authenticate()', () => {
  it('accepts the right password and records the sign-in', async () => {
    const result = await authenticate(` ${org.owner.email.toUpperCase()} `, PASSWORD, freshReq());
    expect(result).toMatchObject({ ok: true, userId: org.owner.userId });
    expect((await db().user.findUniqueOrThrow({ where: { id: org.owner.userId } })).lastSignInAt).toBeInstanceOf(Date);
  });

  it('gives one answer for a wrong password, an unknown user and a disabled account', async () => {
    const disabled = await org.member('VIEWER');
    await db().user.update({ where: { id: disabled.userId }, data: { disabledAt: new Date() } });
    const req = freshReq();
    const results = [
      await authenticate(org.owner.email, 'not the password at all!', req),
      await authenticate('nobody@example.com', PASSWORD, req),
      await authenticate(disabled.email, PASSWORD, req),
    ];
    expect(results).toEqual([
      { ok: false, reason: 'invalid' },
      { ok: false, reason: 'invalid' },
      { ok: false, reason: 'invalid' },
    ]);
    const audited = await ownerDb().auditEvent.findMany({ where: { action: 'auth.sign_in', ip: req.ip } });
    expect(audited.map((a) => a.outcome)).toEqual(['FAILURE', 'FAILURE', 'FAILURE']);
  });

  it('refuses an account after 10 attempts, even with the right password, until its window has passed', async () => {
    const victim = await org.member('EDITOR');
    const key = `signin:account:${victim.email}`;
    await db().rateLimitBucket.create({ data: { key, hits: ACCOUNT_MAX_FAILURES, windowStart: new Date() } });
    // Refused even with the right password: an attacker cannot test guesses, and no hash is computed.
    const refused = await authenticate(victim.email, PASSWORD, freshReq());
    expect(refused).toMatchObject({ ok: false, reason: 'throttled', retryAfterSeconds: expect.any(Number) });
    if (!refused.ok && refused.reason === 'throttled') expect(refused.retryAfterSeconds).toBeLessThanOrEqual(15 * 60);
    // The window passes (on the throttle's clock): the owner of the account gets back in.
    const later = new Date(Date.now() + ACCOUNT_WINDOW_MS + 1_000);
    expect(await authenticate(victim.email, PASSWORD, freshReq(), { now: later })).toMatchObject({ ok: true });
    expect(await db().rateLimitBucket.findUnique({ where: { key } })).toBeNull();
  });

  it('counts every attempt before the password check, with a growing delay after 5, and a success starts afresh', async () => {
    const victim = await org.member('VIEWER');
    for (let i = 0; i < 5; i++) await authenticate(victim.email, 'wrong wrong wrong wrong', freshReq());
    expect(await admitSignInAttempt(victim.email, freshReq().ip)).toEqual({ allowed: true, delayMs: 500 });
    expect(await admitSignInAttempt(victim.email, freshReq().ip)).toEqual({ allowed: true, delayMs: 1000 });
    const key = `signin:account:${victim.email}`;
    expect((await db().rateLimitBucket.findUniqueOrThrow({ where: { key } })).hits).toBe(7);
    expect(await authenticate(victim.email, PASSWORD, freshReq())).toMatchObject({ ok: true });
    expect(await db().rateLimitBucket.findUnique({ where: { key } })).toBeNull();
  });

  it('limits one address to 30 attempts a minute across accounts', async () => {
    const req = freshReq();
    const verdicts = [];
    for (let i = 0; i < IP_MAX_ATTEMPTS + 2; i++) verdicts.push(await admitSignInAttempt(`spray${i}@example.com`, req.ip));
    expect(verdicts.slice(0, IP_MAX_ATTEMPTS).every((v) => v.allowed)).toBe(true);
    expect(verdicts.slice(IP_MAX_ATTEMPTS)).toEqual([
      { allowed: false, retryAfterSeconds: expect.any(Number) },
      { allowed: false, retryAfterSeconds: expect.any(Number) },
    ]);
    expect(await authenticate(org.owner.email, PASSWORD, req)).toMatchObject({ ok: false, reason: 'throttled' });
  });
});
