// Opaque, unguessable row ids (128 random bits, ASVS 11.5.1), URL-safe.
import { randomBytes } from 'node:crypto';

export function newId(): string {
  return randomBytes(16).toString('base64url');
}
