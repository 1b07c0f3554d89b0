import { randomBytes } from 'node:crypto';
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import {
  createKeyring,
  generateKeyEntry,
  isSecretError,
  KEY_USAGE_LIMIT,
  memoryUsageCounter,
  newKeyId,
  openSecret,
  parseKeySpec,
  retireKeyFromSpec,
  rotateKeySpec,
  sealSecret,
} from '@/lib/crypto/secrets';

const key = (bytes = 32) => randomBytes(bytes).toString('base64');
const ctx = { orgId: 'org_a', secretId: 'cred_1', version: 1 };

/** The KEY_SPEC_INVALID message for a spec, checked not to repeat any of its key text. */
function specError(spec: string): string {
  try {
    parseKeySpec(spec);
  } catch (error) {
    if (!isSecretError(error, 'KEY_SPEC_INVALID')) throw error;
    for (const part of spec.split(/[,:\s]+/).filter((p) => p.length >= 16)) expect(error.message).not.toContain(part);
    return error.message;
  }
  throw new Error('the spec was accepted');
}

describe('TAPESTRY_SECRET_KEY format', () => {
  it('reads <id>:<base64>[,…] with the first key current, in standard or URL-safe base64, padded or not', () => {
    const bytes = randomBytes(32);
    const spec = ` k2:${bytes.toString('base64url')} , k1:${key()},k0:${key().replace(/=+$/, '')}`;
    const entries = parseKeySpec(spec);
    expect(entries.map((e) => e.id)).toEqual(['k2', 'k1', 'k0']);
    expect(entries[0]!.key.export()).toEqual(bytes);
    expect(createKeyring(spec).currentKeyId).toBe('k2');
  });

  it.each([
    ['', /is empty/],
    ['   ', /is empty/],
    [`k1:${key()},`, /entry 2 is empty/],
    [key(), /entry 1 has no key id/],
    [`:${key()}`, /entry 1: the key id must be/],
    [`bad id!:${key()}`, /entry 1: the key id must be/],
    [`${'k'.repeat(33)}:${key()}`, /the key id must be/],
    [`k1:${key()},k1:${key()}`, /entry 2: key id "k1" is used twice/],
    [`k1:${key(31)}`, /key id "k1"\): the key must be 32 bytes, it decodes to 31/],
    [`k1:${key(48)}`, /decodes to 48/],
    [`k1:${randomBytes(32).toString('hex')}`, /decodes to 48.*openssl rand -base64 32/],
    [`k1:${key()},k2:not base64 at all!`, /entry 2 \(key id "k2"\): the key is not base64/],
  ])('refuses %j with a clear message that repeats no key', (spec, message) => {
    expect(specError(spec)).toMatch(message);
  });

  it('names the variable in its messages', () => {
    expect(specError('nonsense')).toMatch(/^The secret key configuration is invalid: TAPESTRY_SECRET_KEY /);
  });

  it('generates entries that parse, with dated unique ids', () => {
    const { id, entry } = generateKeyEntry();
    expect(id).toMatch(/^k\d{8}-[0-9a-f]{4}$/);
    expect(parseKeySpec(entry)[0]!.id).toBe(id);
    expect(newKeyId(new Date('2026-07-12T00:00:00Z'))).toMatch(/^k20260712-/);
    expect(generateKeyEntry('a').entry).not.toBe(generateKeyEntry('a').entry);
    expect(() => generateKeyEntry('no spaces')).toThrow(/id must be/);
  });

  it('rotates a spec by putting a new key first and retires a key only when it is not current', () => {
    const start = generateKeyEntry('k1').entry;
    const { spec, newKeyId: id } = rotateKeySpec(start, 'k2');
    expect(id).toBe('k2');
    expect(parseKeySpec(spec).map((e) => e.id)).toEqual(['k2', 'k1']);
    expect(spec.endsWith(start)).toBe(true);
    expect(() => rotateKeySpec(spec, 'k1')).toThrow(/already holds key id "k1"/);
    expect(retireKeyFromSpec(spec, 'k1')).toBe(spec.split(',')[0]);
    expect(() => retireKeyFromSpec(spec, 'k2')).toThrow(/"k2" as its current key/);
    expect(() => retireKeyFromSpec(spec, 'k9')).toThrow(/holds no key id "k9"/);
  });

  it('builds keyrings from parsed entries and checks them too', () => {
    const [entry] = parseKeySpec(generateKeyEntry('k1').entry);
    expect(createKeyring([entry!]).keyIds).toEqual(['k1']);
    expect(() => createKeyring([])).toThrow(/at least one key/);
    expect(() => createKeyring([entry!, entry!])).toThrow(/"k1" is used twice/);
  });
});

describe('keyrings never show their keys', () => {
  it('JSON.stringify, util.inspect, String and spreading show ids only', async () => {
    const spec = `${generateKeyEntry('k2').entry},${generateKeyEntry('k1').entry}`;
    const keyring = createKeyring(spec);
    const entries = parseKeySpec(spec);
    const keyTexts = spec.split(',').map((e) => e.split(':')[1]!);
    const rawKeys = entries.map((e) => e.key.export());
    const shown = [
      JSON.stringify(keyring),
      JSON.stringify({ nested: { keyring } }),
      inspect(keyring, { depth: Infinity, showHidden: true }),
      inspect({ keyring }, { depth: Infinity, showHidden: true }),
      String(keyring),
      JSON.stringify({ ...keyring }),
      JSON.stringify(entries),
      inspect(entries, { depth: Infinity, showHidden: true }),
    ].join('\n');
    expect(JSON.parse(JSON.stringify(keyring))).toEqual({ currentKeyId: 'k2', keyIds: ['k2', 'k1'] });
    expect(inspect(keyring)).toBe('Keyring { current: k2, keys: [k2, k1] }');
    for (const raw of rawKeys) {
      for (const form of [raw.toString('base64'), raw.toString('base64url'), raw.toString('hex'), raw.toString('latin1')]) {
        expect(shown).not.toContain(form);
      }
      expect(shown).not.toContain(JSON.stringify([...raw]).slice(1, 40));
    }
    for (const text of keyTexts) expect(shown).not.toContain(text);
  });
});

describe('encryptions per key', () => {
  it('counts one per seal against the current key and refuses past the limit, saying to rotate', async () => {
    const usage = memoryUsageCounter();
    const keyring = createKeyring(generateKeyEntry('k1').entry, { usage, usageLimit: 3 });
    const sealed = await Promise.all([1, 2, 3].map((v) => sealSecret(keyring, { ...ctx, version: v }, `v${v}`)));
    expect(await usage.get('k1')).toBe(3);
    const refused = await sealSecret(keyring, { ...ctx, version: 4 }, 'v4').catch((e: unknown) => e);
    expect(isSecretError(refused, 'KEY_USAGE_EXHAUSTED')).toBe(true);
    expect(String(refused)).toMatch(/rotate/);
    // Opening needs no encryption and keeps working.
    expect(await openSecret(keyring, { ...ctx, version: 2 }, sealed[1]!)).toBe('v2');
  });

  it('reports usage per key for health checks, with a warning from half the limit', async () => {
    const usage = memoryUsageCounter({ k2: 50, k1: 99 });
    const keyring = createKeyring(`${generateKeyEntry('k2').entry},${generateKeyEntry('k1').entry}`, { usage, usageLimit: 100 });
    await sealSecret(keyring, ctx, 'x');
    expect(await keyring.usage()).toEqual([
      { keyId: 'k2', current: true, encryptions: 51, limit: 100, state: 'rotate-soon' },
      { keyId: 'k1', current: false, encryptions: 99, limit: 100, state: 'rotate-soon' },
    ]);
    const fresh = createKeyring(generateKeyEntry('k3').entry);
    expect(await fresh.usage()).toEqual([{ keyId: 'k3', current: true, encryptions: 0, limit: KEY_USAGE_LIMIT, state: 'ok' }]);
    expect(KEY_USAGE_LIMIT).toBe(2 ** 30);
  });

  it('a counter shared by two keyrings (two processes) enforces one limit', async () => {
    const usage = memoryUsageCounter();
    const entry = generateKeyEntry('k1').entry;
    const [a, b] = [createKeyring(entry, { usage, usageLimit: 4 }), createKeyring(entry, { usage, usageLimit: 4 })];
    const outcomes = await Promise.allSettled(
      Array.from({ length: 6 }, (_, i) => sealSecret(i % 2 ? a : b, { ...ctx, version: i + 1 }, 'v')),
    );
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(4);
    expect((await a.usage())[0]!.state).toBe('exhausted');
  });
});
