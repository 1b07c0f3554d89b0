// Services that take an organization's slug from the URL answer NOT_FOUND for any organization
// but the actor's own, the same as for one that does not exist, so slugs cannot be probed (SEC-8).
import type { Actor } from '@/lib/authz/actor';
import { AppError } from '@/lib/errors';

export function assertActorOrg(actor: Actor, orgSlug: string): void {
  if (actor.orgSlug !== orgSlug) throw new AppError('NOT_FOUND');
}
