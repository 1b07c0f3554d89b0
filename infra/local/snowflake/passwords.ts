// User passwords as Snowflake keeps them: never the text, only a salted slow hash. The stand-in
// does the same so that neither its memory dumps nor its state file (persistence.ts) hold a
// password a user typed. scrypt with Node's default cost (~40 ms here); hashing happens once per
// CREATE/ALTER USER, checking runs off the event loop so a login does not stall other requests.
import { randomBytes, scrypt, scryptSync, timingSafeEqual, type ScryptOptions } from 'node:crypto';

const COST: ScryptOptions = { N: 16_384, r: 8, p: 1 };
const KEY_BYTES = 32;
const PREFIX = 'scrypt';

/** `scrypt$N$r$p$salt$hash` (base64url), so a later change of cost still reads old hashes. */
export function hashPassword(password: string): string {
  const salt = randomBytes(16);
  const hash = scryptSync(password, salt, KEY_BYTES, COST);
  return [PREFIX, COST.N, COST.r, COST.p, salt.toString('base64url'), hash.toString('base64url')].join('$');
}

function derive(password: string, salt: Buffer, length: number, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => scrypt(password, salt, length, options, (error, key) => (error ? reject(error) : resolve(key))));
}

/** A hash nobody's password matches: checked for unknown users so timing does not reveal names. */
const NOBODY = hashPassword(randomBytes(16).toString('base64url'));

/** True when `password` is the one `stored` was made from; false for a missing or malformed hash. */
export async function verifyPassword(password: string | undefined, stored: string | null): Promise<boolean> {
  const [prefix, n, r, p, salt, hash] = (stored ?? NOBODY).split('$');
  if (prefix !== PREFIX || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64url');
  // A hash with impossible parameters (a hand-edited state file) matches nothing rather than failing the login.
  const key = await derive(password ?? '', Buffer.from(salt, 'base64url'), expected.length, { N: Number(n), r: Number(r), p: Number(p) }).catch(() => undefined);
  return key !== undefined && stored !== null && password !== undefined && timingSafeEqual(key, expected);
}
