// Key rotation, step 2 (after a new KEK became current, while the old ones still open): re-wrap
// every data key not yet under the current KEK. Only the wrapping changes (`keyId`, `wrappedKey`);
// values stay encrypted and untouched, as with KMS ReEncrypt. It runs online: each row is
// written with compare-and-set, so a secret replaced meanwhile keeps its new value, and a row
// that lost the race is looked at again in another pass.
import 'server-only';
import type { SecretContext } from './context';
import { isSecretError, type SecretErrorReason } from './errors';
import type { Keyring } from './keyring';
import { readSealedSecret, type SealedSecret } from './sealed-secret';

export interface StoredSecret {
  /** The store's row id; the listing is ordered by it and resumes after it. */
  readonly id: string;
  readonly context: SecretContext;
  /** As stored: the object, its JSON text or the compact string. */
  readonly sealed: SealedSecret | string;
}

/** What rotation needs from wherever secrets are kept (the credential table, later). */
export interface SecretStore {
  /** Up to `limit` secrets whose keyId is not `keyId`, with id after `after` (null: from the start), in id order. */
  listByKeyNot(keyId: string, after: string | null, limit: number): Promise<readonly StoredSecret[]>;
  /**
   * Stores `next` only if the row still holds `expected` exactly as listed (compare-and-set);
   * true when it did. A store of compact strings writes `toCompactSecret(next)`.
   */
  updateWrapping(id: string, expected: SealedSecret | string, next: SealedSecret): Promise<boolean>;
}

export interface RewrapOptions {
  /** Rows listed and re-wrapped per round trip (default 200). */
  batchSize?: number;
  /** Passes over the store at most; a pass is repeated only after lost races (default 5). */
  maxPasses?: number;
  /** Called after every batch, e.g. to log progress. */
  onBatch?: (progress: RewrapResult) => void;
  signal?: AbortSignal;
}

export interface RewrapResult {
  rewrapped: number;
  /** Compare-and-set refusals: the row changed between listing and writing. */
  conflicts: number;
  /** Rows that could not be unwrapped (the first 100 are listed); they still need their old key. */
  failed: { id: string; reason: SecretErrorReason }[];
  failedCount: number;
  passes: number;
  /** True when no secret is left under another key: the retired keys may now be dropped. */
  complete: boolean;
}

const MAX_LISTED_FAILURES = 100;

interface Run {
  store: SecretStore;
  keyring: Keyring;
  result: RewrapResult;
  /** Ids that failed, so a second pass does not count them twice. */
  failedIds: Set<string>;
}

function recordFailure({ result, failedIds }: Run, id: string, reason: SecretErrorReason): void {
  if (failedIds.has(id)) return;
  failedIds.add(id);
  result.failedCount++;
  if (result.failed.length < MAX_LISTED_FAILURES) result.failed.push({ id, reason });
}

async function rewrapBatch(run: Run, rows: readonly StoredSecret[]): Promise<void> {
  const { store, keyring, result } = run;
  const ready: { row: StoredSecret; sealed: SealedSecret; dataKey: Buffer }[] = [];
  try {
    for (const row of rows) {
      try {
        const { sealed } = readSealedSecret(row.sealed);
        if (sealed.keyId === keyring.currentKeyId) continue; // moved since it was listed
        ready.push({ row, sealed, dataKey: await keyring.unwrapDataKey(sealed, row.context) });
      } catch (error) {
        if (!isSecretError(error)) throw error;
        recordFailure(run, row.id, error.reason);
      }
    }
    const wrappings = await keyring.wrapDataKeys(ready.map(({ row, dataKey }) => ({ dataKey, context: row.context })));
    const applied = await Promise.all(
      ready.map(({ row, sealed }, i) => store.updateWrapping(row.id, row.sealed, { ...sealed, ...wrappings[i]! })),
    );
    for (const ok of applied) {
      if (ok) result.rewrapped++;
      else result.conflicts++;
    }
  } finally {
    for (const { dataKey } of ready) dataKey.fill(0);
  }
}

/** Re-wraps every data key not under `keyring.currentKeyId`; see RewrapResult for what it reports. */
export async function rewrapAll(store: SecretStore, keyring: Keyring, options: RewrapOptions = {}): Promise<RewrapResult> {
  const batchSize = options.batchSize ?? 200;
  const maxPasses = options.maxPasses ?? 5;
  const result: RewrapResult = { rewrapped: 0, conflicts: 0, failed: [], failedCount: 0, passes: 0, complete: false };
  const run: Run = { store, keyring, result, failedIds: new Set() };
  const current = keyring.currentKeyId;
  let conflictsBefore: number;
  do {
    conflictsBefore = result.conflicts;
    result.passes++;
    let after: string | null = null;
    for (;;) {
      options.signal?.throwIfAborted();
      const rows = await store.listByKeyNot(current, after, batchSize);
      if (rows.length === 0) break;
      const last = rows[rows.length - 1]!.id;
      if (last === after) throw new Error('the secret store listed the same rows again; its listing must resume after `after`');
      await rewrapBatch(run, rows);
      options.onBatch?.(result);
      after = last;
      if (rows.length < batchSize) break;
    }
  } while (result.conflicts > conflictsBefore && result.passes < maxPasses);
  // A writer still running with an old keyring may have sealed under a retired key meanwhile.
  const left = await store.listByKeyNot(current, null, 1);
  result.complete = left.length === 0;
  return result;
}
