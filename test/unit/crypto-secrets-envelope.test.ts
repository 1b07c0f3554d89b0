import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  createKeyring,
  describeSecret,
  generateKeyEntry,
  isSecretError,
  openSecret,
  parseSealedSecret,
  sealSecret,
  toCompactSecret,
  type SealedSecret,
  type SecretContext,
  type SecretErrorReason,
} from '@/lib/crypto/secrets';

const k1 = generateKeyEntry('k1').entry;
const k2 = generateKeyEntry('k2').entry;
const ctx: SecretContext = { orgId: 'org_a', secretId: 'cred_snowflake', version: 1 };

async function refusal(promise: Promise<unknown>): Promise<SecretErrorReason> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!isSecretError(error)) throw new Error(`expected a SecretError, got ${String(error)}`);
  return error.reason;
}

/** The same base64url field with one bit of one decoded byte flipped. */
function flipByte(field: string, index = 0): string {
  const bytes = Buffer.from(field, 'base64url');
  bytes[index % bytes.length]! ^= 0x01;
  return bytes.toString('base64url');
}

describe('sealSecret / openSecret', () => {
  const keyring = createKeyring(k1);

  it.each([
    ['empty', ''],
    ['ascii password', 'hunter2'],
    ['Unicode', 'pâss wörd ✓ 密码 🔑 \u0000 end'],
    ['64 kB', randomBytes(48 * 1024).toString('base64')],
  ])('round-trips %s', async (_name, value) => {
    const sealed = await sealSecret(keyring, ctx, value);
    expect(await openSecret(keyring, ctx, sealed)).toBe(value);
    expect(Buffer.from(sealed.ciphertext, 'base64url').length).toBe(Buffer.byteLength(value));
  });

  it('keeps the value out of the stored form, with fresh keys and nonces every time', async () => {
    const value = 'TAPESTRY_CANARY_9f8e7d';
    const a = await sealSecret(keyring, ctx, value);
    const b = await sealSecret(keyring, ctx, value);
    for (const form of [JSON.stringify(a), toCompactSecret(a)]) {
      expect(form).not.toContain(value);
      expect(form).not.toContain(Buffer.from(value).toString('base64'));
      expect(form).not.toContain(Buffer.from(value).toString('hex'));
    }
    expect(a.nonce).not.toBe(b.nonce);
    expect(a.wrappedKey).not.toBe(b.wrappedKey);
    expect(a.ciphertext).not.toBe(b.ciphertext);
    expect(a).toMatchObject({ v: 1, alg: 'A256GCMKW', enc: 'A256GCM', keyId: 'k1' });
    expect(Buffer.from(a.nonce, 'base64url')).toHaveLength(12);
    expect(Buffer.from(a.tag, 'base64url')).toHaveLength(16);
  });

  it('opens the JSON text and the compact string as well as the object', async () => {
    const sealed = await sealSecret(keyring, ctx, 's3cr3t');
    const compact = toCompactSecret(sealed);
    expect(compact).toMatch(/^tsec1\.k1\./);
    expect(parseSealedSecret(compact)).toEqual(sealed);
    expect(await openSecret(keyring, ctx, compact)).toBe('s3cr3t');
    expect(await openSecret(keyring, ctx, JSON.stringify(sealed))).toBe('s3cr3t');
  });

  it.each(['wrappedKey', 'nonce', 'ciphertext', 'tag'] as const)('refuses a sealed secret whose %s has one byte changed', async (field) => {
    const sealed = await sealSecret(keyring, ctx, 'a value worth protecting');
    const sizes = Buffer.from(sealed[field], 'base64url').length;
    for (const index of [0, Math.floor(sizes / 2), sizes - 1]) {
      const tampered: SealedSecret = { ...sealed, [field]: flipByte(sealed[field], index) };
      expect(await refusal(openSecret(keyring, ctx, tampered))).toBe('DECRYPT_FAILED');
    }
  });

  it('refuses a changed fingerprint, a changed encoding and a truncated tag', async () => {
    const sealed = await sealSecret(keyring, ctx, 'value');
    const otherFingerprint = sealed.fingerprint.replace(/^./, (c) => (c === '0' ? '1' : '0'));
    expect(await refusal(openSecret(keyring, ctx, { ...sealed, fingerprint: otherFingerprint }))).toBe('DECRYPT_FAILED');
    // 16 bytes in 22 characters leave 4 spare bits, so the canonical last character is one of A, Q, g, w
    // and its successor decodes to the same bytes: such a change is refused, not ignored.
    const sibling = String.fromCharCode(sealed.tag.charCodeAt(21) + 1);
    expect(Buffer.from(sealed.tag.slice(0, -1) + sibling, 'base64url')).toEqual(Buffer.from(sealed.tag, 'base64url'));
    expect(await refusal(openSecret(keyring, ctx, { ...sealed, tag: sealed.tag.slice(0, -1) + sibling }))).toBe('MALFORMED');
    expect(await refusal(openSecret(keyring, ctx, { ...sealed, tag: sealed.tag.slice(0, 16) }))).toBe('MALFORMED');
    expect(await refusal(openSecret(keyring, ctx, { ...sealed, v: 2 } as unknown as SealedSecret))).toBe('MALFORMED');
    expect(await refusal(openSecret(keyring, ctx, 'plain text password'))).toBe('MALFORMED');
  });

  it('refuses a secret moved to another organization, secret or version', async () => {
    const sealed = await sealSecret(keyring, ctx, 'org A warehouse password');
    const swaps: SecretContext[] = [
      { ...ctx, orgId: 'org_b' },
      { ...ctx, secretId: 'cred_postgres' },
      { ...ctx, version: 2 },
      // Length prefixes: shifting characters between fields is a different context.
      { ...ctx, orgId: 'org_acred', secretId: '_snowflake' },
    ];
    for (const other of swaps) expect(await refusal(openSecret(keyring, other, sealed))).toBe('DECRYPT_FAILED');
  });

  it('swapping the data-key wrapping between two orgs fails too', async () => {
    const orgB: SecretContext = { ...ctx, orgId: 'org_b' };
    const a = await sealSecret(keyring, ctx, 'A');
    const b = await sealSecret(keyring, orgB, 'B');
    expect(await refusal(openSecret(keyring, ctx, { ...a, wrappedKey: b.wrappedKey }))).toBe('DECRYPT_FAILED');
    expect(await refusal(openSecret(keyring, orgB, { ...b, ciphertext: a.ciphertext, nonce: a.nonce, tag: a.tag }))).toBe('DECRYPT_FAILED');
  });

  it('refuses an unknown key id, another installation key and a key id edited in the row', async () => {
    const sealed = await sealSecret(keyring, ctx, 'value');
    expect(await refusal(openSecret(createKeyring(k2), ctx, sealed))).toBe('UNKNOWN_KEY');
    const sameIdOtherKey = createKeyring(generateKeyEntry('k1').entry);
    expect(await refusal(openSecret(sameIdOtherKey, ctx, sealed))).toBe('DECRYPT_FAILED');
    // Both keys held: relabelling the row to the other key id does not open it.
    expect(await refusal(openSecret(createKeyring(`${k2},${k1}`), ctx, { ...sealed, keyId: 'k2' }))).toBe('DECRYPT_FAILED');
  });

  it('refuses unusable contexts before touching any key', async () => {
    for (const bad of [{ ...ctx, orgId: '' }, { ...ctx, secretId: 'x'.repeat(300) }, { ...ctx, version: 0 }, { ...ctx, version: 1.5 }]) {
      expect(await refusal(sealSecret(keyring, bad, 'v'))).toBe('CONTEXT_INVALID');
    }
  });

  it('error messages carry neither the value nor key material', async () => {
    const value = 'TAPESTRY_CANARY_in_error';
    const sealed = await sealSecret(keyring, ctx, value);
    const errors = await Promise.all(
      [openSecret(keyring, { ...ctx, orgId: 'org_b' }, sealed), openSecret(createKeyring(k2), ctx, sealed), openSecret(keyring, ctx, { ...sealed, tag: 'x' })].map(
        (p) => p.catch((e: unknown) => e as Error),
      ),
    );
    const keyText = k1.split(':')[1]!;
    for (const error of errors) {
      const shown = `${String(error)} ${JSON.stringify(error)} ${(error as Error).stack}`;
      expect(shown).not.toContain(value);
      expect(shown).not.toContain(keyText);
      expect(shown).not.toContain(sealed.ciphertext);
    }
  });
});

describe('fingerprints and describeSecret', () => {
  const keyring = createKeyring(k1);

  it('describes a stored secret as set, with its fingerprint, without any key', async () => {
    const sealed = await sealSecret(keyring, ctx, 'value');
    const updatedAt = new Date('2026-07-12T10:00:00Z');
    expect(describeSecret(sealed, updatedAt)).toEqual({ set: true, updatedAt, fingerprint: sealed.fingerprint });
    expect(describeSecret(toCompactSecret(sealed), updatedAt)).toEqual({ set: true, updatedAt, fingerprint: sealed.fingerprint });
    expect(describeSecret(null, updatedAt)).toEqual({ set: false });
    expect(sealed.fingerprint).toMatch(/^[0-9a-f]{12}$/);
  });

  it('is stable per value and org, differs across values, orgs and keys, and is not a plain hash', async () => {
    const fp = async (value: string, context = ctx, ring = keyring) => (await sealSecret(ring, context, value)).fingerprint;
    const same = await fp('hunter2');
    expect(await fp('hunter2', { ...ctx, secretId: 'other', version: 7 })).toBe(same);
    expect(await fp('hunter3')).not.toBe(same);
    expect(await fp('hunter2', { ...ctx, orgId: 'org_b' })).not.toBe(same);
    expect(await fp('hunter2', ctx, createKeyring(k2))).not.toBe(same);
    const { createHash } = await import('node:crypto');
    for (const algorithm of ['sha256', 'sha1', 'md5']) {
      expect(createHash(algorithm).update('hunter2').digest('hex')).not.toContain(same);
    }
  });
});
