// SEC-8's second layer, at the database: the app's role sees a tenant table's rows only inside
// a transaction scoped to their organization, cannot write rows into another, and no tenant
// table escapes the policies.
import { beforeAll, describe, expect, it } from 'vitest';
import { APP_DB_ROLE, db } from '@/lib/db';
import { acrossOrgs, inOrg } from '@/lib/db/tenant';
import { newId } from '@/lib/ids';
import { createApiToken } from '@/lib/services/api-tokens';
import { createInvitation } from '@/lib/services/invitations';
import { sql } from '../support/database';
import { anotherOrg, firstRunOrg, type TestOrg } from '../support/factories';
import { ownerDb } from '../support/owner-db';

let a: TestOrg;
let b: TestOrg;
let bInvitationId: string;
let bTokenId: string;

beforeAll(async () => {
  a = await firstRunOrg();
  b = await anotherOrg('Canary');
  await a.member('EDITOR');
  await createInvitation(a.owner, 'someone@a.example', 'VIEWER');
  await createApiToken(a.owner, { name: 'a token', scopes: ['org:read'], expiresInDays: 1 });
  bInvitationId = (await createInvitation(b.owner, 'canary@b.example', 'VIEWER')).id;
  bTokenId = (await createApiToken(b.owner, { name: 'canary token', scopes: ['org:read'], expiresInDays: 1 })).id;
});

const counts = (tx: Pick<ReturnType<typeof db>, 'membership' | 'invitation' | 'apiToken' | 'auditEvent'>) =>
  Promise.all([tx.membership.count(), tx.invitation.count(), tx.apiToken.count(), tx.auditEvent.count()]);

describe('row-level tenant policies (SEC-8)', () => {
  it('show the app nothing outside a scoped transaction', async () => {
    expect(await counts(db())).toEqual([0, 0, 0, 0]);
    const [members] = await counts(ownerDb());
    expect(members).toBeGreaterThanOrEqual(3);
  });

  it('show one organization its own rows only, even to a query that forgets its filter', async () => {
    const seen = await inOrg(a.orgId, async (tx) => ({
      orgs: new Set([
        ...(await tx.membership.findMany({ select: { orgId: true } })),
        ...(await tx.invitation.findMany({ select: { orgId: true } })),
        ...(await tx.apiToken.findMany({ select: { orgId: true } })),
        ...(await tx.auditEvent.findMany({ select: { orgId: true } })),
      ].map((r) => r.orgId)),
      bInvitation: await tx.invitation.findUnique({ where: { id: bInvitationId } }),
      bToken: await tx.apiToken.findUnique({ where: { id: bTokenId } }),
    }));
    expect([...seen.orgs]).toEqual([a.orgId]);
    expect(seen.bInvitation).toBeNull();
    expect(seen.bToken).toBeNull();
  });

  it('refuse writes into another organization and leave its rows untouched', async () => {
    await expect(
      inOrg(a.orgId, (tx) => tx.membership.create({ data: { id: newId(), orgId: b.orgId, userId: a.owner.userId, role: 'OWNER' } })),
    ).rejects.toThrow(/row-level security/);
    const changed = await inOrg(a.orgId, async (tx) => ({
      revoked: (await tx.invitation.updateMany({ where: { id: bInvitationId }, data: { revokedAt: new Date() } })).count,
      tokens: (await tx.apiToken.updateMany({ where: { orgId: b.orgId }, data: { revokedAt: new Date() } })).count,
      removed: (await tx.membership.deleteMany({ where: { orgId: b.orgId } })).count,
    }));
    expect(changed).toEqual({ revoked: 0, tokens: 0, removed: 0 });
    expect((await ownerDb().invitation.findUniqueOrThrow({ where: { id: bInvitationId } })).revokedAt).toBeNull();
    expect(await ownerDb().membership.count({ where: { orgId: b.orgId } })).toBe(1);
  });

  it('let the cross-organization look-ups see every tenant', async () => {
    const orgs = await acrossOrgs(async (tx) => new Set((await tx.membership.findMany({ select: { orgId: true } })).map((r) => r.orgId)));
    expect(orgs).toEqual(new Set([a.orgId, b.orgId]));
  });

  it('leave the session look-up only its own user, and only for a live session', async () => {
    const both = await b.member('VIEWER');
    await ownerDb().membership.create({ data: { id: newId(), orgId: a.orgId, userId: both.userId, role: 'EDITOR' } });
    type Row = { id: string; memberships: Array<{ role: string; org: { id: string } }> };
    const lookup = (userId: string, sv: number) => db().$queryRaw<Row[]>`SELECT id, memberships FROM session_lookup(${userId}, ${sv}::int)`;
    const [row] = await lookup(both.userId, 1);
    expect(row?.memberships.map((m) => [m.org.id, m.role])).toEqual([
      [b.orgId, 'VIEWER'],
      [a.orgId, 'EDITOR'],
    ]);
    expect(await lookup(both.userId, 2)).toEqual([]); // signed out or demoted since
    await ownerDb().user.update({ where: { id: both.userId }, data: { disabledAt: new Date() } });
    expect(await lookup(both.userId, 1)).toEqual([]);
  });

  it('cover every table with an org_id column, for a role that cannot bypass them', async () => {
    const url = process.env.DATABASE_URL!;
    const tenantTables = await sql<{ table: string; rls: boolean; policies: number }>(
      url,
      `SELECT c.relname AS table, c.relrowsecurity AS rls,
              (SELECT count(*)::int FROM pg_policy p WHERE p.polrelid = c.oid) AS policies
         FROM information_schema.columns col
         JOIN pg_class c ON c.relname = col.table_name AND c.relnamespace = 'public'::regnamespace
        WHERE col.table_schema = 'public' AND col.column_name = 'org_id'
        ORDER BY 1`,
    );
    expect(tenantTables.map((t) => t.table)).toEqual([
      'api_token', 'audit_event', 'credential', 'deployment', 'deployment_step', 'idempotency_key', 'invitation', 'membership', 'outbound_email',
      'pipeline', 'pipeline_destination', 'pipeline_incident', 'pipeline_resource', 'pipeline_run', 'pipeline_source', 'pipeline_transformation',
      'pipeline_warehouse', 'run_job', 'run_stage', 'stack_event',
    ]);
    for (const t of tenantTables) expect(t, t.table).toMatchObject({ rls: true, policies: 1 });
    const [role] = await sql<{ rolsuper: boolean; rolbypassrls: boolean }>(url, `SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = $1`, [APP_DB_ROLE]);
    expect(role).toEqual({ rolsuper: false, rolbypassrls: false });
    const [who] = await db().$queryRaw<Array<{ current_user: string }>>`SELECT current_user`;
    expect(who?.current_user).toBe(APP_DB_ROLE);
  });
});
