// Who is acting, resolved on the server for every request: from the session cookie (a person
// in the browser) or from a bearer token (a script). The role always comes from the database
// at request time, never from the cookie or token.
import type { Role } from '@/lib/generated/prisma/enums';
import { type Permission, roleHas } from './permissions';

export interface Actor {
  kind: 'session' | 'token';
  userId: string;
  email: string;
  name: string;
  orgId: string;
  orgSlug: string;
  orgName: string;
  role: Role;
  /** For tokens: the scopes granted when it was created. Sessions have every permission of the role. */
  scopes?: readonly Permission[];
  tokenId?: string;
  tokenName?: string;
  /** Request facts for the audit log. */
  ip?: string;
  userAgent?: string;
}

export function can(actor: Actor, permission: Permission): boolean {
  if (!roleHas(actor.role, permission)) return false;
  if (actor.kind === 'token') return actor.scopes?.includes(permission) ?? false;
  return true;
}

export function actorLabel(actor: Actor): string {
  return actor.kind === 'token' ? `${actor.email} (token ${actor.tokenName ?? ''})` : actor.email;
}
