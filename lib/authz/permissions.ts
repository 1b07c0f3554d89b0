// The one table of who may do what. Every server action and route names a permission from
// here; lib/authz/assert.ts enforces it; the authorization matrix test reads it.
import type { Role } from '@/lib/generated/prisma/enums';

export const ROLES = ['OWNER', 'ADMIN', 'EDITOR', 'VIEWER'] as const satisfies readonly Role[];

const ALL: readonly Role[] = ROLES;
const ADMINS: readonly Role[] = ['OWNER', 'ADMIN'];
const EDITORS: readonly Role[] = ['OWNER', 'ADMIN', 'EDITOR'];

export const PERMISSIONS = {
  'org:read': { roles: ALL, description: 'See the organization, its pipelines, runs, monitors and members.' },
  'org:update': { roles: ['OWNER'], description: 'Rename the organization.' },
  'members:invite': { roles: ADMINS, description: 'Invite people and revoke pending invitations.' },
  'members:update': { roles: ADMINS, description: 'Change a member’s role or remove a member (owners only for OWNER).' },
  'members:manage-owners': { roles: ['OWNER'], description: 'Grant or take away the OWNER role.' },
  'audit:read': { roles: ADMINS, description: 'Read the audit log.' },
  'tokens:create': { roles: ALL, description: 'Create API tokens limited to one’s own permissions, and revoke one’s own.' },
  'tokens:manage': { roles: ADMINS, description: 'See and revoke every API token of the organization.' },
  'pipelines:edit': { roles: EDITORS, description: 'Create and edit pipelines.' },
  'runs:trigger': { roles: EDITORS, description: 'Trigger, retry and cancel runs.' },
  'infra:deploy': { roles: ADMINS, description: 'Deploy, resize and tear down infrastructure.' },
  'credentials:read': { roles: ALL, description: 'See credential names, kinds and "set ✓" status (never a value).' },
  'credentials:write': { roles: ADMINS, description: 'Create, replace and delete credentials.' },
} as const satisfies Record<string, { roles: readonly Role[]; description: string }>;

export type Permission = keyof typeof PERMISSIONS;

export const ALL_PERMISSIONS = Object.keys(PERMISSIONS) as Permission[];

export function roleHas(role: Role, permission: Permission): boolean {
  return (PERMISSIONS[permission].roles as readonly Role[]).includes(role);
}

export function permissionsOf(role: Role): Permission[] {
  return ALL_PERMISSIONS.filter((p) => roleHas(role, p));
}

/** Roles ordered from most to least powerful, for "may X manage Y" comparisons. */
export function roleRank(role: Role): number {
  return ROLES.length - ROLES.indexOf(role);
}
