import 'server-only';
// Resolves the person behind the current request and their role in the organization named by
// the URL. One query on the happy path (PERF-5); React's cache() shares it across a render.
import { cache } from 'react';
import { cookies, headers } from 'next/headers';
import { db } from '@/lib/db';
import { acrossOrgs } from '@/lib/db/tenant';
import { env } from '@/lib/env';
import { AppError } from '@/lib/errors';
import type { Actor } from '@/lib/authz/actor';
import { decodeSession, sessionCookieName } from './session-cookie';
import { isWithinAbsoluteLifetime } from './session-policy';
import { requestInfo } from './request-info';

export interface SessionUser {
  id: string;
  email: string;
  name: string;
}

async function sessionClaims() {
  const e = env();
  const jar = await cookies();
  const claims = await decodeSession(jar.get(sessionCookieName(e.APP_URL.startsWith('https://')))?.value, e.NEXTAUTH_SECRET);
  if (!claims?.sub || typeof claims.sv !== 'number' || !isWithinAbsoluteLifetime(claims)) return null;
  return { userId: claims.sub, sv: claims.sv };
}

/** The signed-in user, or null when there is no live session. */
export const currentUser = cache(async (): Promise<SessionUser | null> => {
  const claims = await sessionClaims();
  if (!claims) return null;
  return db().user.findFirst({
    where: { id: claims.userId, sessionVersion: claims.sv, disabledAt: null },
    select: { id: true, email: true, name: true },
  });
});

/** The signed-in user's membership in `orgSlug`. Throws UNAUTHENTICATED or NOT_FOUND. */
export const currentActor = cache(async (orgSlug: string): Promise<Actor> => {
  const claims = await sessionClaims();
  if (!claims) throw new AppError('UNAUTHENTICATED');
  // The URL names the organization by slug; this look-up is what finds its id, so it reads
  // across tenants, and only the signed-in user's own membership.
  const membership = await acrossOrgs((tx) =>
    tx.membership.findFirst({
      where: {
        org: { slug: orgSlug },
        user: { id: claims.userId, sessionVersion: claims.sv, disabledAt: null },
      },
      select: {
        role: true,
        user: { select: { id: true, email: true, name: true } },
        org: { select: { id: true, slug: true, name: true } },
      },
    }),
  );
  if (!membership) {
    // Distinguish a dead session (sign in again) from a foreign organization (not found).
    if (!(await currentUser())) throw new AppError('UNAUTHENTICATED');
    throw new AppError('NOT_FOUND');
  }
  const info = requestInfo(await headers());
  return {
    kind: 'session',
    userId: membership.user.id,
    email: membership.user.email,
    name: membership.user.name,
    orgId: membership.org.id,
    orgSlug: membership.org.slug,
    orgName: membership.org.name,
    role: membership.role,
    ip: info.ip,
    userAgent: info.userAgent,
  };
});
