// Changing roles and removing members. The rules beyond the permission table:
// only owners grant or take away OWNER, and an organization always keeps at least one owner.
// Every change bumps the member's session version, so their open sessions end (SEC-3).
import type { Prisma } from '@/lib/generated/prisma/client';
import type { Role } from '@/lib/generated/prisma/enums';
import { inOrg } from '@/lib/db/tenant';
import { AppError } from '@/lib/errors';
import { auditActor } from '@/lib/audit';
import type { Actor } from '@/lib/authz/actor';
import { assertCan } from '@/lib/authz/assert';

type Tx = Prisma.TransactionClient;

/** Serializes membership changes per organization so the last-owner rule cannot be raced. */
async function lockOrgMembers(tx: Tx, orgId: string) {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${'members:' + orgId}))`;
}

async function loadMembership(tx: Tx, actor: Actor, membershipId: string) {
  const m = await tx.membership.findFirst({
    where: { id: membershipId, orgId: actor.orgId },
    select: { id: true, role: true, userId: true, user: { select: { email: true } } },
  });
  if (!m) throw new AppError('NOT_FOUND', 'That member is not in this organization.');
  return m;
}

async function ownerCount(tx: Tx, orgId: string) {
  return tx.membership.count({ where: { orgId, role: 'OWNER' } });
}

export async function changeMemberRole(actor: Actor, membershipId: string, role: Role): Promise<void> {
  await assertCan(actor, 'members:update', 'member.change_role');
  if (role === 'OWNER') await assertCan(actor, 'members:manage-owners', 'member.change_role');
  await inOrg(actor.orgId, async (tx) => {
    await lockOrgMembers(tx, actor.orgId);
    const m = await loadMembership(tx, actor, membershipId);
    if (m.role === role) return;
    if (m.role === 'OWNER') {
      await assertCan(actor, 'members:manage-owners', 'member.change_role');
      if ((await ownerCount(tx, actor.orgId)) <= 1) {
        throw new AppError('CONFLICT', 'This is the last owner. Make someone else an owner first.');
      }
    }
    await tx.membership.update({ where: { id: m.id }, data: { role } });
    await tx.user.update({ where: { id: m.userId }, data: { sessionVersion: { increment: 1 } } });
    await auditActor(tx, actor, 'member.change_role', { type: 'membership', id: m.id }, { email: m.user.email, from: m.role, to: role });
  });
}

export async function removeMember(actor: Actor, membershipId: string): Promise<void> {
  await assertCan(actor, 'members:update', 'member.remove');
  await inOrg(actor.orgId, async (tx) => {
    await lockOrgMembers(tx, actor.orgId);
    const m = await loadMembership(tx, actor, membershipId);
    if (m.role === 'OWNER') {
      await assertCan(actor, 'members:manage-owners', 'member.remove');
      if ((await ownerCount(tx, actor.orgId)) <= 1) {
        throw new AppError('CONFLICT', 'This is the last owner and cannot be removed.');
      }
    }
    await tx.membership.delete({ where: { id: m.id } });
    await tx.apiToken.updateMany({ where: { orgId: actor.orgId, userId: m.userId, revokedAt: null }, data: { revokedAt: new Date() } });
    await tx.user.update({ where: { id: m.userId }, data: { sessionVersion: { increment: 1 } } });
    await auditActor(tx, actor, 'member.remove', { type: 'membership', id: m.id }, { email: m.user.email, role: m.role });
  });
}

/** Leaving is allowed to every role, except the last owner. */
export async function leaveOrganization(actor: Actor): Promise<void> {
  await inOrg(actor.orgId, async (tx) => {
    await lockOrgMembers(tx, actor.orgId);
    const m = await tx.membership.findFirst({ where: { orgId: actor.orgId, userId: actor.userId }, select: { id: true, role: true } });
    if (!m) throw new AppError('NOT_FOUND');
    if (m.role === 'OWNER' && (await ownerCount(tx, actor.orgId)) <= 1) {
      throw new AppError('CONFLICT', 'You are the last owner. Make someone else an owner before leaving.');
    }
    await tx.membership.delete({ where: { id: m.id } });
    await tx.apiToken.updateMany({ where: { orgId: actor.orgId, userId: actor.userId, revokedAt: null }, data: { revokedAt: new Date() } });
    await auditActor(tx, actor, 'member.leave', { type: 'membership', id: m.id });
  });
}
