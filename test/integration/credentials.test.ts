// The credential store against real PostgreSQL (SEC-6): values are sealed before they reach the
// database and never come back out of the service or into the audit log; owners and admins
// change credentials, everyone reads the list, another organization sees nothing; a replacement
// is a new version under a new data key; every seal is counted in the shared usage table.
import { randomBytes } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateKeyEntry, isSecretError, openSecret, parseSealedSecret } from '@/lib/crypto/secrets';
import type { Actor } from '@/lib/authz/actor';
import { db } from '@/lib/db';
import { resetEnvForTests } from '@/lib/env';
import { AppError } from '@/lib/errors';
import { CredentialKind } from '@/lib/generated/prisma/enums';
import { deleteCredential, listCredentials, putCredential } from '@/lib/secrets/credentials';
import { MAX_CREDENTIAL_BYTES } from '@/lib/secrets/credential-input';
import { appKeyring } from '@/lib/secrets/keyring';
import { revealForIntegration } from '@/lib/secrets/reveal';
import { sql } from '../support/database';
import { anotherOrg, firstRunOrg, type TestOrg } from '../support/factories';

const key = generateKeyEntry('kA');
const useKeys = (spec: string | undefined) => {
  if (spec === undefined) delete process.env.TAPESTRY_SECRET_KEY;
  else process.env.TAPESTRY_SECRET_KEY = spec;
  resetEnvForTests();
};

const code = (promise: Promise<unknown>) =>
  promise.then(
    () => 'OK',
    (e: unknown) => (e instanceof AppError ? e.code : `unexpected ${String(e)}`),
  );

const canary = () => `TAPESTRY_CANARY_${randomBytes(12).toString('hex')}`;
/** The forms a leaked value could take in a row, a JSON payload or a log line. */
const encodings = (value: string) => {
  const bytes = Buffer.from(value, 'utf8');
  return [value, bytes.toString('base64'), bytes.toString('base64url'), bytes.toString('hex'), bytes.toString('hex').toUpperCase()];
};
const leaks = (haystack: string, values: readonly string[]) => values.flatMap(encodings).filter((needle) => haystack.includes(needle));

const rowsText = async (table: 'credential' | 'audit_event', orgId: string) =>
  (await sql<{ row: string }>(process.env.DATABASE_URL!, `SELECT row_to_json(t)::text AS row FROM ${table} t WHERE org_id = $1`, [orgId])).map((r) => r.row).join('\n');
const credentialRows = (orgId: string) =>
  sql<{ id: string; name: string; sealed: string; key_id: string; version: number; fingerprint: string }>(
    process.env.DATABASE_URL!, 'SELECT id, name, sealed, key_id, version, fingerprint FROM credential WHERE org_id = $1 ORDER BY name', [orgId]);
const usageOf = async (keyId: string) =>
  Number((await sql<{ n: string }>(process.env.DATABASE_URL!, 'SELECT encryptions::text AS n FROM secret_key_usage WHERE key_id = $1', [keyId]))[0]?.n ?? 0);

let acme: TestOrg;
let other: TestOrg;
let roles: Record<'OWNER' | 'ADMIN' | 'EDITOR' | 'VIEWER', Actor>;

beforeAll(async () => {
  useKeys(key.entry);
  acme = await firstRunOrg();
  other = await anotherOrg('Canary');
  roles = { OWNER: acme.owner, ADMIN: await acme.member('ADMIN'), EDITOR: await acme.member('EDITOR'), VIEWER: await acme.member('VIEWER') };
});

afterAll(() => useKeys(undefined));

describe('sealed at rest (SEC-6 canary)', () => {
  it('keeps every kind of value out of the row, the audit log and every role’s listing', async () => {
    const values: string[] = [];
    for (const kind of Object.values(CredentialKind)) {
      const value = canary();
      values.push(value);
      await putCredential(acme.owner, acme.slug, { name: `canary-${kind.toLowerCase().replaceAll('_', '-')}`, kind, value });
    }
    const replaced = canary();
    values.push(replaced);
    await putCredential(roles.ADMIN, acme.slug, { name: 'canary-generic', kind: 'GENERIC', value: replaced });
    const gone = canary();
    values.push(gone);
    await putCredential(acme.owner, acme.slug, { name: 'canary-deleted', kind: 'GENERIC', value: gone });
    await deleteCredential(acme.owner, acme.slug, 'canary-deleted');

    const rows = await credentialRows(acme.orgId);
    expect(rows).toHaveLength(Object.values(CredentialKind).length);
    for (const row of rows) {
      expect(row.sealed).toMatch(/^tsec1\.kA\./);
      expect(parseSealedSecret(row.sealed)).toMatchObject({ keyId: 'kA', fingerprint: row.fingerprint });
    }
    expect(leaks(await rowsText('credential', acme.orgId), values)).toEqual([]);
    const audit = await rowsText('audit_event', acme.orgId);
    expect(audit).toContain('credential.replace'); // the search ran over the rows that matter
    expect(leaks(audit, values)).toEqual([]);
    for (const actor of Object.values(roles)) {
      const listed = await listCredentials(actor, acme.slug);
      expect(listed.map((c) => c.name)).toContain('canary-generic');
      expect(leaks(JSON.stringify(listed), values)).toEqual([]);
    }
    // The control: the value is there for an integration, so the searches above could have hit.
    expect((await revealForIntegration(acme.orgId, 'canary-generic')).value).toBe(replaced);
  });

  it('lists name, kind, version, fingerprint and who set it, and nothing else', async () => {
    await putCredential(roles.ADMIN, acme.slug, { name: 'list-shape', kind: 'DBT_CLOUD_TOKEN', value: canary() });
    const listed = (await listCredentials(roles.VIEWER, acme.slug)).find((c) => c.name === 'list-shape');
    expect(listed).toEqual({
      id: expect.any(String),
      name: 'list-shape',
      kind: 'DBT_CLOUD_TOKEN',
      set: true,
      version: 1,
      updatedAt: expect.any(Date),
      updatedBy: { name: roles.ADMIN.name, email: roles.ADMIN.email },
      fingerprint: expect.stringMatching(/^[0-9a-f]{12}$/),
    });
  });
});

describe('who may change credentials', () => {
  it.each(['OWNER', 'ADMIN'] as const)('lets an %s create, replace and delete, each audited once', async (role) => {
    const actor = roles[role];
    const name = `by-${role.toLowerCase()}`;
    expect(await putCredential(actor, acme.slug, { name, kind: 'GENERIC', value: canary() })).toMatchObject({ created: true, version: 1 });
    expect(await putCredential(actor, acme.slug, { name, kind: 'GENERIC', value: canary() })).toMatchObject({ created: false, version: 2 });
    await deleteCredential(actor, acme.slug, name);
    expect((await credentialRows(acme.orgId)).map((r) => r.name)).not.toContain(name);
    const audited = await sql<{ action: string; actor_user_id: string; outcome: string; metadata: { name: string; version: number } }>(
      process.env.DATABASE_URL!,
      `SELECT action, actor_user_id, outcome, metadata FROM audit_event WHERE org_id = $1 AND metadata->>'name' = $2 ORDER BY id`,
      [acme.orgId, name],
    );
    expect(audited.map((a) => [a.action, a.actor_user_id, a.outcome, a.metadata.version])).toEqual([
      ['credential.create', actor.userId, 'SUCCESS', 1],
      ['credential.replace', actor.userId, 'SUCCESS', 2],
      ['credential.delete', actor.userId, 'SUCCESS', 2],
    ]);
  });

  it.each(['EDITOR', 'VIEWER'] as const)('refuses an %s (FORBIDDEN, audited as denied) and changes nothing', async (role) => {
    await putCredential(acme.owner, acme.slug, { name: 'guarded', kind: 'SNOWFLAKE_PASSWORD', value: canary() });
    const before = await credentialRows(acme.orgId);
    const actor = roles[role];
    expect(await code(putCredential(actor, acme.slug, { name: 'guarded', kind: 'SNOWFLAKE_PASSWORD', value: canary() }))).toBe('FORBIDDEN');
    expect(await code(putCredential(actor, acme.slug, { name: 'new-one', kind: 'GENERIC', value: canary() }))).toBe('FORBIDDEN');
    expect(await code(deleteCredential(actor, acme.slug, 'guarded'))).toBe('FORBIDDEN');
    expect(await credentialRows(acme.orgId)).toEqual(before);
    const denied = await sql<{ action: string }>(process.env.DATABASE_URL!, `SELECT action FROM audit_event WHERE actor_user_id = $1 AND outcome = 'DENIED' ORDER BY id`, [actor.userId]);
    expect(denied.map((d) => d.action)).toEqual(['credential.put', 'credential.put', 'credential.delete']);
  });

  it("shows another organization's owner nothing, and lets them change nothing (NOT_FOUND)", async () => {
    await putCredential(acme.owner, acme.slug, { name: 'acme-only', kind: 'AWS_ACCESS_KEY', value: canary() });
    const before = await credentialRows(acme.orgId);
    expect(await code(listCredentials(other.owner, acme.slug))).toBe('NOT_FOUND');
    expect(await code(putCredential(other.owner, acme.slug, { name: 'acme-only', kind: 'GENERIC', value: canary() }))).toBe('NOT_FOUND');
    expect(await code(deleteCredential(other.owner, acme.slug, 'acme-only'))).toBe('NOT_FOUND');
    expect(await listCredentials(other.owner, other.slug)).toEqual([]);
    // Their own credential of the same name is theirs alone.
    await putCredential(other.owner, other.slug, { name: 'acme-only', kind: 'GENERIC', value: 'other-value' });
    expect(await credentialRows(acme.orgId)).toEqual(before);
    expect(await code(revealForIntegration(other.orgId, 'canary-generic'))).toBe('NOT_FOUND');
    expect((await revealForIntegration(other.orgId, 'acme-only')).value).toBe('other-value');
  });

  it('refuses bad names and values with field messages that never repeat the value', async () => {
    const value = canary();
    const fieldsOf = (input: { name: string; kind: string; value: string }) =>
      putCredential(acme.owner, acme.slug, input as never).then(
        () => null,
        (e: unknown) => (e instanceof AppError && e.code === 'VALIDATION' ? e.fieldErrors : e),
      );
    expect(Object.keys((await fieldsOf({ name: 'Has Spaces', kind: 'GENERIC', value })) ?? {})).toEqual(['name']);
    expect(Object.keys((await fieldsOf({ name: '-leading', kind: 'GENERIC', value })) ?? {})).toEqual(['name']);
    expect(Object.keys((await fieldsOf({ name: 'ok-name', kind: 'PASSWORD', value })) ?? {})).toEqual(['kind']);
    expect(Object.keys((await fieldsOf({ name: 'ok-name', kind: 'GENERIC', value: '' })) ?? {})).toEqual(['value']);
    const tooBig = value + 'x'.repeat(MAX_CREDENTIAL_BYTES);
    const errors = await fieldsOf({ name: 'ok-name', kind: 'GENERIC', value: tooBig });
    expect(Object.keys(errors ?? {})).toEqual(['value']);
    expect(leaks(JSON.stringify(errors), [value])).toEqual([]);
    expect((await credentialRows(acme.orgId)).map((r) => r.name)).not.toContain('ok-name');
    // Exactly the limit is accepted (UTF-8 bytes, not characters).
    const atLimit = 'é'.repeat(MAX_CREDENTIAL_BYTES / 2);
    await putCredential(acme.owner, acme.slug, { name: 'at-limit', kind: 'GENERIC', value: atLimit });
    expect((await revealForIntegration(acme.orgId, 'at-limit')).value).toBe(atLimit);
  });
});

describe('replacing a value', () => {
  it('makes a new version under a new data key; the old sealed value does not open as the new version', async () => {
    const first = canary();
    const second = canary();
    const created = await putCredential(acme.owner, acme.slug, { name: 'snowflake-prod', kind: 'SNOWFLAKE_PASSWORD', value: first });
    const [v1] = (await credentialRows(acme.orgId)).filter((r) => r.name === 'snowflake-prod');
    const replaced = await putCredential(acme.owner, acme.slug, { name: 'snowflake-prod', kind: 'SNOWFLAKE_PASSWORD', value: second });
    const [v2] = (await credentialRows(acme.orgId)).filter((r) => r.name === 'snowflake-prod');

    expect(replaced).toMatchObject({ id: created.id, version: 2, created: false });
    expect(v2!.version).toBe(2);
    const [p1, p2] = [parseSealedSecret(v1!.sealed), parseSealedSecret(v2!.sealed)];
    expect(p2.ciphertext).not.toBe(p1.ciphertext);
    expect(p2.wrappedKey).not.toBe(p1.wrappedKey);
    expect(p2.fingerprint).not.toBe(p1.fingerprint);

    const context = { orgId: acme.orgId, secretId: created.id };
    expect(await openSecret(appKeyring(), { ...context, version: 1 }, v1!.sealed)).toBe(first); // it was a good seal
    const stale = await openSecret(appKeyring(), { ...context, version: 2 }, v1!.sealed).catch((e: unknown) => e);
    expect(isSecretError(stale, 'DECRYPT_FAILED')).toBe(true);
    expect(await revealForIntegration(acme.orgId, 'snowflake-prod')).toEqual({ kind: 'SNOWFLAKE_PASSWORD', version: 2, value: second });
  });
});

describe('two people saving at once', () => {
  it('lets each concurrent create or replace land whole or get CONFLICT, never a lost or mixed update', async () => {
    for (const name of ['raced-new', 'raced-existing']) {
      if (name === 'raced-existing') await putCredential(acme.owner, acme.slug, { name, kind: 'GENERIC', value: canary() });
      const before = (await credentialRows(acme.orgId)).find((r) => r.name === name)?.version ?? 0;
      const attempts = Array.from({ length: 5 }, () => canary());
      const outcomes = await Promise.all(attempts.map((value) => code(putCredential(roles.ADMIN, acme.slug, { name, kind: 'GENERIC', value }))));
      const landed = attempts.filter((_, i) => outcomes[i] === 'OK');
      expect(outcomes.filter((o) => o !== 'OK' && o !== 'CONFLICT')).toEqual([]);
      expect(landed.length).toBeGreaterThanOrEqual(1);
      const revealed = await revealForIntegration(acme.orgId, name);
      expect(revealed.version).toBe(before + landed.length);
      expect(landed).toContain(revealed.value);
    }
  });
});

describe('the key usage counter', () => {
  it('counts every seal in the database, shared with the keyring’s report', async () => {
    const before = await usageOf('kA');
    expect(before).toBeGreaterThan(0);
    for (let i = 0; i < 3; i++) await putCredential(acme.owner, acme.slug, { name: 'counted', kind: 'GENERIC', value: canary() });
    expect(await usageOf('kA')).toBe(before + 3);
    expect(await appKeyring().usage()).toEqual([{ keyId: 'kA', current: true, encryptions: before + 3, limit: 2 ** 30, state: 'ok' }]);
  });

  it('cannot be lowered or deleted by the app role', async () => {
    await expect(db().$executeRaw`UPDATE secret_key_usage SET encryptions = 0 WHERE key_id = 'kA'`).rejects.toThrow(/only grows/);
    await expect(db().$executeRaw`DELETE FROM secret_key_usage WHERE key_id = 'kA'`).rejects.toThrow(/permission denied/);
    expect(await usageOf('kA')).toBeGreaterThan(0);
  });

  it('refuses to seal past the limit recorded in the database, whichever process counted', async () => {
    const spent = generateKeyEntry('kSpent');
    await sql(process.env.DATABASE_URL!, `INSERT INTO secret_key_usage (key_id, encryptions) VALUES ('kSpent', $1)`, [2 ** 30]);
    useKeys(`${spent.entry},${key.entry}`);
    try {
      const refused = await putCredential(acme.owner, acme.slug, { name: 'past-limit', kind: 'GENERIC', value: canary() }).catch((e: unknown) => e);
      expect(isSecretError(refused, 'KEY_USAGE_EXHAUSTED')).toBe(true);
      expect((await appKeyring().usage())[0]).toMatchObject({ keyId: 'kSpent', state: 'exhausted' });
    } finally {
      useKeys(key.entry);
    }
    expect((await credentialRows(acme.orgId)).map((r) => r.name)).not.toContain('past-limit');
  });

  it('says how to fix a missing TAPESTRY_SECRET_KEY, and stores nothing', async () => {
    useKeys(undefined);
    try {
      await expect(putCredential(acme.owner, acme.slug, { name: 'no-key', kind: 'GENERIC', value: canary() })).rejects.toThrow(
        'set TAPESTRY_SECRET_KEY (npm start generates one)',
      );
    } finally {
      useKeys(key.entry);
    }
    expect((await credentialRows(acme.orgId)).map((r) => r.name)).not.toContain('no-key');
  });
});

describe('revealForIntegration', () => {
  it('is not imported by any page, route, server action or component', async () => {
    const importers: string[] = [];
    for (const root of ['app', 'components', 'lib/actions']) {
      const files = (await readdir(root, { recursive: true })).filter((f) => /\.(ts|tsx)$/.test(f));
      expect(files.length, root).toBeGreaterThan(0);
      for (const file of files) {
        const text = await readFile(`${root}/${file}`, 'utf8');
        if (/lib\/secrets\/reveal|revealForIntegration/.test(text)) importers.push(`${root}/${file}`);
      }
    }
    expect(importers).toEqual([]);
  });
});
