// Sign-in throttling shared by every web process through PostgreSQL (QUALITY SEC-2):
// - per account: after 5 failures in 15 minutes each further attempt is slowed, and after 10
//   the account refuses attempts until the window ends. The lock is temporary, so an attacker
//   can delay but never permanently lock out the owner.
// - per client address: at most 30 attempts a minute.
// Checked before the password hash is computed, so refused attempts cost no KDF time.
import { db } from '@/lib/db';

export const ACCOUNT_WINDOW_MS = 15 * 60_000;
export const ACCOUNT_MAX_FAILURES = 10;
export const ACCOUNT_SLOWDOWN_AFTER = 5;
export const IP_WINDOW_MS = 60_000;
export const IP_MAX_ATTEMPTS = 30;

export type ThrottleVerdict = { allowed: true; delayMs: number } | { allowed: false; retryAfterSeconds: number };

const accountKey = (email: string) => `signin:account:${email.toLowerCase()}`;
const ipKey = (ip: string) => `signin:ip:${ip}`;

interface Bucket {
  hits: number;
  window_start: Date;
}

/** Adds one hit to a fixed window (resetting it when expired) and returns the new state. */
async function hit(key: string, windowMs: number): Promise<Bucket> {
  const rows = await db().$queryRaw<Bucket[]>`
    INSERT INTO rate_limit_bucket (key, hits, window_start) VALUES (${key}, 1, now())
    ON CONFLICT (key) DO UPDATE SET
      hits = CASE WHEN rate_limit_bucket.window_start < now() - make_interval(secs => ${windowMs / 1000}) THEN 1 ELSE rate_limit_bucket.hits + 1 END,
      window_start = CASE WHEN rate_limit_bucket.window_start < now() - make_interval(secs => ${windowMs / 1000}) THEN now() ELSE rate_limit_bucket.window_start END
    RETURNING hits, window_start`;
  return rows[0]!;
}

async function peek(key: string, windowMs: number): Promise<Bucket | null> {
  const rows = await db().$queryRaw<Bucket[]>`
    SELECT hits, window_start FROM rate_limit_bucket
    WHERE key = ${key} AND window_start >= now() - make_interval(secs => ${windowMs / 1000})`;
  return rows[0] ?? null;
}

function secondsLeft(windowStart: Date, windowMs: number): number {
  return Math.max(1, Math.ceil((windowStart.getTime() + windowMs - Date.now()) / 1000));
}

/** Call before verifying a password. Counts the attempt against the client address. */
export async function checkSignInAllowed(email: string, ip: string): Promise<ThrottleVerdict> {
  const byIp = await hit(ipKey(ip), IP_WINDOW_MS);
  if (byIp.hits > IP_MAX_ATTEMPTS) return { allowed: false, retryAfterSeconds: secondsLeft(byIp.window_start, IP_WINDOW_MS) };
  const byAccount = await peek(accountKey(email), ACCOUNT_WINDOW_MS);
  const failures = byAccount?.hits ?? 0;
  if (byAccount && failures >= ACCOUNT_MAX_FAILURES) {
    return { allowed: false, retryAfterSeconds: secondsLeft(byAccount.window_start, ACCOUNT_WINDOW_MS) };
  }
  const over = failures - ACCOUNT_SLOWDOWN_AFTER + 1;
  return { allowed: true, delayMs: over > 0 ? Math.min(over * 500, 3_000) : 0 };
}

export async function recordSignInFailure(email: string): Promise<void> {
  await hit(accountKey(email), ACCOUNT_WINDOW_MS);
}

export async function recordSignInSuccess(email: string): Promise<void> {
  await db().rateLimitBucket.deleteMany({ where: { key: accountKey(email) } });
}
