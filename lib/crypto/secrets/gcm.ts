// AES-256-GCM with a 96-bit nonce and a full 128-bit tag, for both layers of the envelope (the
// data under its data key, the data key under the KEK). Callers pass a fresh random nonce per
// encryption; GCM's safety rests on never repeating one under the same key.
import { createCipheriv, createDecipheriv, type KeyObject } from 'node:crypto';
import { SecretError } from './errors';

export const NONCE_BYTES = 12;
export const TAG_BYTES = 16;
const ALGORITHM = 'aes-256-gcm';

export function gcmEncrypt(key: KeyObject | Buffer, nonce: Buffer, plaintext: Buffer, aad: Buffer): { ciphertext: Buffer; tag: Buffer } {
  const cipher = createCipheriv(ALGORITHM, key, nonce, { authTagLength: TAG_BYTES });
  cipher.setAAD(aad);
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return { ciphertext, tag: cipher.getAuthTag() };
}

/** Throws SecretError DECRYPT_FAILED when the tag does not verify (altered bytes, other AAD or key). */
export function gcmDecrypt(key: KeyObject | Buffer, nonce: Buffer, ciphertext: Buffer, tag: Buffer, aad: Buffer): Buffer {
  // authTagLength pins the tag size: without it Node accepts a shortened tag.
  const decipher = createDecipheriv(ALGORITHM, key, nonce, { authTagLength: TAG_BYTES });
  decipher.setAAD(aad);
  decipher.setAuthTag(tag);
  const head = decipher.update(ciphertext);
  try {
    return Buffer.concat([head, decipher.final()]);
  } catch {
    head.fill(0); // unauthenticated output is never handed out
    throw new SecretError('DECRYPT_FAILED', 'it was altered, or belongs to another organization, secret or version');
  }
}
