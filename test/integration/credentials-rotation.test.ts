// Key rotation of stored credentials end to end (SEC-6): sealed under key A, re-wrapped under B
// while A still opens, then A retired; a tampered or transplanted row fails to open with a typed
// error; a row no configured key opens is reported, and the CLI's exit code says so.
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKeyring, generateKeyEntry, isSecretError, parseSealedSecret, sealSecret, toCompactSecret } from '@/lib/crypto/secrets';
import { resetEnvForTests } from '@/lib/env';
import { newId } from '@/lib/ids';
import { putCredential } from '@/lib/secrets/credentials';
import { credentialStore, rotateCredentials } from '@/lib/secrets/credential-store';
import { revealForIntegration } from '@/lib/secrets/reveal';
import { sql } from '../support/database';
import { anotherOrg, firstRunOrg, type TestOrg } from '../support/factories';

const A = generateKeyEntry('kA');
const B = generateKeyEntry('kB');
const useKeys = (spec: string | undefined) => {
  if (spec === undefined) delete process.env.TAPESTRY_SECRET_KEY;
  else process.env.TAPESTRY_SECRET_KEY = spec;
  resetEnvForTests();
};

type Row = { id: string; org_id: string; name: string; sealed: string; key_id: string; version: number; updated_at: Date };
const rows = () => sql<Row>(process.env.DATABASE_URL!, 'SELECT id, org_id, name, sealed, key_id, version, updated_at FROM credential ORDER BY id');
const setSealed = (id: string, sealed: string) => sql(process.env.DATABASE_URL!, `UPDATE credential SET sealed = $2, key_id = split_part($2, '.', 2), fingerprint = split_part($2, '.', 7) WHERE id = $1`, [id, sealed]);

/** Reveals every credential; each is expected to give back what was stored under its name. */
async function revealAll(expected: Map<string, { orgId: string; value: string }>) {
  const out = new Map<string, string>();
  for (const [name, { orgId }] of expected) out.set(name, (await revealForIntegration(orgId, name)).value);
  return out;
}

const PER_ORG = 15;
let acme: TestOrg;
let other: TestOrg;
const stored = new Map<string, { orgId: string; value: string }>();

beforeAll(async () => {
  useKeys(A.entry);
  acme = await firstRunOrg();
  other = await anotherOrg('Canary');
  for (const org of [acme, other]) {
    for (let i = 0; i < PER_ORG; i++) {
      const name = `${org === acme ? 'acme' : 'other'}-${i}`;
      const value = `TAPESTRY_CANARY_${randomBytes(12).toString('hex')}`;
      await putCredential(org.owner, org.slug, { name, kind: 'GENERIC', value });
      stored.set(name, { orgId: org.orgId, value });
    }
  }
  // One replaced value, so rotation meets a version above 1.
  stored.set('acme-0', { orgId: acme.orgId, value: 'replaced value' });
  await putCredential(acme.owner, acme.slug, { name: 'acme-0', kind: 'GENERIC', value: 'replaced value' });
});

afterAll(() => useKeys(undefined));

const values = () => new Map([...stored].map(([name, { value }]) => [name, value]));

describe('rotating TAPESTRY_SECRET_KEY', () => {
  it('re-wraps every credential under the new key, leaving versions and values as they were', async () => {
    const before = await rows();
    expect(new Set(before.map((r) => r.key_id))).toEqual(new Set(['kA']));
    useKeys(`${B.entry},${A.entry}`);

    const result = await rotateCredentials({ batchSize: 8 });

    expect(result).toMatchObject({ keyId: 'kB', rewrapped: 2 * PER_ORG, conflicts: 0, failedCount: 0, complete: true });
    const after = await rows();
    expect(after.map((r) => r.key_id)).toEqual(after.map(() => 'kB'));
    expect(after.map((r) => [r.id, r.version, r.updated_at])).toEqual(before.map((r) => [r.id, r.version, r.updated_at]));
    for (const [i, row] of after.entries()) {
      const [was, now] = [parseSealedSecret(before[i]!.sealed), parseSealedSecret(row.sealed)];
      // Only the wrapping moved: the value's ciphertext is the very same bytes.
      expect([now.ciphertext, now.nonce, now.tag, now.fingerprint]).toEqual([was.ciphertext, was.nonce, was.tag, was.fingerprint]);
      expect(now.wrappedKey).not.toBe(was.wrappedKey);
    }
    expect(await revealAll(stored)).toEqual(values());
    const [audit] = await sql<{ org_id: string | null; outcome: string; metadata: Record<string, unknown> }>(
      process.env.DATABASE_URL!, `SELECT org_id, outcome, metadata FROM audit_event WHERE action = 'secret_key.rewrap' ORDER BY id DESC LIMIT 1`);
    expect(audit).toEqual({ org_id: null, outcome: 'SUCCESS', metadata: { keyId: 'kB', rewrapped: 2 * PER_ORG, conflicts: 0, failed: 0, complete: true } });
    const [usage] = await sql<{ n: string }>(process.env.DATABASE_URL!, `SELECT encryptions::text AS n FROM secret_key_usage WHERE key_id = 'kB'`);
    expect(Number(usage?.n)).toBe(2 * PER_ORG);
  });

  it('opens everything with the old key retired', async () => {
    useKeys(B.entry);
    expect(await revealAll(stored)).toEqual(values());
    expect(await rotateCredentials()).toMatchObject({ rewrapped: 0, failedCount: 0, complete: true });
  });

  it('never overwrites a value replaced between listing and writing (compare-and-set, per row of a batch)', async () => {
    useKeys(`${B.entry},${A.entry}`);
    const old = createKeyring(A.entry);
    const sealUnderA = async (row: Row) =>
      toCompactSecret(await sealSecret(old, { orgId: row.org_id, secretId: row.id, version: row.version }, stored.get(row.name)!.value));
    const targets = (await rows()).filter((r) => r.name === 'acme-1' || r.name === 'acme-4');
    for (const row of targets) await setSealed(row.id, await sealUnderA(row));
    const store = credentialStore();
    const listed = await store.listByKeyNot('kB', null, 10);
    expect(listed.map((l) => l.id).sort()).toEqual(targets.map((t) => t.id).sort());

    stored.set('acme-1', { orgId: acme.orgId, value: 'newer value' });
    await putCredential(acme.owner, acme.slug, { name: 'acme-1', kind: 'GENERIC', value: 'newer value' });
    // Both writes go out in one tick, so they share one UPDATE: only the untouched row takes it.
    const next = await Promise.all(listed.map(async (l) => parseSealedSecret(await sealUnderA(targets.find((t) => t.id === l.id)!))));
    const applied = await Promise.all(listed.map((l, i) => store.updateWrapping(l.id, l.sealed, next[i]!)));
    expect(Object.fromEntries(listed.map((l, i) => [targets.find((t) => t.id === l.id)!.name, applied[i]]))).toEqual({ 'acme-1': false, 'acme-4': true });
    expect(await revealForIntegration(acme.orgId, 'acme-1')).toMatchObject({ version: 2, value: 'newer value' });

    // Running the rotation again picks up what is still under the old key.
    expect(await rotateCredentials()).toMatchObject({ rewrapped: 1, complete: true });
    expect(await revealAll(stored)).toEqual(values());
  });
});

describe('a damaged row', () => {
  const opened = (orgId: string, name: string) => revealForIntegration(orgId, name).then(() => 'opened', (e: unknown) => e);

  it('fails to open with a typed error and no plaintext when one ciphertext byte is flipped', async () => {
    useKeys(B.entry);
    const [row] = (await rows()).filter((r) => r.name === 'acme-2');
    const sealed = parseSealedSecret(row!.sealed);
    const bytes = Buffer.from(sealed.ciphertext, 'base64url');
    bytes[0]! ^= 0x01;
    await setSealed(row!.id, toCompactSecret({ ...sealed, ciphertext: bytes.toString('base64url') }));
    const error = await opened(acme.orgId, 'acme-2');
    expect(isSecretError(error, 'DECRYPT_FAILED')).toBe(true);
    expect(String((error as Error).message)).not.toContain(stored.get('acme-2')!.value);
    await setSealed(row!.id, row!.sealed);
    expect((await revealForIntegration(acme.orgId, 'acme-2')).value).toBe(stored.get('acme-2')!.value);
  });

  it("fails to open another organization's sealed value copied into its row", async () => {
    useKeys(B.entry);
    const all = await rows();
    const target = all.find((r) => r.name === 'other-3')!;
    const donor = all.find((r) => r.name === 'acme-3')!;
    expect(donor.version).toBe(target.version);
    await setSealed(target.id, donor.sealed);
    expect(isSecretError(await opened(other.orgId, 'other-3'), 'DECRYPT_FAILED')).toBe(true);
    await setSealed(target.id, target.sealed);
  });
});

describe('scripts/rotate-secret-key.ts', () => {
  const run = (spec: string, ...args: string[]) =>
    promisify(execFile)(process.execPath, ['--import', 'tsx', '--conditions=react-server', 'scripts/rotate-secret-key.ts', ...args], {
      timeout: 60_000,
      env: { ...process.env, TAPESTRY_SECRET_KEY: spec, LOG_LEVEL: 'silent' },
    }).then(
      ({ stdout }) => ({ code: 0, stdout }),
      (e: { code?: number; stdout?: string }) => ({ code: e.code ?? -1, stdout: e.stdout ?? '' }),
    );

  it('exits 2 and names the row it cannot open, 0 once nothing is left under another key', { timeout: 120_000 }, async () => {
    const orphanId = newId();
    const orphan = toCompactSecret(await sealSecret(createKeyring(generateKeyEntry('kGone').entry), { orgId: acme.orgId, secretId: orphanId, version: 1 }, 'orphan value'));
    await sql(process.env.DATABASE_URL!, `INSERT INTO credential (id, org_id, name, kind, sealed, key_id, fingerprint, updated_at)
      VALUES ($1, $2, 'orphan', 'GENERIC', $3, 'kGone', $4, now())`, [orphanId, acme.orgId, orphan, parseSealedSecret(orphan).fingerprint]);

    const failing = await run(B.entry);
    expect(failing.code).toBe(2);
    expect(failing.stdout).toContain(`not re-wrapped: credential ${orphanId} (UNKNOWN_KEY)`);
    expect(failing.stdout).not.toContain('orphan value');

    await sql(process.env.DATABASE_URL!, 'DELETE FROM credential WHERE id = $1', [orphanId]);
    const check = await run(B.entry, '--check');
    expect(check.code).toBe(0);
    expect(check.stdout).toContain(`credentials by key: kB: ${2 * PER_ORG}`);
    expect((await run('not a key spec')).code).toBe(1);
  });
});
