import 'server-only';
// Resolves the person behind the current request and their role in the organization named by
// the URL. One query per request (PERF-5): the live user with all their memberships, which
// React's cache() shares across the render (layout, page, organization switcher).
import { cache } from 'react';
import { cookies, headers } from 'next/headers';
import { db } from '@/lib/db';
import { env } from '@/lib/env';
import { AppError } from '@/lib/errors';
import type { Role } from '@/lib/generated/prisma/enums';
import type { Actor } from '@/lib/authz/actor';
import { decodeSession, sessionCookieName } from './session-cookie';
import { isWithinAbsoluteLifetime } from './session-policy';
import { requestInfo } from './request-info';

export interface SessionUser {
  id: string;
  email: string;
  name: string;
}

export interface SessionMembership {
  role: Role;
  org: { id: string; slug: string; name: string };
}

async function sessionClaims() {
  const e = env();
  const jar = await cookies();
  const claims = await decodeSession(jar.get(sessionCookieName(e.APP_URL.startsWith('https://')))?.value, e.NEXTAUTH_SECRET);
  if (!claims?.sub || typeof claims.sv !== 'number' || !isWithinAbsoluteLifetime(claims)) return null;
  return { userId: claims.sub, sv: claims.sv };
}

/**
 * The signed-in user and their memberships, oldest first; null when there is no live session
 * (none, expired, signed out elsewhere, or the account disabled). Memberships span
 * organizations by nature: the database function returns this user's own rows only, in one
 * round trip (prisma/migrations/*_session_lookup).
 */
const liveSession = cache(async (): Promise<(SessionUser & { memberships: SessionMembership[] }) | null> => {
  const claims = await sessionClaims();
  if (!claims) return null;
  const [row] = await db().$queryRaw<Array<SessionUser & { memberships: SessionMembership[] }>>`
    SELECT id, email, name, memberships FROM session_lookup(${claims.userId}, ${claims.sv}::int)`;
  return row ?? null;
});

/** The signed-in user, or null when there is no live session. */
export async function currentUser(): Promise<SessionUser | null> {
  const session = await liveSession();
  return session && { id: session.id, email: session.email, name: session.name };
}

/** The organizations the signed-in user belongs to (empty without a live session). */
export async function myMemberships(): Promise<SessionMembership[]> {
  return (await liveSession())?.memberships ?? [];
}

/** The signed-in user's membership in `orgSlug`. Throws UNAUTHENTICATED or NOT_FOUND. */
export async function currentActor(orgSlug: string): Promise<Actor> {
  const session = await liveSession();
  if (!session) throw new AppError('UNAUTHENTICATED');
  // Not a member and no such organization look the same, so slugs cannot be probed.
  const membership = session.memberships.find((m) => m.org.slug === orgSlug);
  if (!membership) throw new AppError('NOT_FOUND');
  const info = requestInfo(await headers());
  return {
    kind: 'session',
    userId: session.id,
    email: session.email,
    name: session.name,
    orgId: membership.org.id,
    orgSlug: membership.org.slug,
    orgName: membership.org.name,
    role: membership.role,
    ip: info.ip,
    userAgent: info.userAgent,
  };
}
