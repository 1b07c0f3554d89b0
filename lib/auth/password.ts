// Password hashing with argon2id at m = 64 MiB, t = 3, p = 1 (above OWASP's 19 MiB / t = 2
// minimum; ~74 ms here), with a pepper kept outside the database. Hashes made with older
// parameters are upgraded at the next successful sign-in.
import { hash, verify } from '@node-rs/argon2';
import { env } from '@/lib/env';

// @node-rs/argon2 exports Algorithm as a const enum, which isolatedModules cannot read; 2 is Argon2id.
const ARGON2ID = 2;
export const ARGON2_PARAMS = { memoryCost: 65_536, timeCost: 3, parallelism: 1 } as const;

function pepper(): Buffer {
  return Buffer.from(env().TAPESTRY_PASSWORD_PEPPER, 'utf8');
}

export function hashPassword(password: string): Promise<string> {
  return hash(password.normalize('NFKC'), { algorithm: ARGON2ID, ...ARGON2_PARAMS, secret: pepper() });
}

export async function verifyPassword(phc: string, password: string): Promise<boolean> {
  try {
    return await verify(phc, password.normalize('NFKC'), { secret: pepper() });
  } catch {
    return false; // a malformed stored hash never signs anyone in
  }
}

/** True when the stored hash was made with other parameters than today's. */
export function needsRehash(phc: string): boolean {
  const match = /^\$argon2id\$v=19\$m=(\d+),t=(\d+),p=(\d+)\$/.exec(phc);
  if (!match) return true;
  const [, m, t, p] = match.map(Number);
  return m !== ARGON2_PARAMS.memoryCost || t !== ARGON2_PARAMS.timeCost || p !== ARGON2_PARAMS.parallelism;
}

/**
 * A fixed hash to verify against when the email is unknown, so an unknown account costs the
 * same time as a wrong password and response timing does not reveal which emails exist.
 */
let dummy: Promise<string> | undefined;
export function dummyHash(): Promise<string> {
  dummy ??= hashPassword('tapestry-dummy-password-for-timing');
  return dummy;
}
