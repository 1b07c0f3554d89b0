// The local install's private folder (.tapestry/ in the checkout, or TAPESTRY_HOME): the embedded
// database and a keys file generated once, so a restart keeps sessions and passwords valid.
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
// Not the secrets index: that one is server-only, and this runs in the plain `npm start` process.
import { generateKeyEntry } from '@/lib/crypto/secrets/key-spec';

const keysSchema = z.object({
  nextauthSecret: z.string().min(32),
  passwordPepper: z.string().min(32),
  postgresPassword: z.string().min(16),
  /** The key ring for secrets at rest (lib/crypto/secrets), `TAPESTRY_SECRET_KEY`'s format. */
  secretKey: z.string().min(1),
});

export type LocalKeys = z.infer<typeof keysSchema>;

export function localHome(): string {
  return path.resolve(process.env.TAPESTRY_HOME || '.tapestry');
}

export function prepareHome(home: string): void {
  mkdirSync(home, { recursive: true });
  // Traversable but not listable: as root, PostgreSQL runs as the `postgres` user and must
  // reach its data folder inside; everything secret in here is mode 0600.
  chmodSync(home, 0o711);
}

const secret = () => randomBytes(32).toString('base64url');

/**
 * Reads the keys file, creating it on first run. Never changes a key it holds; a file from an
 * earlier version gains the keys introduced since (written to a temporary file, then renamed).
 */
export function loadOrCreateKeys(home: string): LocalKeys {
  const file = path.join(home, 'keys.json');
  try {
    const stored = keysSchema.partial({ secretKey: true }).parse(JSON.parse(readFileSync(file, 'utf8')));
    if (stored.secretKey) return { ...stored, secretKey: stored.secretKey };
    const upgraded: LocalKeys = { ...stored, secretKey: generateKeyEntry().entry };
    writeFileSync(`${file}.tmp`, JSON.stringify(upgraded, null, 2) + '\n', { mode: 0o600 });
    renameSync(`${file}.tmp`, file);
    return upgraded;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
      throw new Error(`${file} is unreadable or damaged; restore it from a backup (passwords depend on it).`, {
        cause: error,
      });
    }
  }
  const keys: LocalKeys = {
    nextauthSecret: secret(),
    passwordPepper: secret(),
    postgresPassword: secret(),
    secretKey: generateKeyEntry().entry,
  };
  writeFileSync(file, JSON.stringify(keys, null, 2) + '\n', { mode: 0o600, flag: 'wx' });
  return keys;
}
