import 'server-only';
// The installation's keyring, from TAPESTRY_SECRET_KEY, counting encryptions in the database.
// Built once per process and rebuilt only when the configured keys change (tests switch keys
// between cases; a server changes them only by restarting).
import { createKeyring, SecretError, type Keyring } from '@/lib/crypto/secrets';
import { env } from '@/lib/env';
import { databaseUsageCounter } from './usage-counter';

let cached: { spec: string; keyring: Keyring } | undefined;

/** The app's keyring; SecretError KEY_SPEC_INVALID when TAPESTRY_SECRET_KEY is unset or malformed. */
export function appKeyring(): Keyring {
  const spec = env().TAPESTRY_SECRET_KEY;
  if (!spec) throw new SecretError('KEY_SPEC_INVALID', 'set TAPESTRY_SECRET_KEY (npm start generates one)');
  if (cached?.spec !== spec) cached = { spec, keyring: createKeyring(spec, { usage: databaseUsageCounter() }) };
  return cached.keyring;
}
