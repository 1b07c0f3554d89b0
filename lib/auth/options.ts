// next-auth v4 configuration: Credentials provider, JWT sessions that carry only the user id,
// the session version and the sign-in time. The role is read from the database per request
// (lib/auth/current-actor.ts), so a demoted or removed member loses access at once.
import type { NextAuthOptions } from 'next-auth';
import CredentialsProvider from 'next-auth/providers/credentials';
import { db } from '@/lib/db';
import { env } from '@/lib/env';
import { recordAuditStandalone } from '@/lib/audit';
import { authenticate } from './credentials';
import { requestInfo, type RequestInfo } from './request-info';
import { IDLE_TIMEOUT_SECONDS, type SessionClaims } from './session-policy';

export const THROTTLED_ERROR = 'Throttled';

function headerGetter(headers: Record<string, unknown> | undefined) {
  return {
    get(name: string): string | null {
      const v = headers?.[name] ?? headers?.[name.toLowerCase()];
      return typeof v === 'string' ? v : Array.isArray(v) ? String(v[0]) : null;
    },
  };
}

/**
 * The request being handled, for audit rows written from next-auth's events (which are not
 * handed the request). Null outside a Next.js request, e.g. in tests calling next-auth directly.
 */
async function currentRequestInfo(): Promise<RequestInfo | null> {
  try {
    const { headers } = await import('next/headers');
    return requestInfo(await headers());
  } catch {
    return null;
  }
}

export function authOptions(): NextAuthOptions {
  const e = env();
  return {
    secret: e.NEXTAUTH_SECRET,
    useSecureCookies: e.APP_URL.startsWith('https://'),
    session: { strategy: 'jwt', maxAge: IDLE_TIMEOUT_SECONDS, updateAge: 60 },
    jwt: { maxAge: IDLE_TIMEOUT_SECONDS },
    pages: { signIn: '/sign-in', error: '/sign-in' },
    providers: [
      CredentialsProvider({
        name: 'Email and password',
        credentials: { email: { label: 'Email', type: 'email' }, password: { label: 'Password', type: 'password' } },
        async authorize(credentials, req) {
          const email = typeof credentials?.email === 'string' ? credentials.email : '';
          const password = typeof credentials?.password === 'string' ? credentials.password : '';
          const result = await authenticate(email, password, requestInfo(headerGetter(req.headers)));
          if (result.ok) return { id: result.userId, sv: result.sessionVersion };
          if (result.reason === 'throttled') throw new Error(`${THROTTLED_ERROR}:${result.retryAfterSeconds}`);
          return null;
        },
      }),
    ],
    callbacks: {
      jwt({ token, user }) {
        const claims = token as typeof token & SessionClaims;
        if (user) {
          claims.sub = user.id;
          claims.sv = (user as { sv?: number }).sv ?? 1;
          claims.authTime = Math.floor(Date.now() / 1000);
          // next-auth copies these by default; the session must carry ids only.
          delete claims.email;
          delete claims.name;
          delete claims.picture;
        }
        return claims;
      },
      session({ session, token }) {
        return { expires: session.expires, user: { id: token.sub } } as typeof session;
      },
    },
    events: {
      // Ending a session bumps the version so that copies of the cookie die with it.
      async signOut({ token }) {
        const userId = token?.sub;
        if (!userId) return;
        await db().user.updateMany({ where: { id: userId }, data: { sessionVersion: { increment: 1 } } });
        const info = await currentRequestInfo();
        await recordAuditStandalone({
          orgId: null,
          actorUserId: userId,
          actorLabel: userId,
          action: 'auth.sign_out',
          outcome: 'SUCCESS',
          ip: info?.ip ?? null,
          userAgent: info?.userAgent ?? null,
        });
      },
    },
  };
}
