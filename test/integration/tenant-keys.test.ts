// SEC-8 in the keys: a tenant row can only reference a row of its own organization, because
// every reference between tenant tables is a composite foreign key (org_id, x_id) → (org_id, id).
// Row-level security cannot catch this on its own: foreign-key checks look past the policies.
import { beforeAll, describe, expect, it } from 'vitest';
import { inOrg } from '@/lib/db/tenant';
import { newId } from '@/lib/ids';
import { createInvitation } from '@/lib/services/invitations';
import { sql } from '../support/database';
import { anotherOrg, firstRunOrg, type TestOrg } from '../support/factories';

let a: TestOrg;
let b: TestOrg;
let aInvitationId: string;
let bInvitationId: string;

beforeAll(async () => {
  a = await firstRunOrg();
  b = await anotherOrg('Canary');
  aInvitationId = (await createInvitation(a.owner, 'ada@a.example', 'VIEWER')).id;
  bInvitationId = (await createInvitation(b.owner, 'canary@b.example', 'VIEWER')).id;
});

/** Inserts an outgoing email as the database owner (below the app, no row-level policies). */
const insertEmail = (orgId: string, refType: string | null, refId: string | null) =>
  sql(
    process.env.DATABASE_URL!,
    `INSERT INTO outbound_email (id, org_id, "to", subject, body_sealed, ref_type, ref_id) VALUES ($1, $2, 'x@example.com', 's', 'sealed', $3, $4)`,
    [newId(), orgId, refType, refId],
  );

const emailsAbout = async (invitationId: string) =>
  (await sql<{ n: number }>(process.env.DATABASE_URL!, 'SELECT count(*)::int AS n FROM outbound_email WHERE ref_id = $1', [invitationId]))[0]!.n;

describe('composite tenant keys (SEC-8)', () => {
  it('let an email reference an invitation of its own organization', async () => {
    await insertEmail(a.orgId, 'invitation', aInvitationId);
    expect(await emailsAbout(aInvitationId)).toBe(1);
  });

  it("refuse, even to the database owner, an email that points at another organization's invitation", async () => {
    await expect(insertEmail(a.orgId, 'invitation', bInvitationId)).rejects.toMatchObject({
      code: '23503',
      constraint: 'outbound_email_org_id_ref_id_fkey',
    });
    expect(await emailsAbout(bInvitationId)).toBe(0);
  });

  it("refuse the app role too, whose policies alone would have let the row through", async () => {
    const write = inOrg(a.orgId, (tx) =>
      tx.outboundEmail.create({
        data: { id: newId(), orgId: a.orgId, to: 'x@example.com', subject: 's', bodySealed: 'sealed', refType: 'invitation', refId: bInvitationId },
      }),
    );
    await expect(write).rejects.toThrow(/foreign key/i);
    expect(await emailsAbout(bInvitationId)).toBe(0);
  });

  it('refuse a reference of an unknown kind or half a reference, which no key could check', async () => {
    await expect(insertEmail(a.orgId, 'membership', aInvitationId)).rejects.toMatchObject({ code: '23514' });
    await expect(insertEmail(a.orgId, 'invitation', null)).rejects.toMatchObject({ code: '23514' });
    await expect(insertEmail(a.orgId, null, aInvitationId)).rejects.toMatchObject({ code: '23514' });
  });

  it('make every foreign key between two tenant tables carry org_id on both sides', async () => {
    const keys = await sql<{ name: string; from_cols: string[]; to_cols: string[] }>(
      process.env.DATABASE_URL!,
      `SELECT c.conname AS name,
              (SELECT array_agg(a.attname ORDER BY k.i) FROM unnest(c.conkey) WITH ORDINALITY k(n, i)
                 JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.n)::text[] AS from_cols,
              (SELECT array_agg(a.attname ORDER BY k.i) FROM unnest(c.confkey) WITH ORDINALITY k(n, i)
                 JOIN pg_attribute a ON a.attrelid = c.confrelid AND a.attnum = k.n)::text[] AS to_cols
         FROM pg_constraint c
        WHERE c.contype = 'f' AND c.connamespace = 'public'::regnamespace
          AND EXISTS (SELECT FROM pg_attribute WHERE attrelid = c.conrelid AND attname = 'org_id' AND NOT attisdropped)
          AND EXISTS (SELECT FROM pg_attribute WHERE attrelid = c.confrelid AND attname = 'org_id' AND NOT attisdropped)
        ORDER BY 1`,
    );
    // The guard must see at least the one reference there is, or it proves nothing.
    expect(keys.map((k) => k.name)).toContain('outbound_email_org_id_ref_id_fkey');
    for (const k of keys) {
      expect(k.from_cols[0], k.name).toBe('org_id');
      expect(k.to_cols[0], k.name).toBe('org_id');
    }
  });
});
