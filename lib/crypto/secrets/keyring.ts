// The installation's key-encryption keys (KEKs). A keyring wraps and unwraps data keys and makes
// fingerprints; the KEKs never leave it (no getter returns them, JSON and inspect show ids only).
// `Keyring` is an interface so a keyring backed by AWS KMS (SEC-6 "or AWS KMS when configured")
// can take this one's place without touching sealing, opening or rotation.
import 'server-only';
import { createHmac, hkdfSync, randomBytes, createSecretKey, type KeyObject } from 'node:crypto';
import { inspect } from 'node:util';
import { encodeAad, lengthPrefixed, type SecretContext } from './context';
import { SecretError } from './errors';
import { gcmDecrypt, gcmEncrypt, NONCE_BYTES, TAG_BYTES } from './gcm';
import { KEY_BYTES, KEY_ID_PATTERN, parseKeySpec, type KeyEntry } from './key-spec';
import { KEY_USAGE_LIMIT, memoryUsageCounter, reserveEncryptions, usageState, type KeyUsageCounter, type KeyUsageReport } from './usage';

/** A data key as stored: which KEK wrapped it, and the wrapped bytes (base64url). */
export interface KeyWrapping {
  readonly keyId: string;
  readonly wrappedKey: string;
}

export interface DataKeyToWrap {
  readonly dataKey: Buffer;
  readonly context: SecretContext;
}

export interface Keyring {
  /** The KEK that wraps new data keys. */
  readonly currentKeyId: string;
  /** Every KEK held, current first; the others only unwrap. */
  readonly keyIds: readonly string[];
  has(keyId: string): boolean;
  /** Wraps data keys under the current KEK, counting one encryption each before doing any. */
  wrapDataKeys(items: readonly DataKeyToWrap[]): Promise<KeyWrapping[]>;
  /** The data key, or SecretError UNKNOWN_KEY / DECRYPT_FAILED / MALFORMED. The caller zeroes it after use. */
  unwrapDataKey(wrapping: KeyWrapping, context: SecretContext): Promise<Buffer>;
  /** 12 hex digits: HMAC-SHA256 of the org and value under a key derived from the current KEK. */
  fingerprint(context: SecretContext, plaintext: string): Promise<string>;
  /** Encryptions per KEK against the limit, current first, for health checks and the UI. */
  usage(): Promise<KeyUsageReport[]>;
}

export interface KeyringOptions {
  /** Where encryptions per KEK are counted; defaults to this process's memory. */
  usage?: KeyUsageCounter;
  /** Encryptions allowed per KEK; defaults to KEY_USAGE_LIMIT (2^30). */
  usageLimit?: number;
}

const WRAP_AAD = 'tapestry/secret-data-key/v1';
const FINGERPRINT_INFO = 'tapestry/secret-fingerprint/v1';
const FINGERPRINT_BYTES = 6;
const WRAPPED_BYTES = NONCE_BYTES + KEY_BYTES + TAG_BYTES;

interface HeldKey {
  kek: KeyObject;
  /** Derived from the KEK: one key, one purpose (the KEK itself only wraps data keys). */
  fingerprintKey: KeyObject;
}

function hold(entry: KeyEntry): HeldKey {
  const derived = Buffer.from(hkdfSync('sha256', entry.key, Buffer.alloc(0), FINGERPRINT_INFO, 32));
  const fingerprintKey = createSecretKey(derived);
  derived.fill(0);
  return { kek: entry.key, fingerprintKey };
}

function checkEntries(entries: readonly KeyEntry[]): void {
  const fail = (detail: string) => new SecretError('KEY_SPEC_INVALID', detail);
  if (entries.length === 0) throw fail('a keyring needs at least one key');
  const ids = new Set<string>();
  for (const { id, key } of entries) {
    if (!KEY_ID_PATTERN.test(id)) throw fail('a key id must be 1–32 of A–Z, a–z, 0–9, _ and -');
    if (ids.has(id)) throw fail(`key id "${id}" is used twice`);
    ids.add(id);
    if (key.type !== 'secret' || key.symmetricKeySize !== KEY_BYTES) throw fail(`key "${id}" must be a ${KEY_BYTES}-byte secret key`);
  }
}

class LocalKeyring implements Keyring {
  readonly #keys: ReadonlyMap<string, HeldKey>;
  readonly #usage: KeyUsageCounter;
  readonly #limit: number;
  readonly currentKeyId: string;
  readonly keyIds: readonly string[];

  constructor(entries: readonly KeyEntry[], options: KeyringOptions) {
    checkEntries(entries);
    this.#keys = new Map(entries.map((e) => [e.id, hold(e)]));
    this.keyIds = Object.freeze(entries.map((e) => e.id));
    this.currentKeyId = this.keyIds[0]!;
    this.#usage = options.usage ?? memoryUsageCounter();
    this.#limit = options.usageLimit ?? KEY_USAGE_LIMIT;
  }

  has(keyId: string): boolean {
    return this.#keys.has(keyId);
  }

  #held(keyId: string): HeldKey {
    const held = this.#keys.get(keyId);
    if (!held) throw new SecretError('UNKNOWN_KEY', `key id "${keyId}" is not in TAPESTRY_SECRET_KEY`);
    return held;
  }

  async wrapDataKeys(items: readonly DataKeyToWrap[]): Promise<KeyWrapping[]> {
    const keyId = this.currentKeyId;
    const { kek } = this.#held(keyId);
    if (items.length > 0) await reserveEncryptions(this.#usage, keyId, items.length, this.#limit);
    return items.map(({ dataKey, context }) => {
      const nonce = randomBytes(NONCE_BYTES);
      const { ciphertext, tag } = gcmEncrypt(kek, nonce, dataKey, encodeAad(WRAP_AAD, context, keyId));
      return { keyId, wrappedKey: Buffer.concat([nonce, ciphertext, tag]).toString('base64url') };
    });
  }

  async unwrapDataKey(wrapping: KeyWrapping, context: SecretContext): Promise<Buffer> {
    const { kek } = this.#held(wrapping.keyId);
    const bytes = Buffer.from(wrapping.wrappedKey, 'base64url');
    if (bytes.length !== WRAPPED_BYTES) throw new SecretError('MALFORMED', `wrappedKey must be ${WRAPPED_BYTES} bytes`);
    const nonce = bytes.subarray(0, NONCE_BYTES);
    const encrypted = bytes.subarray(NONCE_BYTES, NONCE_BYTES + KEY_BYTES);
    const tag = bytes.subarray(NONCE_BYTES + KEY_BYTES);
    return gcmDecrypt(kek, nonce, encrypted, tag, encodeAad(WRAP_AAD, context, wrapping.keyId));
  }

  async fingerprint(context: SecretContext, plaintext: string): Promise<string> {
    // The org is mixed in so equal values in two organizations do not show equal fingerprints.
    const mac = createHmac('sha256', this.#held(this.currentKeyId).fingerprintKey);
    return mac.update(lengthPrefixed(FINGERPRINT_INFO, context.orgId, plaintext)).digest().subarray(0, FINGERPRINT_BYTES).toString('hex');
  }

  async usage(): Promise<KeyUsageReport[]> {
    return Promise.all(
      this.keyIds.map(async (keyId) => {
        const encryptions = await this.#usage.get(keyId);
        return { keyId, current: keyId === this.currentKeyId, encryptions, limit: this.#limit, state: usageState(encryptions, this.#limit) };
      }),
    );
  }

  /** Ids only: a keyring that lands in a log or a response shows no key. */
  toJSON(): { currentKeyId: string; keyIds: readonly string[] } {
    return { currentKeyId: this.currentKeyId, keyIds: this.keyIds };
  }

  [inspect.custom](): string {
    return `Keyring { current: ${this.currentKeyId}, keys: [${this.keyIds.join(', ')}] }`;
  }
}

/** A keyring from TAPESTRY_SECRET_KEY's text (see key-spec.ts) or from parsed entries; the first key is current. */
export function createKeyring(keys: string | readonly KeyEntry[], options: KeyringOptions = {}): Keyring {
  return new LocalKeyring(typeof keys === 'string' ? parseKeySpec(keys) : keys, options);
}
