// First run: the very first visit creates the organization and its owner. Serialized by an
// advisory lock so two browsers racing through setup cannot create two installations.
import { db } from '@/lib/db';
import { acrossOrgs } from '@/lib/db/tenant';
import { AppError } from '@/lib/errors';
import { newId } from '@/lib/ids';
import { recordAudit } from '@/lib/audit';
import { hashPassword } from '@/lib/auth/password';
import { slugify } from '@/lib/slug';

const SETUP_LOCK = 5_144_272;

export async function isSetupComplete(): Promise<boolean> {
  return (await db().organization.count()) > 0;
}

export interface SetupInput {
  orgName: string;
  name: string;
  email: string;
  password: string;
}

export async function completeFirstRunSetup(input: SetupInput, req: { ip: string; userAgent: string }) {
  const passwordHash = await hashPassword(input.password);
  // The first organization: there is no tenant to scope to yet.
  return acrossOrgs(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(${SETUP_LOCK})`;
    if ((await tx.organization.count()) > 0) throw new AppError('CONFLICT', 'This installation is already set up. Sign in instead.');
    const org = await tx.organization.create({ data: { id: newId(), name: input.orgName, slug: slugify(input.orgName) } });
    const user = await tx.user.create({
      data: { id: newId(), email: input.email, name: input.name, passwordHash },
      select: { id: true },
    });
    await tx.membership.create({ data: { id: newId(), orgId: org.id, userId: user.id, role: 'OWNER' } });
    await recordAudit(tx, {
      orgId: org.id,
      actorUserId: user.id,
      actorLabel: input.email,
      action: 'org.create',
      targetType: 'organization',
      targetId: org.id,
      outcome: 'SUCCESS',
      metadata: { name: input.orgName, via: 'first-run setup' },
      ip: req.ip,
      userAgent: req.userAgent,
    });
    return { orgSlug: org.slug, userId: user.id };
  });
}
