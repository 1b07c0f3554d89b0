// Invitations: an owner or admin invites an email with a role; the link carries a one-time
// token (256 bits, stored hashed, valid 7 days). Accepting creates the account (or, for an
// existing account, checks its password) and the membership in one transaction.
import { createHash, randomBytes } from 'node:crypto';
import type { Role } from '@/lib/generated/prisma/enums';
import { db } from '@/lib/db';
import { acrossOrgs, inOrg } from '@/lib/db/tenant';
import { env } from '@/lib/env';
import { AppError } from '@/lib/errors';
import { newId } from '@/lib/ids';
import { auditActor, recordAudit } from '@/lib/audit';
import type { Actor } from '@/lib/authz/actor';
import { assertCan } from '@/lib/authz/assert';
import { hashPassword, verifyPassword } from '@/lib/auth/password';
import { mailConfigured } from '@/lib/mailer';
import { queueEmail } from '@/lib/mail/outbox';

export const INVITATION_TTL_MS = 7 * 24 * 60 * 60 * 1000;

const hashInviteToken = (token: string) => createHash('sha256').update(token).digest('hex');

export function invitationLink(token: string): string {
  return new URL(`/invite/${token}`, env().APP_URL).toString();
}

export interface CreatedInvitation {
  id: string;
  link: string;
  /** The link is also on its way by email (SMTP is configured); the worker sends it. */
  emailQueued: boolean;
}

export async function createInvitation(actor: Actor, email: string, role: Role): Promise<CreatedInvitation> {
  await assertCan(actor, 'members:invite', 'invitation.create');
  if (role === 'OWNER') await assertCan(actor, 'members:manage-owners', 'invitation.create');
  const token = randomBytes(32).toString('base64url');
  const id = newId();
  const link = invitationLink(token);
  const emailQueued = mailConfigured();
  await inOrg(actor.orgId, async (tx) => {
    const existing = await tx.membership.findFirst({ where: { orgId: actor.orgId, user: { email } }, select: { id: true } });
    if (existing) throw new AppError('CONFLICT', `${email} is already a member.`, { email: ['Already a member of this organization.'] });
    // A new invitation replaces any pending one for the same address.
    await tx.invitation.updateMany({
      where: { orgId: actor.orgId, email, acceptedAt: null, revokedAt: null },
      data: { revokedAt: new Date() },
    });
    await tx.invitation.create({
      data: {
        id,
        orgId: actor.orgId,
        email,
        role,
        tokenHash: hashInviteToken(token),
        invitedById: actor.userId,
        expiresAt: new Date(Date.now() + INVITATION_TTL_MS),
      },
    });
    await auditActor(tx, actor, 'invitation.create', { type: 'invitation', id }, { email, role, emailQueued });
    if (emailQueued) {
      await queueEmail(tx, {
        orgId: actor.orgId,
        to: email,
        subject: `${actor.name} invited you to ${actor.orgName} on Tapestry`,
        text: `${actor.name} invited you to join ${actor.orgName} on Tapestry as ${role.toLowerCase()}.\n\nAccept within 7 days: ${link}\n`,
        ref: { type: 'invitation', id },
      });
    }
  });
  return { id, link, emailQueued };
}

export async function revokeInvitation(actor: Actor, invitationId: string): Promise<void> {
  await assertCan(actor, 'members:invite', 'invitation.revoke');
  await inOrg(actor.orgId, async (tx) => {
    const inv = await tx.invitation.findFirst({
      where: { id: invitationId, orgId: actor.orgId },
      select: { id: true, email: true, acceptedAt: true, revokedAt: true, role: true },
    });
    if (!inv) throw new AppError('NOT_FOUND', 'That invitation does not exist.');
    if (inv.acceptedAt) throw new AppError('CONFLICT', 'That invitation was already accepted.');
    if (inv.revokedAt) return;
    if (inv.role === 'OWNER') await assertCan(actor, 'members:manage-owners', 'invitation.revoke');
    await tx.invitation.update({ where: { id: inv.id }, data: { revokedAt: new Date() } });
    await auditActor(tx, actor, 'invitation.revoke', { type: 'invitation', id: inv.id }, { email: inv.email });
  });
}

export interface PendingInvitation {
  email: string;
  role: Role;
  orgName: string;
  inviterName: string;
  accountExists: boolean;
}

async function findUsable(token: string) {
  if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return null;
  // The link names no organization: find it by the token's hash across all of them.
  const inv = await acrossOrgs((tx) =>
    tx.invitation.findUnique({
    where: { tokenHash: hashInviteToken(token) },
    select: {
      id: true,
      email: true,
      role: true,
      orgId: true,
      expiresAt: true,
      acceptedAt: true,
      revokedAt: true,
      org: { select: { name: true, slug: true } },
      invitedBy: { select: { name: true } },
    },
    }),
  );
  if (!inv || inv.acceptedAt || inv.revokedAt || inv.expiresAt <= new Date()) return null;
  return inv;
}

/** What the accept page shows; null when the link is unknown, used, revoked or expired. */
export async function describeInvitation(token: string): Promise<PendingInvitation | null> {
  const inv = await findUsable(token);
  if (!inv) return null;
  const accountExists = (await db().user.count({ where: { email: inv.email } })) > 0;
  return { email: inv.email, role: inv.role, orgName: inv.org.name, inviterName: inv.invitedBy.name, accountExists };
}

export async function acceptInvitation(
  token: string,
  input: { name?: string; password: string },
  req: { ip: string; userAgent: string },
): Promise<{ orgSlug: string; email: string }> {
  const inv = await findUsable(token);
  if (!inv) throw new AppError('NOT_FOUND', 'This invitation link is no longer valid. Ask for a new one.');
  const existing = await db().user.findUnique({ where: { email: inv.email }, select: { id: true, passwordHash: true } });
  if (existing && !(await verifyPassword(existing.passwordHash, input.password))) {
    throw new AppError('VALIDATION', 'That is not the password of this account.', { password: ['Enter your current Tapestry password.'] });
  }
  const passwordHash = existing ? null : await hashPassword(input.password);
  await inOrg(inv.orgId, async (tx) => {
    // Claim the invitation atomically: a second accept of the same link changes nothing.
    const claimed = await tx.invitation.updateMany({
      where: { id: inv.id, acceptedAt: null, revokedAt: null },
      data: { acceptedAt: new Date() },
    });
    if (claimed.count !== 1) throw new AppError('CONFLICT', 'This invitation was already used.');
    const userId =
      existing?.id ??
      (
        await tx.user.create({
          data: { id: newId(), email: inv.email, name: input.name ?? inv.email, passwordHash: passwordHash! },
          select: { id: true },
        })
      ).id;
    const already = await tx.membership.findFirst({ where: { orgId: inv.orgId, userId }, select: { id: true } });
    if (!already) await tx.membership.create({ data: { id: newId(), orgId: inv.orgId, userId, role: inv.role } });
    await recordAudit(tx, {
      orgId: inv.orgId,
      actorUserId: userId,
      actorLabel: inv.email,
      action: 'invitation.accept',
      targetType: 'invitation',
      targetId: inv.id,
      outcome: 'SUCCESS',
      metadata: { role: inv.role, newAccount: !existing },
      ip: req.ip,
      userAgent: req.userAgent,
    });
  });
  return { orgSlug: inv.org.slug, email: inv.email };
}
