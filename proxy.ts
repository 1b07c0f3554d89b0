// Runs before every request. It is not an authorization boundary (CVE-2025-29927 taught that;
// the data layer and every action authorize on their own). It does a few cheap things:
// 1. security headers with a fresh CSP nonce (Next.js applies the nonce to its own scripts);
// 2. refuses cross-site state changes made with the session cookie (SEC-5), logging each and
//    auditing it in the organization it targeted (SEC-7), and server action bodies that cannot
//    be decoded (Next.js would answer those with a 500);
// 3. slides the 30-minute idle timeout of a live session by re-issuing its cookie, and drops
//    a cookie past the 12-hour absolute lifetime (SEC-3).
import { NextResponse, type NextRequest } from 'next/server';
import { env } from '@/lib/env';
import { isSameOrigin } from '@/lib/http/origin';
import { actionBodyProblem } from '@/lib/http/action-request';
import { securityHeadersFor } from '@/lib/http/security-headers';
import { decodeSession, encodeSession, sessionCookieName } from '@/lib/auth/session-cookie';
import { IDLE_TIMEOUT_SECONDS, isWithinAbsoluteLifetime } from '@/lib/auth/session-policy';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const REFRESH_AFTER_SECONDS = 60;

function isBearerApi(req: NextRequest): boolean {
  // A bearer token cannot be attached by a cross-site form or simple request, so CSRF does
  // not apply; /api/v1 never reads the session cookie.
  return req.nextUrl.pathname.startsWith('/api/v1/') && req.headers.has('authorization');
}

export async function proxy(req: NextRequest) {
  const e = env();
  const https = e.APP_URL.startsWith('https://');
  const nonce = Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString('base64');
  const { csp, headers } = securityHeadersFor(e.APP_URL, nonce, { dev: e.NODE_ENV === 'development' });

  const cookieName = sessionCookieName(https);
  const raw = req.cookies.get(cookieName)?.value;

  if (!SAFE_METHODS.has(req.method) && !isBearerApi(req) && !isSameOrigin(req.headers)) {
    // Loaded on refusal only: the everyday path stays free of database code.
    const { reportCsrfRefusal } = await import('@/lib/http/csrf-refusal');
    await reportCsrfRefusal({ method: req.method, pathname: req.nextUrl.pathname, headers: req.headers }, await decodeSession(raw, e.NEXTAUTH_SECRET));
    return NextResponse.json(
      { title: 'Request origin refused', code: 'CSRF', detail: 'Cross-site requests cannot change anything here.' },
      { status: 403, headers },
    );
  }

  const bodyProblem = await actionBodyProblem(req);
  if (bodyProblem) {
    return NextResponse.json({ title: 'Malformed request', code: 'BAD_REQUEST', detail: bodyProblem.detail }, { status: bodyProblem.status, headers });
  }

  const requestHeaders = new Headers(req.headers);
  requestHeaders.set('x-nonce', nonce);
  requestHeaders.set('Content-Security-Policy', csp);
  const res = NextResponse.next({ request: { headers: requestHeaders } });
  for (const [k, v] of Object.entries(headers)) res.headers.set(k, v);

  if (raw && !req.nextUrl.pathname.startsWith('/api/auth/')) {
    const claims = await decodeSession(raw, e.NEXTAUTH_SECRET);
    const now = Math.floor(Date.now() / 1000);
    if (!claims || !isWithinAbsoluteLifetime(claims, now)) {
      res.cookies.delete(cookieName);
    } else if (typeof claims.exp === 'number' && claims.exp - now < IDLE_TIMEOUT_SECONDS - REFRESH_AFTER_SECONDS) {
      const { exp: _exp, iat: _iat, jti: _jti, ...rest } = claims;
      res.cookies.set(cookieName, await encodeSession(rest, e.NEXTAUTH_SECRET), {
        httpOnly: true,
        sameSite: 'lax',
        secure: https,
        path: '/',
        maxAge: IDLE_TIMEOUT_SECONDS,
      });
    }
  }
  return res;
}

export const config = {
  matcher: [{ source: '/((?!_next/static|_next/image|favicon.ico).*)' }],
};
