// Envelope encryption of one secret version: the value is encrypted under a fresh random data key
// (AES-256-GCM, random 96-bit nonce, AAD = org ‖ secret ‖ version ‖ fingerprint), and that data
// key is wrapped by the keyring's current KEK. A rotation then re-wraps the 60-byte data key and
// never touches (or decrypts) the value.
import 'server-only';
import { randomBytes } from 'node:crypto';
import { checkContext, encodeAad, type SecretContext } from './context';
import { gcmDecrypt, gcmEncrypt, NONCE_BYTES } from './gcm';
import { KEY_BYTES } from './key-spec';
import type { Keyring } from './keyring';
import { parseSealedSecret, readSealedSecret, type SealedSecret } from './sealed-secret';

const DATA_AAD = 'tapestry/secret-value/v1';

// The fingerprint is authenticated too, so a row cannot show one value's fingerprint for another.
const dataAad = (context: SecretContext, fingerprint: string) => encodeAad(DATA_AAD, context, fingerprint);

/** Seals one version of a secret under a fresh data key. Each call counts one encryption against the current KEK. */
export async function sealSecret(keyring: Keyring, context: SecretContext, plaintext: string): Promise<SealedSecret> {
  checkContext(context);
  const dataKey = randomBytes(KEY_BYTES);
  const value = Buffer.from(plaintext, 'utf8');
  try {
    const fingerprint = await keyring.fingerprint(context, plaintext);
    const [wrapping] = await keyring.wrapDataKeys([{ dataKey, context }]);
    const nonce = randomBytes(NONCE_BYTES);
    const { ciphertext, tag } = gcmEncrypt(dataKey, nonce, value, dataAad(context, fingerprint));
    return {
      v: 1,
      alg: 'A256GCMKW',
      enc: 'A256GCM',
      keyId: wrapping!.keyId,
      wrappedKey: wrapping!.wrappedKey,
      nonce: nonce.toString('base64url'),
      ciphertext: ciphertext.toString('base64url'),
      tag: tag.toString('base64url'),
      fingerprint,
    };
  } finally {
    dataKey.fill(0);
    value.fill(0);
  }
}

/**
 * Opens a sealed secret (the object, its JSON text or the compact string) for exactly the context
 * it was sealed for. Throws SecretError: MALFORMED, UNKNOWN_KEY, DECRYPT_FAILED or CONTEXT_INVALID.
 */
export async function openSecret(keyring: Keyring, context: SecretContext, sealed: SealedSecret | string): Promise<string> {
  checkContext(context);
  const { sealed: checked, bytes } = readSealedSecret(sealed);
  const dataKey = await keyring.unwrapDataKey(checked, context);
  try {
    const value = gcmDecrypt(dataKey, bytes.nonce, bytes.ciphertext, bytes.tag, dataAad(context, checked.fingerprint));
    const text = value.toString('utf8');
    value.fill(0);
    return text;
  } finally {
    dataKey.fill(0);
  }
}

/** What the API and UI may show of a secret: never the value. */
export type SecretDescription = { set: true; updatedAt: Date; fingerprint: string } | { set: false };

/** "set ✓" with when and a fingerprint, from the stored form alone (no key, no decryption); `{ set: false }` when absent. */
export function describeSecret(sealed: SealedSecret | string | null | undefined, updatedAt: Date): SecretDescription {
  if (sealed === null || sealed === undefined) return { set: false };
  return { set: true, updatedAt, fingerprint: parseSealedSecret(sealed).fingerprint };
}
