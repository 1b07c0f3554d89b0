// CSRF belt and braces (QUALITY SEC-5): a cookie-authenticated state change must come from our
// own origin. Next.js lets a request with no Origin through with a warning, and once let
// `Origin: null` through (GHSA-mq59-m269-xvcx), so we check again ourselves.
import { env } from '@/lib/env';

type HeaderSource = { get(name: string): string | null };

export function isSameOrigin(headers: HeaderSource): boolean {
  const origin = headers.get('origin');
  if (!origin || origin === 'null') return false;
  if (origin === new URL(env().APP_URL).origin) return true;
  // The host the browser used (behind a proxy that forwards it) is also ours.
  const host = headers.get('x-forwarded-host') ?? headers.get('host');
  if (!host) return false;
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}
