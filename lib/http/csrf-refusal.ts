// What the proxy does when it refuses a cross-site or origin-less state change (SEC-5, SEC-7):
// a structured log line (never the cookie), and, when the request carries a live session of a
// member of the organization its path names, an audit row in that organization, so its admins
// see that someone's browser was made to try a change. Only runs on refusals.
import { db } from '@/lib/db';
import { recordAuditStandalone } from '@/lib/audit';
import { logger } from '@/lib/logger';
import { requestInfo } from '@/lib/auth/request-info';
import type { SessionClaims } from '@/lib/auth/session-policy';

interface RefusedRequest {
  method: string;
  pathname: string;
  headers: { get(name: string): string | null };
}

interface SessionRow {
  id: string;
  email: string;
  memberships: Array<{ org: { id: string; slug: string } }>;
}

/** The organization the path names (`/<slug>/…`), if the session's user belongs to it. */
async function orgOfSession(claims: SessionClaims | null, pathname: string) {
  const slug = /^\/([a-z0-9-]{1,64})(?:\/|$)/.exec(pathname)?.[1];
  if (!slug || !claims?.sub || typeof claims.sv !== 'number') return null;
  const [user] = await db().$queryRaw<SessionRow[]>`SELECT id, email, memberships FROM session_lookup(${claims.sub}, ${claims.sv}::int)`;
  const membership = user?.memberships.find((m) => m.org.slug === slug);
  return user && membership ? { userId: user.id, email: user.email, orgId: membership.org.id } : null;
}

export async function reportCsrfRefusal(req: RefusedRequest, claims: SessionClaims | null): Promise<void> {
  const info = requestInfo(req.headers);
  const origin = req.headers.get('origin')?.slice(0, 200) ?? null;
  const secFetchSite = req.headers.get('sec-fetch-site');
  logger.warn(
    { event: 'csrf.refused', method: req.method, path: req.pathname, origin, secFetchSite, ip: info.ip, userAgent: info.userAgent, userId: claims?.sub },
    'cross-site or origin-less state change refused',
  );
  try {
    const member = await orgOfSession(claims, req.pathname);
    if (!member) return;
    await recordAuditStandalone({
      orgId: member.orgId,
      actorUserId: member.userId,
      actorLabel: member.email,
      action: 'csrf.refused',
      targetType: 'route',
      targetId: req.pathname.slice(0, 200),
      outcome: 'DENIED',
      metadata: { method: req.method, origin, secFetchSite, serverAction: req.headers.get('next-action') !== null },
      ip: info.ip,
      userAgent: info.userAgent,
    });
  } catch (err) {
    // The refusal stands whatever happens here; the log line above already records it.
    logger.error({ event: 'csrf.audit_failed', err }, 'could not audit a refused cross-site request');
  }
}
