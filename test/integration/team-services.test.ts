// The team use cases against real PostgreSQL: the rules beyond the permission table, one audit
// row per change in the same transaction, denials audited, and other organizations invisible.
import { beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/lib/db';
import { AppError } from '@/lib/errors';
import { verifyAuditChain } from '@/lib/audit';
import { completeFirstRunSetup } from '@/lib/services/setup';
import { acceptInvitation, createInvitation, describeInvitation, revokeInvitation } from '@/lib/services/invitations';
import { changeMemberRole, leaveOrganization, removeMember } from '@/lib/services/members';
import { createApiToken, revokeApiToken } from '@/lib/services/api-tokens';
import { sql } from '../support/database';
import { ownerDb } from '../support/owner-db';
import { anotherOrg, firstRunOrg, PASSWORD, REQ, type TestOrg } from '../support/factories';

const code = (promise: Promise<unknown>) =>
  promise.then(
    () => 'OK',
    (e: unknown) => (e instanceof AppError ? e.code : `unexpected ${String(e)}`),
  );

const auditRows = (orgId: string, action: string) =>
  ownerDb().auditEvent.findMany({ where: { orgId, action }, orderBy: { id: 'asc' } });

const tokenOf = (link: string) => link.split('/invite/')[1]!;

let acme: TestOrg;
let other: TestOrg;

beforeAll(async () => {
  acme = await firstRunOrg();
  other = await anotherOrg();
});

describe('first-run setup', () => {
  it('creates the organization and its owner once, then refuses', async () => {
    expect(await ownerDb().membership.count({ where: { orgId: acme.orgId, role: 'OWNER' } })).toBe(1);
    expect(await auditRows(acme.orgId, 'org.create')).toHaveLength(1);
    await expect(
      completeFirstRunSetup({ orgName: 'Second', name: 'X', email: 'x@example.com', password: PASSWORD }, REQ),
    ).rejects.toMatchObject({ code: 'CONFLICT' });
  });
});

describe('invitations', () => {
  it('stores only a hash of the link token, audits, and lets the invitee join with the role', async () => {
    const admin = await acme.member('ADMIN');
    const invite = await createInvitation(admin, 'new.editor@example.com', 'EDITOR');
    const token = tokenOf(invite.link);
    const row = await ownerDb().invitation.findUniqueOrThrow({ where: { id: invite.id } });
    expect(row.tokenHash).not.toContain(token);
    expect(JSON.stringify(row)).not.toContain(token);
    expect(await auditRows(acme.orgId, 'invitation.create')).toEqual(
      expect.arrayContaining([expect.objectContaining({ actorUserId: admin.userId, targetId: invite.id, outcome: 'SUCCESS' })]),
    );

    expect(await describeInvitation(token)).toMatchObject({ email: 'new.editor@example.com', role: 'EDITOR', accountExists: false });
    await acceptInvitation(token, { name: 'Eddie Editor', password: PASSWORD }, REQ);
    const member = await ownerDb().membership.findFirstOrThrow({ where: { orgId: acme.orgId, user: { email: 'new.editor@example.com' } } });
    expect(member.role).toBe('EDITOR');
    // A used link is dead.
    expect(await describeInvitation(token)).toBeNull();
    expect(await code(acceptInvitation(token, { name: 'Again', password: PASSWORD }, REQ))).toBe('NOT_FOUND');
  });

  it('refuses revoked and expired links and inviting an existing member', async () => {
    const revoked = await createInvitation(acme.owner, 'revoked@example.com', 'VIEWER');
    await revokeInvitation(acme.owner, revoked.id);
    expect(await describeInvitation(tokenOf(revoked.link))).toBeNull();

    const expired = await createInvitation(acme.owner, 'late@example.com', 'VIEWER');
    await ownerDb().invitation.update({ where: { id: expired.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect(await code(acceptInvitation(tokenOf(expired.link), { name: 'Late', password: PASSWORD }, REQ))).toBe('NOT_FOUND');

    expect(await code(createInvitation(acme.owner, acme.owner.email, 'VIEWER'))).toBe('CONFLICT');
  });

  it('lets only owners invite owners, and nobody below admin invite', async () => {
    const admin = await acme.member('ADMIN');
    const editor = await acme.member('EDITOR');
    expect(await code(createInvitation(admin, 'boss@example.com', 'OWNER'))).toBe('FORBIDDEN');
    expect(await code(createInvitation(editor, 'friend@example.com', 'VIEWER'))).toBe('FORBIDDEN');
    expect(await code(createInvitation(acme.owner, 'boss@example.com', 'OWNER'))).toBe('OK');
    const denials = await ownerDb().auditEvent.findMany({ where: { orgId: acme.orgId, action: 'invitation.create', outcome: 'DENIED' } });
    expect(denials.map((d) => d.actorUserId)).toEqual(expect.arrayContaining([admin.userId, editor.userId]));
  });
});

describe('members', () => {
  it('changes a role, ends the member’s sessions and audits it', async () => {
    const editor = await acme.member('EDITOR');
    const before = await db().user.findUniqueOrThrow({ where: { id: editor.userId } });
    await changeMemberRole(acme.owner, editor.membershipId, 'VIEWER');
    const after = await db().user.findUniqueOrThrow({ where: { id: editor.userId } });
    expect((await ownerDb().membership.findUniqueOrThrow({ where: { id: editor.membershipId } })).role).toBe('VIEWER');
    expect(after.sessionVersion).toBe(before.sessionVersion + 1);
    expect(await auditRows(acme.orgId, 'member.change_role')).toEqual(
      expect.arrayContaining([expect.objectContaining({ targetId: editor.membershipId, outcome: 'SUCCESS' })]),
    );
  });

  it('keeps the last owner, and lets only owners touch owners', async () => {
    const solo = await anotherOrg('Solo');
    const soloOwner = await ownerDb().membership.findFirstOrThrow({ where: { orgId: solo.orgId, role: 'OWNER' } });
    expect(await code(leaveOrganization(solo.owner))).toBe('CONFLICT');
    expect(await code(changeMemberRole(solo.owner, soloOwner.id, 'ADMIN'))).toBe('CONFLICT');

    const admin = await solo.member('ADMIN');
    const viewer = await solo.member('VIEWER');
    expect(await code(changeMemberRole(admin, soloOwner.id, 'VIEWER'))).toBe('FORBIDDEN');
    expect(await code(changeMemberRole(admin, viewer.membershipId, 'OWNER'))).toBe('FORBIDDEN');
    expect(await code(removeMember(admin, soloOwner.id))).toBe('FORBIDDEN');
    expect(await code(changeMemberRole(admin, viewer.membershipId, 'EDITOR'))).toBe('OK');
    expect(await code(removeMember(admin, viewer.membershipId))).toBe('OK');
    expect(await ownerDb().membership.findUnique({ where: { id: viewer.membershipId } })).toBeNull();
  });

  it('refuses viewers and editors', async () => {
    const viewer = await acme.member('VIEWER');
    const editor = await acme.member('EDITOR');
    const target = await acme.member('VIEWER');
    expect(await code(changeMemberRole(viewer, target.membershipId, 'ADMIN'))).toBe('FORBIDDEN');
    expect(await code(removeMember(editor, target.membershipId))).toBe('FORBIDDEN');
  });
});

describe('API tokens', () => {
  it('never grants more than the creator’s role and can be revoked', async () => {
    const editor = await acme.member('EDITOR');
    expect(await code(createApiToken(editor, { name: 'ci', scopes: ['infra:deploy'], expiresInDays: null }))).toBe('VALIDATION');
    const { id, token } = await createApiToken(editor, { name: 'ci', scopes: ['org:read', 'runs:trigger'], expiresInDays: 30 });
    const row = await ownerDb().apiToken.findUniqueOrThrow({ where: { id } });
    expect(row.tokenHash).not.toBe(token);
    expect(JSON.stringify(row)).not.toContain(token);
    const viewer = await acme.member('VIEWER');
    expect(await code(revokeApiToken(viewer, id))).toBe('NOT_FOUND'); // someone else's token is invisible
    await revokeApiToken(editor, id);
    expect((await ownerDb().apiToken.findUniqueOrThrow({ where: { id } })).revokedAt).toBeInstanceOf(Date);
  });
});

describe('tenant isolation (SEC-8)', () => {
  it('answers not found for another organization’s members, invitations and tokens', async () => {
    const theirMember = await other.member('EDITOR');
    const theirInvite = await createInvitation(other.owner, 'theirs@example.com', 'VIEWER');
    const theirToken = await createApiToken(other.owner, { name: 'theirs', scopes: ['org:read'], expiresInDays: null });
    expect(await code(changeMemberRole(acme.owner, theirMember.membershipId, 'VIEWER'))).toBe('NOT_FOUND');
    expect(await code(removeMember(acme.owner, theirMember.membershipId))).toBe('NOT_FOUND');
    expect(await code(revokeInvitation(acme.owner, theirInvite.id))).toBe('NOT_FOUND');
    expect(await code(revokeApiToken(acme.owner, theirToken.id))).toBe('NOT_FOUND');
    expect((await ownerDb().membership.findUniqueOrThrow({ where: { id: theirMember.membershipId } })).role).toBe('EDITOR');
    expect((await ownerDb().invitation.findUniqueOrThrow({ where: { id: theirInvite.id } })).revokedAt).toBeNull();
  });
});

describe('audit log (SEC-7)', () => {
  it('is append-only: the app role lacks UPDATE, DELETE and TRUNCATE, and a trigger stops even the owner', async () => {
    for (const statement of [`UPDATE audit_event SET action = 'forged'`, `DELETE FROM audit_event`, `TRUNCATE audit_event`]) {
      await expect(db().$executeRawUnsafe(statement), statement).rejects.toThrow(/permission denied for table audit_event/);
      await expect(sql(process.env.DATABASE_URL!, statement), statement).rejects.toThrow(/append-only/);
    }
    const forged = await sql(process.env.DATABASE_URL!, `SELECT id FROM audit_event WHERE action = 'forged'`);
    expect(forged).toEqual([]);
  });

  it('verifies as an unbroken chain and pinpoints an edited row', async () => {
    const intact = await verifyAuditChain();
    expect(intact.ok).toBe(true);
    expect(intact.checked).toBe(await ownerDb().auditEvent.count());
    const victim = await ownerDb().auditEvent.findFirstOrThrow({ where: { action: 'member.change_role' } });
    // Only a superuser, bypassing the trigger, could do this; the chain must still tell.
    await sql(
      process.env.DATABASE_URL!,
      `BEGIN; SET LOCAL session_replication_role = replica;
       UPDATE audit_event SET metadata = '{"role":"OWNER"}' WHERE id = ${victim.id}; COMMIT;`,
    );
    expect(await verifyAuditChain()).toMatchObject({ ok: false, brokenAtId: victim.id });
  });
});
