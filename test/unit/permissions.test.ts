import { describe, expect, it } from 'vitest';
import { ALL_PERMISSIONS, permissionsOf, ROLES } from '@/lib/authz/permissions';
import { can, type Actor } from '@/lib/authz/actor';

const actor = (role: Actor['role'], extra: Partial<Actor> = {}): Actor => ({
  kind: 'session', userId: 'u', email: 'e@example.com', name: 'n', orgId: 'o', orgSlug: 'o', orgName: 'O', role, ...extra,
});

describe('the permission table (PRODUCT.md journey 2)', () => {
  it('gives each role exactly its permissions', () => {
    expect(permissionsOf('VIEWER')).toEqual(['org:read', 'tokens:create', 'credentials:read']);
    expect(permissionsOf('EDITOR')).toEqual(['org:read', 'tokens:create', 'pipelines:edit', 'runs:trigger', 'credentials:read']);
    expect(permissionsOf('ADMIN')).toEqual([
      'org:read', 'members:invite', 'members:update', 'audit:read', 'tokens:create', 'tokens:manage',
      'pipelines:edit', 'runs:trigger', 'infra:deploy', 'credentials:read', 'credentials:write',
    ]);
    expect(permissionsOf('OWNER')).toEqual(ALL_PERMISSIONS);
  });

  it('orders roles so that each includes everything below it', () => {
    for (let i = 1; i < ROLES.length; i++) {
      const higher = new Set(permissionsOf(ROLES[i - 1]!));
      for (const p of permissionsOf(ROLES[i]!)) expect(higher.has(p), `${ROLES[i - 1]} lacks ${p}`).toBe(true);
    }
  });

  it('limits a token to its scopes and to its creator’s current role', () => {
    expect(can(actor('EDITOR', { kind: 'token', scopes: ['org:read'] }), 'runs:trigger')).toBe(false);
    expect(can(actor('EDITOR', { kind: 'token', scopes: ['runs:trigger'] }), 'runs:trigger')).toBe(true);
    // Demoted since the token was made: the scope no longer counts.
    expect(can(actor('VIEWER', { kind: 'token', scopes: ['runs:trigger'] }), 'runs:trigger')).toBe(false);
    expect(can(actor('VIEWER'), 'pipelines:edit')).toBe(false);
  });
});
