// Checks an email and password: the attempt is counted and throttled first (no hash work for
// refused attempts), then a constant-cost verify, then audit. Used by the next-auth Credentials
// provider.
import { setTimeout as sleep } from 'node:timers/promises';
import { db } from '@/lib/db';
import { recordAuditStandalone } from '@/lib/audit';
import { logger } from '@/lib/logger';
import { dummyHash, hashPassword, needsRehash, verifyPassword } from './password';
import { admitSignInAttempt, recordSignInSuccess } from './throttle';
import type { RequestInfo } from './request-info';

export type SignInResult =
  | { ok: true; userId: string; sessionVersion: number }
  | { ok: false; reason: 'invalid' }
  | { ok: false; reason: 'throttled'; retryAfterSeconds: number };

const MAX_INPUT = 1024;

export interface AuthenticateOptions {
  /** The throttle's clock; tests move it past a window instead of waiting. */
  now?: Date;
}

export async function authenticate(emailInput: string, password: string, req: RequestInfo, opts: AuthenticateOptions = {}): Promise<SignInResult> {
  const email = emailInput.trim().toLowerCase().slice(0, 320);
  const audit = (outcome: 'SUCCESS' | 'FAILURE' | 'DENIED', userId: string | null, reason: string) =>
    recordAuditStandalone({
      orgId: null,
      actorUserId: userId,
      actorLabel: email || 'anonymous',
      action: 'auth.sign_in',
      outcome,
      metadata: { reason },
      ip: req.ip,
      userAgent: req.userAgent,
    });

  const verdict = await admitSignInAttempt(email, req.ip, opts.now);
  if (!verdict.allowed) {
    logger.warn({ event: 'auth.sign_in.throttled', email, ip: req.ip }, 'sign-in throttled');
    await audit('DENIED', null, 'throttled');
    return { ok: false, reason: 'throttled', retryAfterSeconds: verdict.retryAfterSeconds };
  }
  if (verdict.delayMs > 0) await sleep(verdict.delayMs);

  const user =
    email && password.length <= MAX_INPUT
      ? await db().user.findUnique({
          where: { email },
          select: { id: true, passwordHash: true, sessionVersion: true, disabledAt: true },
        })
      : null;
  const valid = await verifyPassword(user?.passwordHash ?? (await dummyHash()), password.slice(0, MAX_INPUT));
  if (!user || !valid || user.disabledAt) {
    logger.info({ event: 'auth.sign_in.failed', email, ip: req.ip }, 'sign-in failed');
    await audit('FAILURE', user?.id ?? null, user?.disabledAt ? 'disabled' : 'invalid credentials');
    return { ok: false, reason: 'invalid' };
  }

  await recordSignInSuccess(email);
  const upgrade = needsRehash(user.passwordHash) ? { passwordHash: await hashPassword(password) } : {};
  await db().user.update({ where: { id: user.id }, data: { lastSignInAt: new Date(), ...upgrade } });
  await audit('SUCCESS', user.id, 'password');
  logger.info({ event: 'auth.sign_in.succeeded', userId: user.id, ip: req.ip }, 'signed in');
  return { ok: true, userId: user.id, sessionVersion: user.sessionVersion };
}
