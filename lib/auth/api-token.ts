// API tokens: "tap_" + 256 random bits, shown once, stored as SHA-256. A request with
// `Authorization: Bearer tap_…` acts as the token's creator, limited to the token's scopes and
// to the creator's current role in the token's organization.
import { createHash, randomBytes } from 'node:crypto';
import { acrossOrgs, inOrg } from '@/lib/db/tenant';
import { AppError } from '@/lib/errors';
import type { Actor } from '@/lib/authz/actor';
import { ALL_PERMISSIONS, type Permission } from '@/lib/authz/permissions';
import { requestInfo } from './request-info';

const PREFIX = 'tap_';
const TOKEN_PATTERN = /^tap_[A-Za-z0-9_-]{43}$/;
const LAST_USED_RESOLUTION_MS = 60_000;

export function generateToken(): { token: string; prefix: string; hash: string } {
  const token = PREFIX + randomBytes(32).toString('base64url');
  return { token, prefix: token.slice(0, 12), hash: hashToken(token) };
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export function bearerToken(authorization: string | null): string | null {
  const match = /^Bearer\s+(\S+)$/i.exec(authorization?.trim() ?? '');
  return match?.[1] ?? null;
}

/** Resolves a bearer token to an actor. Throws UNAUTHENTICATED for anything unusable. */
export async function actorFromToken(request: Request): Promise<Actor> {
  const token = bearerToken(request.headers.get('authorization'));
  if (!token || !TOKEN_PATTERN.test(token)) throw new AppError('UNAUTHENTICATED', 'A valid API token is required.');
  // A token names no organization: find it by its hash across all of them.
  const row = await acrossOrgs((tx) =>
    tx.apiToken.findUnique({
    where: { tokenHash: hashToken(token) },
    select: {
      id: true,
      name: true,
      scopes: true,
      revokedAt: true,
      expiresAt: true,
      lastUsedAt: true,
      orgId: true,
      org: { select: { slug: true, name: true } },
      user: { select: { id: true, email: true, name: true, disabledAt: true, memberships: { select: { orgId: true, role: true } } } },
    },
    }),
  );
  const now = new Date();
  const membership = row?.user.memberships.find((m) => m.orgId === row.orgId);
  if (!row || row.revokedAt || (row.expiresAt && row.expiresAt <= now) || row.user.disabledAt || !membership) {
    throw new AppError('UNAUTHENTICATED', 'This API token is not valid (revoked, expired or unknown).');
  }
  if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() > LAST_USED_RESOLUTION_MS) {
    await inOrg(row.orgId, (tx) => tx.apiToken.update({ where: { id: row.id }, data: { lastUsedAt: now } }));
  }
  const info = requestInfo(request.headers);
  return {
    kind: 'token',
    userId: row.user.id,
    email: row.user.email,
    name: row.user.name,
    orgId: row.orgId,
    orgSlug: row.org.slug,
    orgName: row.org.name,
    role: membership.role,
    scopes: row.scopes.filter((s): s is Permission => (ALL_PERMISSIONS as string[]).includes(s)),
    tokenId: row.id,
    tokenName: row.name,
    ip: info.ip,
    userAgent: info.userAgent,
  };
}
