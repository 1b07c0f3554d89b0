// What a sealed secret belongs to. Every encryption binds it as additional authenticated data
// (AAD), so a ciphertext copied to another organization, another secret or another version of the
// same secret fails to open instead of decrypting there.
import { SecretError } from './errors';

export interface SecretContext {
  /** The owning organization's id. */
  readonly orgId: string;
  /** The secret's stable id (the credential row), the same for all its versions. */
  readonly secretId: string;
  /** 1, 2, …: each replacement of the value is a new version with a new data key. */
  readonly version: number;
}

const MAX_ID_BYTES = 256;

export function checkContext(context: SecretContext): void {
  for (const field of ['orgId', 'secretId'] as const) {
    const value: unknown = context[field];
    if (typeof value !== 'string' || value === '' || Buffer.byteLength(value) > MAX_ID_BYTES) {
      throw new SecretError('CONTEXT_INVALID', `${field} must be a non-empty string of at most ${MAX_ID_BYTES} bytes`);
    }
  }
  if (!Number.isSafeInteger(context.version) || context.version < 1) {
    throw new SecretError('CONTEXT_INVALID', 'version must be a positive integer');
  }
}

/** Parts joined unambiguously: each prefixed by its 4-byte length, so ("ab", "c") and ("a", "bc") differ. */
export function lengthPrefixed(...parts: string[]): Buffer {
  const bytes = parts.map((p) => Buffer.from(p, 'utf8'));
  const out = Buffer.alloc(bytes.reduce((n, p) => n + 4 + p.length, 0));
  let at = 0;
  for (const part of bytes) {
    at = out.writeUInt32BE(part.length, at);
    at += part.copy(out, at);
  }
  return out;
}

/** The AAD of one layer: its purpose label, then orgId, secretId, version and any extra parts. */
export function encodeAad(purpose: string, context: SecretContext, ...extra: string[]): Buffer {
  return lengthPrefixed(purpose, context.orgId, context.secretId, String(context.version), ...extra);
}
