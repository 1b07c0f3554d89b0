// The stored shape of a sealed secret: a JSON-serialisable object (for a jsonb column) or the
// same fields as one compact string (for a text column). Nothing in it is secret on its own: the
// data key inside `wrappedKey` opens only with the KEK named by `keyId`.
import { SecretError } from './errors';
import { NONCE_BYTES, TAG_BYTES } from './gcm';
import { KEY_ID_PATTERN } from './key-spec';

export const FINGERPRINT_PATTERN = /^[0-9a-f]{12}$/;

export interface SealedSecret {
  /** Format version. 1: `enc` encrypts the value under a fresh data key, `alg` wraps that key under the KEK. */
  readonly v: 1;
  /** The data key is wrapped with AES-256-GCM under the KEK (JOSE's name for it). */
  readonly alg: 'A256GCMKW';
  /** The value is encrypted with AES-256-GCM under the data key. */
  readonly enc: 'A256GCM';
  /** Which KEK wrapped the data key; changes when `rewrapAll` moves it to a new KEK. */
  readonly keyId: string;
  /** base64url of the wrapped data key (for the built-in keyring: 12-byte nonce ‖ 32-byte encrypted key ‖ 16-byte tag). */
  readonly wrappedKey: string;
  /** base64url, 12 bytes: the value's nonce. */
  readonly nonce: string;
  /** base64url of the encrypted UTF-8 value (as long as the value). */
  readonly ciphertext: string;
  /** base64url, 16 bytes: the value's GCM tag. */
  readonly tag: string;
  /** 12 hex digits for "set ✓" displays; keyed, so the value cannot be guessed from it. Authenticated with the value. */
  readonly fingerprint: string;
}

export interface SealedBytes {
  wrappedKey: Buffer;
  nonce: Buffer;
  ciphertext: Buffer;
  tag: Buffer;
}

const COMPACT_PREFIX = 'tsec1';
const BASE64URL = /^[A-Za-z0-9_-]*$/;
const MAX_WRAPPED_KEY_CHARS = 2048;

function malformed(detail: string): SecretError {
  return new SecretError('MALFORMED', detail);
}

/** Canonical base64url only: a changed padding bit must not decode to the same bytes unnoticed. */
function decode(field: string, text: unknown, bytes?: number): Buffer {
  if (typeof text !== 'string' || !BASE64URL.test(text)) throw malformed(`${field} is not base64url`);
  const decoded = Buffer.from(text, 'base64url');
  if (decoded.toString('base64url') !== text) throw malformed(`${field} is not canonical base64url`);
  if (bytes !== undefined && decoded.length !== bytes) throw malformed(`${field} must be ${bytes} bytes`);
  return decoded;
}

function fromCompact(text: string): Record<string, unknown> {
  const parts = text.split('.');
  if (parts.length !== 7 || parts[0] !== COMPACT_PREFIX) throw malformed(`expected ${COMPACT_PREFIX}.<keyId>.<wrappedKey>.<nonce>.<ciphertext>.<tag>.<fingerprint>`);
  const [, keyId, wrappedKey, nonce, ciphertext, tag, fingerprint] = parts;
  return { v: 1, alg: 'A256GCMKW', enc: 'A256GCM', keyId, wrappedKey, nonce, ciphertext, tag, fingerprint };
}

/** Checks a stored value (the object, its JSON text, or the compact string); returns it and its decoded bytes. */
export function readSealedSecret(value: unknown): { sealed: SealedSecret; bytes: SealedBytes } {
  let record: unknown = value;
  if (typeof value === 'string') {
    if (value.startsWith('{')) {
      try {
        record = JSON.parse(value);
      } catch {
        throw malformed('it is not valid JSON');
      }
    } else record = fromCompact(value);
  }
  if (typeof record !== 'object' || record === null) throw malformed('expected an object or a compact string');
  const r = record as Record<string, unknown>;
  if (r.v !== 1 || r.alg !== 'A256GCMKW' || r.enc !== 'A256GCM') throw malformed('unknown format version or algorithm');
  if (typeof r.keyId !== 'string' || !KEY_ID_PATTERN.test(r.keyId)) throw malformed('keyId is not a key id');
  if (typeof r.fingerprint !== 'string' || !FINGERPRINT_PATTERN.test(r.fingerprint)) throw malformed('fingerprint is not 12 hex digits');
  if (typeof r.wrappedKey === 'string' && r.wrappedKey.length > MAX_WRAPPED_KEY_CHARS) throw malformed('wrappedKey is too long');
  const bytes: SealedBytes = {
    wrappedKey: decode('wrappedKey', r.wrappedKey),
    nonce: decode('nonce', r.nonce, NONCE_BYTES),
    ciphertext: decode('ciphertext', r.ciphertext),
    tag: decode('tag', r.tag, TAG_BYTES),
  };
  if (bytes.wrappedKey.length === 0) throw malformed('wrappedKey is empty');
  const sealed: SealedSecret = {
    v: 1,
    alg: 'A256GCMKW',
    enc: 'A256GCM',
    keyId: r.keyId,
    wrappedKey: r.wrappedKey as string,
    nonce: r.nonce as string,
    ciphertext: r.ciphertext as string,
    tag: r.tag as string,
    fingerprint: r.fingerprint,
  };
  return { sealed, bytes };
}

/** Checks a stored value (the object, its JSON text, or the compact string) and returns it as a SealedSecret. */
export function parseSealedSecret(value: unknown): SealedSecret {
  return readSealedSecret(value).sealed;
}

/** One-string form: `tsec1.<keyId>.<wrappedKey>.<nonce>.<ciphertext>.<tag>.<fingerprint>`. */
export function toCompactSecret(sealed: SealedSecret): string {
  const { keyId, wrappedKey, nonce, ciphertext, tag, fingerprint } = parseSealedSecret(sealed);
  return [COMPACT_PREFIX, keyId, wrappedKey, nonce, ciphertext, tag, fingerprint].join('.');
}
