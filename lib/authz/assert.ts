// The single enforcement point: every action and route calls assertCan before it acts.
// Refusals are logged and audited (ASVS 16.3.2), then surface as 403.
import { AppError } from '@/lib/errors';
import { logger } from '@/lib/logger';
import { recordAuditStandalone } from '@/lib/audit';
import { type Actor, actorLabel, can } from './actor';
import type { Permission } from './permissions';

export async function assertCan(actor: Actor, permission: Permission, action: string = permission): Promise<void> {
  if (can(actor, permission)) return;
  logger.warn({ event: 'authz.denied', userId: actor.userId, orgId: actor.orgId, permission, action }, 'authorization denied');
  await recordAuditStandalone({
    orgId: actor.orgId,
    actorUserId: actor.userId,
    actorLabel: actorLabel(actor),
    action,
    outcome: 'DENIED',
    metadata: { permission, role: actor.role, via: actor.kind },
    ip: actor.ip,
    userAgent: actor.userAgent,
  });
  throw new AppError('FORBIDDEN', `Your role (${actor.role.toLowerCase()}) does not allow this.`);
}
