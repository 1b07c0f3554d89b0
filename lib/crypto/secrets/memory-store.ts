// A SecretStore in memory: the reference for the contract a database store must keep (listing in
// id order after a cursor, compare-and-set writes), used by the tests and the rotation benchmark.
import type { SecretContext } from './context';
import type { SecretStore, StoredSecret } from './rotation';
import { parseSealedSecret, toCompactSecret, type SealedSecret } from './sealed-secret';

interface Row {
  context: SecretContext;
  keyId: string;
  /** Compact form, so compare-and-set is a string comparison as in a text column. */
  sealed: string;
}

export interface MemorySecretStore extends SecretStore {
  put(id: string, context: SecretContext, sealed: SealedSecret): void;
  /** The stored compact string, or undefined. */
  get(id: string): string | undefined;
  readonly size: number;
}

export function memorySecretStore(): MemorySecretStore {
  const rows = new Map<string, Row>();
  let sortedIds: string[] | undefined; // rebuilt after inserts only

  const ids = () => (sortedIds ??= [...rows.keys()].sort());
  const firstAfter = (list: string[], after: string | null) => {
    if (after === null) return 0;
    let low = 0;
    let high = list.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (list[mid]! <= after) low = mid + 1;
      else high = mid;
    }
    return low;
  };

  return {
    put(id, context, sealed) {
      if (!rows.has(id)) sortedIds = undefined;
      rows.set(id, { context, keyId: sealed.keyId, sealed: toCompactSecret(sealed) });
    },
    get: (id) => rows.get(id)?.sealed,
    get size() {
      return rows.size;
    },
    async listByKeyNot(keyId, after, limit) {
      const list = ids();
      const page: StoredSecret[] = [];
      for (let i = firstAfter(list, after); i < list.length && page.length < limit; i++) {
        const id = list[i]!;
        const row = rows.get(id)!;
        if (row.keyId !== keyId) page.push({ id, context: row.context, sealed: row.sealed });
      }
      return page;
    },
    async updateWrapping(id, expected, next) {
      const row = rows.get(id);
      const expectedText = typeof expected === 'string' ? expected : toCompactSecret(expected);
      if (!row || row.sealed !== expectedText) return false;
      const checked = parseSealedSecret(next);
      rows.set(id, { ...row, keyId: checked.keyId, sealed: toCompactSecret(checked) });
      return true;
    },
  };
}
