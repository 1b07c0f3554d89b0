// The SCRAM-SHA-256 verifier PostgreSQL stores for a password (RFC 5802/7677, in the form
// `SCRAM-SHA-256$<iterations>:<salt>$<StoredKey>:<ServerKey>`), computed here the way libpq's
// PQencryptPasswordConn does, so the server is handed the verifier and never the password: a
// statement log or pg_stat_statements can at worst hold the verifier.
import { createHash, createHmac, pbkdf2Sync, randomBytes } from 'node:crypto';

/** PostgreSQL's default `scram_iterations`. */
const ITERATIONS = 4096;

/**
 * True when the password needs no SASLprep normalisation (printable ASCII), so a verifier computed
 * from its bytes matches what every client will prove. Other passwords go to the server as they
 * are, which normalises them itself.
 */
export function verifierIsExact(password: string): boolean {
  return /^[\x20-\x7e]+$/.test(password);
}

export function scramSha256Verifier(password: string, salt: Buffer = randomBytes(16), iterations = ITERATIONS): string {
  const salted = pbkdf2Sync(Buffer.from(password, 'utf8'), salt, iterations, 32, 'sha256');
  const clientKey = createHmac('sha256', salted).update('Client Key').digest();
  const storedKey = createHash('sha256').update(clientKey).digest();
  const serverKey = createHmac('sha256', salted).update('Server Key').digest();
  return `SCRAM-SHA-256$${iterations}:${salt.toString('base64')}$${storedKey.toString('base64')}:${serverKey.toString('base64')}`;
}

/** What to send as the role's PASSWORD: the verifier when it is exact, else the password. */
export function passwordForServer(password: string): string {
  return verifierIsExact(password) ? scramSha256Verifier(password) : password;
}
