// Session lifetimes (QUALITY SEC-3, ASVS 7.3): a session ends after 30 minutes without a
// request or 12 hours after sign-in, whichever comes first.
export const IDLE_TIMEOUT_SECONDS = 30 * 60;
export const ABSOLUTE_TIMEOUT_SECONDS = 12 * 60 * 60;

/** Claims Tapestry adds to next-auth's JWT. Only ids and numbers: never a role or a secret. */
export interface SessionClaims {
  sub?: string;
  /** The user's sessionVersion when this token was issued. */
  sv?: number;
  /** Sign-in time, epoch seconds. */
  authTime?: number;
}

export function isWithinAbsoluteLifetime(claims: SessionClaims, nowSeconds = Math.floor(Date.now() / 1000)): boolean {
  return typeof claims.authTime === 'number' && nowSeconds - claims.authTime < ABSOLUTE_TIMEOUT_SECONDS;
}
