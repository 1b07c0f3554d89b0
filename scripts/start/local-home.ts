// The local install's private folder (.tapestry/ in the checkout, or TAPESTRY_HOME): the embedded
// database and a keys file generated once, so a restart keeps sessions and passwords valid.
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

const keysSchema = z.object({
  nextauthSecret: z.string().min(32),
  passwordPepper: z.string().min(32),
  postgresPassword: z.string().min(16),
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

/** Reads the keys file, creating it on first run. Never overwrites an existing one. */
export function loadOrCreateKeys(home: string): LocalKeys {
  const file = path.join(home, 'keys.json');
  try {
    return keysSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
      throw new Error(`${file} is unreadable or damaged; restore it from a backup (passwords depend on it).`, {
        cause: error,
      });
    }
  }
  const keys: LocalKeys = { nextauthSecret: secret(), passwordPepper: secret(), postgresPassword: secret() };
  writeFileSync(file, JSON.stringify(keys, null, 2) + '\n', { mode: 0o600, flag: 'wx' });
  return keys;
}
