// API tokens: "tap_" + 256 random bits, shown once, stored as SHA-256. A request with
// `Authorization: Bearer tap_…` acts as the token's creator, limited to the token's scopes and
// to the creator's current role in the token's organization. A refused token is logged (never
// the token itself) and, when it names an organization (revoked, expired, its owner disabled or
// removed), audited there too (SEC-7).
import { createHash, randomBytes } from 'node:crypto';
import { acrossOrgs, inOrg } from '@/lib/db/tenant';
import { AppError } from '@/lib/errors';
import { recordAuditStandalone } from '@/lib/audit';
import { logger } from '@/lib/logger';
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

type RefusalReason = 'missing' | 'malformed' | 'unknown' | 'revoked' | 'expired' | 'user-disabled' | 'not-a-member';

interface KnownToken {
  id: string;
  name: string;
  orgId: string;
  userId: string;
  email: string;
}

async function refuse(request: Request, reason: RefusalReason, token?: KnownToken): Promise<never> {
  const info = requestInfo(request.headers);
  const path = new URL(request.url).pathname;
  const fields = { event: 'api_token.refused', reason, method: request.method, path, ip: info.ip, userAgent: info.userAgent };
  if (reason === 'missing') logger.info(fields, 'API call without a token');
  else logger.warn({ ...fields, tokenId: token?.id, orgId: token?.orgId }, 'API token refused');
  if (token) {
    await recordAuditStandalone({
      orgId: token.orgId,
      actorUserId: token.userId,
      actorLabel: `${token.email} (token ${token.name})`,
      action: 'api_token.refused',
      targetType: 'api_token',
      targetId: token.id,
      outcome: 'DENIED',
      metadata: { reason, method: request.method, path },
      ip: info.ip,
      userAgent: info.userAgent,
    });
  }
  throw new AppError(
    'UNAUTHENTICATED',
    reason === 'missing' || reason === 'malformed' ? 'A valid API token is required.' : 'This API token is not valid (revoked, expired or unknown).',
  );
}

/** Resolves a bearer token to an actor. Throws UNAUTHENTICATED for anything unusable. */
export async function actorFromToken(request: Request): Promise<Actor> {
  const token = bearerToken(request.headers.get('authorization'));
  if (!token) return refuse(request, 'missing');
  if (!TOKEN_PATTERN.test(token)) return refuse(request, 'malformed');
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
  if (!row) return refuse(request, 'unknown');
  const now = new Date();
  const membership = row.user.memberships.find((m) => m.orgId === row.orgId);
  const known = { id: row.id, name: row.name, orgId: row.orgId, userId: row.user.id, email: row.user.email };
  if (row.revokedAt) return refuse(request, 'revoked', known);
  if (row.expiresAt && row.expiresAt <= now) return refuse(request, 'expired', known);
  if (row.user.disabledAt) return refuse(request, 'user-disabled', known);
  if (!membership) return refuse(request, 'not-a-member', known);
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
