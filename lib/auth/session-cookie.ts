// Reads and re-issues next-auth's session cookie outside next-auth's own routes: the DAL reads
// the claims to check the session version, and the proxy slides the idle timeout.
import { decode, encode, type JWT } from 'next-auth/jwt';
import { IDLE_TIMEOUT_SECONDS, type SessionClaims } from './session-policy';

export function sessionCookieName(secure: boolean): string {
  return secure ? '__Secure-next-auth.session-token' : 'next-auth.session-token';
}

export async function decodeSession(token: string | undefined, secret: string): Promise<(JWT & SessionClaims) | null> {
  if (!token || token.length > 8192) return null;
  try {
    const claims = await decode({ token, secret });
    return (claims as (JWT & SessionClaims) | null) ?? null;
  } catch {
    return null; // tampered, expired or signed with another secret
  }
}

export function encodeSession(claims: JWT & SessionClaims, secret: string): Promise<string> {
  return encode({ token: claims, secret, maxAge: IDLE_TIMEOUT_SECONDS });
}
