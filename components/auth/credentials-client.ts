// Browser side of next-auth's Credentials flow, written out instead of importing
// next-auth/react: that module adds ~10.6 kB gzip to every page that signs in or out
// (PERF-1 leaves 15 kB for all app code), and its signIn() drops the response URL on error,
// which is where the server puts `retryAfter` for a throttled attempt. The protocol is
// next-auth v4's own: fetch a CSRF token, then POST the form with json=true.

export type SignInOutcome =
  | { ok: true }
  | { ok: false; error: 'CredentialsSignin' | 'Throttled' | 'Unavailable'; retryAfterSeconds?: number };

async function csrfToken(): Promise<string> {
  const res = await fetch('/api/auth/csrf', { cache: 'no-store' });
  if (!res.ok) throw new Error(`csrf ${res.status}`);
  const body = (await res.json()) as { csrfToken?: string };
  if (!body.csrfToken) throw new Error('csrf missing');
  return body.csrfToken;
}

function retryAfterOf(res: Response, url: string | undefined): number | undefined {
  const fromHeader = Number(res.headers.get('retry-after'));
  if (Number.isFinite(fromHeader) && fromHeader > 0) return fromHeader;
  try {
    const fromQuery = Number(new URL(url ?? '', location.origin).searchParams.get('retryAfter'));
    return Number.isFinite(fromQuery) && fromQuery > 0 ? fromQuery : undefined;
  } catch {
    return undefined;
  }
}

export async function signInWithPassword(email: string, password: string, callbackUrl: string): Promise<SignInOutcome> {
  try {
    const body = new URLSearchParams({ email, password, callbackUrl, csrfToken: await csrfToken(), json: 'true' });
    const res = await fetch('/api/auth/callback/credentials', {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body,
    });
    const data = (await res.json().catch(() => ({}))) as { url?: string };
    if (res.status === 429) return { ok: false, error: 'Throttled', retryAfterSeconds: retryAfterOf(res, data.url) };
    const error = data.url ? new URL(data.url, location.origin).searchParams.get('error') : null;
    if (res.ok && !error) return { ok: true };
    if (error === 'CredentialsSignin' || res.status === 401) return { ok: false, error: 'CredentialsSignin' };
    return { ok: false, error: 'Unavailable' };
  } catch {
    return { ok: false, error: 'Unavailable' };
  }
}

/** Ends the session on the server (next-auth's signOut event also bumps the session version). */
export async function signOut(): Promise<boolean> {
  try {
    const body = new URLSearchParams({ callbackUrl: '/sign-in', csrfToken: await csrfToken(), json: 'true' });
    const res = await fetch('/api/auth/signout', {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body,
    });
    return res.ok;
  } catch {
    return false;
  }
}

export function signInErrorMessage(outcome: Exclude<SignInOutcome, { ok: true }>): string {
  if (outcome.error === 'CredentialsSignin') return 'Email or password is incorrect.';
  if (outcome.error === 'Throttled') {
    const minutes = Math.max(1, Math.ceil((outcome.retryAfterSeconds ?? 60) / 60));
    // What, why and what to do (UX-6), without importing the error catalogue into this page's bundle.
    return `Too many attempts. Try again in ${minutes} ${minutes === 1 ? 'minute' : 'minutes'}. Sign-in pauses after repeated wrong passwords to protect the account from guessing.`;
  }
  return 'Signing in is not possible right now. Check your connection and try again.';
}
