import { describe, expect, it } from 'vitest';
import {
  createKeyring,
  generateKeyEntry,
  isSecretError,
  memorySecretStore,
  memoryUsageCounter,
  openSecret,
  parseSealedSecret,
  retireKeyFromSpec,
  rewrapAll,
  rotateKeySpec,
  sealSecret,
  type Keyring,
  type MemorySecretStore,
  type SecretContext,
  type SecretStore,
} from '@/lib/crypto/secrets';

const oldSpec = generateKeyEntry('k1').entry;
const { spec: rotatedSpec } = rotateKeySpec(oldSpec, 'k2');
const id = (n: number) => `s${String(n).padStart(5, '0')}`;
const contextOf = (n: number): SecretContext => ({ orgId: `org_${n % 3}`, secretId: id(n), version: 1 + (n % 4) });

/** `count` secrets sealed under `keyring`; returns the store and each id's value. */
async function filledStore(keyring: Keyring, count: number): Promise<{ store: MemorySecretStore; values: Map<string, string> }> {
  const store = memorySecretStore();
  const values = new Map<string, string>();
  for (let n = 0; n < count; n++) {
    const value = `value-${n}-${'é'.repeat(n % 5)}`;
    store.put(id(n), contextOf(n), await sealSecret(keyring, contextOf(n), value));
    values.set(id(n), value);
  }
  return { store, values };
}

async function expectAllOpen(store: MemorySecretStore, keyring: Keyring, values: Map<string, string>, contexts = contextOf) {
  for (const [n, [secretId, value]] of [...values].entries()) {
    expect(await openSecret(keyring, contexts(n), store.get(secretId)!)).toBe(value);
  }
}

/** Wraps a store so a test can act between the rotation's listing and its write. */
function withHook(store: SecretStore, beforeUpdate: (id: string) => Promise<void>): SecretStore {
  return {
    listByKeyNot: (keyId, after, limit) => store.listByKeyNot(keyId, after, limit),
    updateWrapping: async (rowId, expected, next) => {
      await beforeUpdate(rowId);
      return store.updateWrapping(rowId, expected, next);
    },
  };
}

describe('rewrapAll', () => {
  it('moves every data key to the new KEK in batches, leaves values untouched, and the old KEK can then go', async () => {
    const { store, values } = await filledStore(createKeyring(oldSpec), 250);
    const before = new Map([...values.keys()].map((k) => [k, parseSealedSecret(store.get(k)!)]));
    const usage = memoryUsageCounter();
    const batches: number[] = [];
    const result = await rewrapAll(store, createKeyring(rotatedSpec, { usage }), { batchSize: 64, onBatch: (p) => batches.push(p.rewrapped) });

    expect(result).toEqual({ rewrapped: 250, conflicts: 0, failed: [], failedCount: 0, passes: 1, complete: true });
    expect(batches).toEqual([64, 128, 192, 250]);
    expect(await usage.get('k2')).toBe(250);
    for (const [secretId, old] of before) {
      const now = parseSealedSecret(store.get(secretId)!);
      expect(now.keyId).toBe('k2');
      expect(now.wrappedKey).not.toBe(old.wrappedKey);
      expect({ ...now, keyId: old.keyId, wrappedKey: old.wrappedKey }).toEqual(old); // ciphertext, nonce, tag, fingerprint
    }

    const onlyNew = createKeyring(retireKeyFromSpec(rotatedSpec, 'k1'));
    expect(onlyNew.keyIds).toEqual(['k2']);
    await expectAllOpen(store, onlyNew, values);
    const refused = await openSecret(createKeyring(oldSpec), contextOf(0), store.get(id(0))!).catch((e: unknown) => e);
    expect(isSecretError(refused, 'UNKNOWN_KEY')).toBe(true);
    // Nothing left to do: a second run lists nothing and encrypts nothing.
    expect(await rewrapAll(store, onlyNew)).toMatchObject({ rewrapped: 0, complete: true });
    expect(await usage.get('k2')).toBe(250);
  });

  it('skips secrets already under the current key', async () => {
    const { store, values } = await filledStore(createKeyring(oldSpec), 10);
    const rotated = createKeyring(rotatedSpec);
    store.put(id(3), contextOf(3), await sealSecret(rotated, contextOf(3), 'replaced after rotation'));
    values.set(id(3), 'replaced after rotation');
    const unchanged = store.get(id(3));
    expect(await rewrapAll(store, rotated, { batchSize: 4 })).toMatchObject({ rewrapped: 9, complete: true });
    expect(store.get(id(3))).toBe(unchanged);
    await expectAllOpen(store, createKeyring(retireKeyFromSpec(rotatedSpec, 'k1')), values);
  });

  it('never overwrites a secret replaced mid-rotation, and re-wraps one a stale writer sealed under the old key', async () => {
    const { store, values } = await filledStore(createKeyring(oldSpec), 40);
    const rotated = createKeyring(rotatedSpec);
    const stale = createKeyring(oldSpec); // a process not yet restarted with the new key
    const raced = new Set<string>();
    const racing = withHook(store, async (rowId) => {
      if (raced.has(rowId)) return;
      raced.add(rowId);
      if (rowId === id(5)) {
        store.put(rowId, contextOf(5), await sealSecret(rotated, contextOf(5), 'new value from the UI'));
        values.set(rowId, 'new value from the UI');
      }
      if (rowId === id(30)) {
        store.put(rowId, contextOf(30), await sealSecret(stale, contextOf(30), 'new value from a stale worker'));
        values.set(rowId, 'new value from a stale worker');
      }
    });

    const result = await rewrapAll(racing, rotated, { batchSize: 8 });
    expect(result).toMatchObject({ rewrapped: 39, conflicts: 2, passes: 2, complete: true, failedCount: 0 });
    const onlyNew = createKeyring(retireKeyFromSpec(rotatedSpec, 'k1'));
    await expectAllOpen(store, onlyNew, values);
  });

  it('says it is not complete when a secret under the old key appears behind it, and a second run finishes', async () => {
    const { store, values } = await filledStore(createKeyring(oldSpec), 20);
    const stale = createKeyring(oldSpec);
    let inserted = false;
    const racing = withHook(store, async (rowId) => {
      if (inserted || rowId !== id(15)) return;
      inserted = true;
      const ctx: SecretContext = { orgId: 'org_new', secretId: 'a-first-in-order', version: 1 };
      store.put('a-first-in-order', ctx, await sealSecret(stale, ctx, 'late'));
    });
    const rotated = createKeyring(rotatedSpec);
    expect(await rewrapAll(racing, rotated, { batchSize: 8 })).toMatchObject({ rewrapped: 20, conflicts: 0, complete: false });
    expect(await rewrapAll(store, rotated)).toMatchObject({ rewrapped: 1, complete: true });
    await expectAllOpen(store, createKeyring(retireKeyFromSpec(rotatedSpec, 'k1')), values);
  });

  it('reports rows it cannot unwrap once each, re-wraps the rest, and is then not complete', async () => {
    const { store } = await filledStore(createKeyring(oldSpec), 12);
    const damaged = parseSealedSecret(store.get(id(4))!);
    const flipped = Buffer.from(damaged.wrappedKey, 'base64url');
    flipped[20]! ^= 1;
    store.put(id(4), contextOf(4), { ...damaged, wrappedKey: flipped.toString('base64url') });
    const foreign = createKeyring(generateKeyEntry('k0').entry);
    store.put(id(7), contextOf(7), await sealSecret(foreign, contextOf(7), 'sealed elsewhere'));
    let racedOnce = false;
    const racing = withHook(store, async (rowId) => {
      if (racedOnce || rowId !== id(9)) return;
      racedOnce = true; // one lost race forces a second pass over the broken rows
      store.put(rowId, contextOf(9), await sealSecret(createKeyring(oldSpec), contextOf(9), 'raced'));
    });
    const result = await rewrapAll(racing, createKeyring(rotatedSpec), { batchSize: 5 });
    expect(result).toMatchObject({ rewrapped: 10, conflicts: 1, passes: 2, failedCount: 2, complete: false });
    expect(result.failed).toEqual([
      { id: id(4), reason: 'DECRYPT_FAILED' },
      { id: id(7), reason: 'UNKNOWN_KEY' },
    ]);
  });

  it('stops before writing anything when the new key has no encryptions left', async () => {
    const { store } = await filledStore(createKeyring(oldSpec), 6);
    const before = [0, 1, 2, 3, 4, 5].map((n) => store.get(id(n)));
    const tight = createKeyring(rotatedSpec, { usage: memoryUsageCounter({ k2: 8 }), usageLimit: 10 });
    const error = await rewrapAll(store, tight, { batchSize: 6 }).catch((e: unknown) => e);
    expect(isSecretError(error, 'KEY_USAGE_EXHAUSTED')).toBe(true);
    expect([0, 1, 2, 3, 4, 5].map((n) => store.get(id(n)))).toEqual(before);
  });

  it('refuses a store whose listing does not move on, and stops when aborted', async () => {
    const { store } = await filledStore(createKeyring(oldSpec), 3);
    const stuck: SecretStore = { ...store, listByKeyNot: (keyId, _after, limit) => store.listByKeyNot(keyId, null, limit), updateWrapping: async () => false };
    await expect(rewrapAll(stuck, createKeyring(rotatedSpec), { batchSize: 3 })).rejects.toThrow(/listed the same rows again/);
    await expect(rewrapAll(store, createKeyring(rotatedSpec), { signal: AbortSignal.abort() })).rejects.toThrow(/abort/i);
    expect(parseSealedSecret(store.get(id(0))!).keyId).toBe('k1');
  });
});
