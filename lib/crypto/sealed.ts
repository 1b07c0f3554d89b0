// Secrets the app must keep but not show (an invitation link waiting to be emailed, later the
// credentials of connected systems) are stored sealed: AES-256-GCM with a key derived by HKDF
// from the installation's secret and the value's purpose, so a key for one use opens nothing
// else and a changed or swapped ciphertext fails to open instead of decrypting to garbage.
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { env } from '@/lib/env';

const VERSION = 'v1';

function keyFor(purpose: string, secret: string): Buffer {
  return Buffer.from(hkdfSync('sha256', secret, 'tapestry-sealed', `${VERSION}:${purpose}`, 32));
}

export function seal(plaintext: string, purpose: string, secret = env().NEXTAUTH_SECRET): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', keyFor(purpose, secret), iv);
  cipher.setAAD(Buffer.from(purpose));
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return [VERSION, iv, body, cipher.getAuthTag()].map((p) => (typeof p === 'string' ? p : p.toString('base64url'))).join('.');
}

/** Opens a sealed value; throws when it was altered, sealed for another purpose or with another secret. */
export function unseal(sealed: string, purpose: string, secret = env().NEXTAUTH_SECRET): string {
  const [version, iv, body, tag] = sealed.split('.');
  if (version !== VERSION || !iv || body === undefined || !tag) throw new Error('not a sealed value');
  const decipher = createDecipheriv('aes-256-gcm', keyFor(purpose, secret), Buffer.from(iv, 'base64url'));
  decipher.setAAD(Buffer.from(purpose));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
}
