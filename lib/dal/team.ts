import 'server-only';
// Read models for the team settings pages. Every function takes the actor, checks its
// permission and scopes the query to the actor's organization.
import { inOrg } from '@/lib/db/tenant';
import { emailStatusByRef } from '@/lib/mail/outbox';
import type { Actor } from '@/lib/authz/actor';
import { can } from '@/lib/authz/actor';
import { assertCan } from '@/lib/authz/assert';

export async function listMembers(actor: Actor) {
  await assertCan(actor, 'org:read');
  const rows = await inOrg(actor.orgId, (tx) =>
    tx.membership.findMany({
      where: { orgId: actor.orgId },
      orderBy: [{ role: 'asc' }, { createdAt: 'asc' }],
      select: { id: true, role: true, createdAt: true, user: { select: { id: true, name: true, email: true, lastSignInAt: true } } },
    }),
  );
  return rows.map((r) => ({
    id: r.id,
    role: r.role,
    joinedAt: r.createdAt,
    userId: r.user.id,
    name: r.user.name,
    email: r.user.email,
    lastSignInAt: r.user.lastSignInAt,
    isYou: r.user.id === actor.userId,
  }));
}

/** Pending invitations with the delivery status of their email (null when the link was only shown). */
export async function listPendingInvitations(actor: Actor) {
  if (!can(actor, 'members:invite')) return [];
  return inOrg(actor.orgId, async (tx) => {
    const invitations = await tx.invitation.findMany({
      where: { orgId: actor.orgId, acceptedAt: null, revokedAt: null, expiresAt: { gt: new Date() } },
      orderBy: { createdAt: 'desc' },
      select: { id: true, email: true, role: true, expiresAt: true, createdAt: true, invitedBy: { select: { name: true } } },
    });
    const emails = await emailStatusByRef(tx, 'invitation', invitations.map((i) => i.id));
    return invitations.map((i) => ({ ...i, emailStatus: emails.get(i.id) ?? null }));
  });
}

export async function listApiTokens(actor: Actor) {
  await assertCan(actor, 'tokens:create');
  const everyone = can(actor, 'tokens:manage');
  return inOrg(actor.orgId, (tx) =>
    tx.apiToken.findMany({
    where: { orgId: actor.orgId, ...(everyone ? {} : { userId: actor.userId }) },
    orderBy: [{ revokedAt: { sort: 'desc', nulls: 'first' } }, { createdAt: 'desc' }],
    select: {
      id: true,
      name: true,
      prefix: true,
      scopes: true,
      lastUsedAt: true,
      expiresAt: true,
      revokedAt: true,
      createdAt: true,
      user: { select: { name: true, email: true } },
    },
    }),
  );
}

export const AUDIT_PAGE_SIZE = 50;

/** Newest first, keyset-paginated by id so deep pages stay fast. */
export async function listAuditEvents(actor: Actor, before?: bigint) {
  await assertCan(actor, 'audit:read');
  const rows = await inOrg(actor.orgId, (tx) =>
    tx.auditEvent.findMany({
      where: { orgId: actor.orgId, ...(before ? { id: { lt: before } } : {}) },
      orderBy: { id: 'desc' },
      take: AUDIT_PAGE_SIZE + 1,
      select: { id: true, createdAt: true, actorLabel: true, action: true, targetType: true, targetId: true, outcome: true, metadata: true, ip: true },
    }),
  );
  const hasMore = rows.length > AUDIT_PAGE_SIZE;
  const page = rows.slice(0, AUDIT_PAGE_SIZE);
  return { events: page, nextBefore: hasMore ? page.at(-1)?.id : undefined };
}
