// Sign-in throttling shared by every web process through PostgreSQL (QUALITY SEC-2):
// - per account: at most 10 attempts in a 15-minute window reach the password check, the 6th
//   to 10th slowed; later ones are refused until the window ends. The lock is temporary, so an
//   attacker can delay but never permanently lock out the owner. A successful sign-in clears
//   the account's window.
// - per client address: at most 30 attempts a minute.
// Each attempt is counted by one atomic upsert *before* the password hash is computed, so
// concurrent attempts cannot all slip past a count that is only written after hashing, and a
// refused attempt costs no KDF time.
import { db } from '@/lib/db';

export const ACCOUNT_WINDOW_MS = 15 * 60_000;
export const ACCOUNT_MAX_FAILURES = 10;
export const ACCOUNT_SLOWDOWN_AFTER = 5;
export const IP_WINDOW_MS = 60_000;
export const IP_MAX_ATTEMPTS = 30;
const MAX_DELAY_MS = 3_000;

export type ThrottleVerdict = { allowed: true; delayMs: number } | { allowed: false; retryAfterSeconds: number };

const accountKey = (email: string) => `signin:account:${email.toLowerCase()}`;
const ipKey = (ip: string) => `signin:ip:${ip}`;

interface Bucket {
  hits: number;
  window_start: Date;
}

/**
 * Adds one hit to a fixed window (starting a new window when the old one has passed) and
 * returns the state after this hit. One statement: concurrent callers each see their own count.
 */
async function hit(key: string, windowMs: number, now: Date): Promise<Bucket> {
  const rows = await db().$queryRaw<Bucket[]>`
    INSERT INTO rate_limit_bucket (key, hits, window_start) VALUES (${key}, 1, ${now}::timestamptz)
    ON CONFLICT (key) DO UPDATE SET
      hits = CASE WHEN rate_limit_bucket.window_start <= ${now}::timestamptz - make_interval(secs => ${windowMs / 1000}) THEN 1 ELSE rate_limit_bucket.hits + 1 END,
      window_start = CASE WHEN rate_limit_bucket.window_start <= ${now}::timestamptz - make_interval(secs => ${windowMs / 1000}) THEN ${now}::timestamptz ELSE rate_limit_bucket.window_start END
    RETURNING hits, window_start`;
  return rows[0]!;
}

function secondsLeft(windowStart: Date, windowMs: number, now: Date): number {
  return Math.max(1, Math.ceil((windowStart.getTime() + windowMs - now.getTime()) / 1000));
}

/** The wait before the password check for the `attempt`-th attempt of an account's window. */
export function slowdownMs(attempt: number): number {
  const over = attempt - ACCOUNT_SLOWDOWN_AFTER;
  return over > 0 ? Math.min(over * 500, MAX_DELAY_MS) : 0;
}

/**
 * Counts a sign-in attempt against the client address and the account, and says whether it may
 * go on to the password check. Call before hashing; `now` is the throttle's clock (tests move it).
 */
export async function admitSignInAttempt(email: string, ip: string, now = new Date()): Promise<ThrottleVerdict> {
  const byIp = await hit(ipKey(ip), IP_WINDOW_MS, now);
  if (byIp.hits > IP_MAX_ATTEMPTS) return { allowed: false, retryAfterSeconds: secondsLeft(byIp.window_start, IP_WINDOW_MS, now) };
  const byAccount = await hit(accountKey(email), ACCOUNT_WINDOW_MS, now);
  if (byAccount.hits > ACCOUNT_MAX_FAILURES) {
    return { allowed: false, retryAfterSeconds: secondsLeft(byAccount.window_start, ACCOUNT_WINDOW_MS, now) };
  }
  return { allowed: true, delayMs: slowdownMs(byAccount.hits) };
}

/** The right password: the attempts counted so far were the owner's, so the window starts afresh. */
export async function recordSignInSuccess(email: string): Promise<void> {
  await db().rateLimitBucket.deleteMany({ where: { key: accountKey(email) } });
}
