// Encryptions per KEK. Every data key wrapped under a KEK is one AES-GCM encryption with a random
// 96-bit nonce; NIST SP 800-38D caps those at 2^32 per key (nonce collision odds ≤ 2^-32), and a
// repeated nonce leaks the key's authentication secret. Tapestry refuses well before: at 2^30 the
// current key stops sealing until a new one is made current, and from 2^29 health and the UI warn.
// The counter is injectable so an installation can keep it in its database across processes and
// restarts; the in-memory one only suits tests, scripts and a single short-lived process.
import { SecretError } from './errors';

export const KEY_USAGE_LIMIT = 2 ** 30;

export interface KeyUsageCounter {
  /** Adds `count` encryptions to `keyId` and returns the new total; atomic for every process sharing it. */
  add(keyId: string, count: number): Promise<number>;
  /** The total for `keyId`; 0 when it was never used. */
  get(keyId: string): Promise<number>;
}

export function memoryUsageCounter(initial: Readonly<Record<string, number>> = {}): KeyUsageCounter {
  const counts = new Map(Object.entries(initial));
  return {
    async add(keyId, count) {
      const total = (counts.get(keyId) ?? 0) + count;
      counts.set(keyId, total);
      return total;
    },
    async get(keyId) {
      return counts.get(keyId) ?? 0;
    },
  };
}

/**
 * - `ok`: nothing to do.
 * - `rotate-soon`: half the limit used; rotate at the next maintenance window.
 * - `exhausted`: sealing under this key is refused; rotate now (opening still works).
 */
export type KeyUsageState = 'ok' | 'rotate-soon' | 'exhausted';

export interface KeyUsageReport {
  keyId: string;
  /** Whether this key seals new secrets (the others only open). */
  current: boolean;
  encryptions: number;
  limit: number;
  state: KeyUsageState;
}

export function usageState(encryptions: number, limit: number): KeyUsageState {
  if (encryptions >= limit) return 'exhausted';
  return encryptions >= limit / 2 ? 'rotate-soon' : 'ok';
}

/** Counts `count` encryptions before they happen, so concurrent sealers cannot overshoot the limit together. */
export async function reserveEncryptions(counter: KeyUsageCounter, keyId: string, count: number, limit: number): Promise<void> {
  const total = await counter.add(keyId, count);
  if (total > limit) {
    throw new SecretError('KEY_USAGE_EXHAUSTED', `key "${keyId}" has used ${limit} encryptions; make a new key current and run the rewrap`);
  }
}
