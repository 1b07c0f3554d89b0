// Sessions and their tokens, as Snowflake's Global Services hands them out: a session token
// (valid an hour) for every request and a master token (valid four hours) that renews it. The
// SDK renews on 390112 and gives up on 390114; a deleted session answers 390111. Tests and the
// sandbox user can expire tokens on purpose to exercise renewal.
import { randomBytes } from 'node:crypto';
import { sessionErrors, type SnowflakeError } from './errors';

export const SESSION_TOKEN_SECONDS = 3600;
export const MASTER_TOKEN_SECONDS = 14_400;

export type ParameterValue = string | number | boolean;

/** What a statement runs with: who, which role, and the current warehouse, database and schema. */
export interface Session {
  id: number;
  user: string;
  role: string;
  warehouse: string | null;
  database: string | null;
  schema: string | null;
  /** Session parameters set at login or by ALTER SESSION (names upper-cased). */
  parameters: Map<string, ParameterValue>;
  createdAt: number;
}

interface Tokens {
  session: Session;
  token: string;
  masterToken: string;
  tokenExpiresAt: number;
  masterExpiresAt: number;
  closed: boolean;
}

export interface IssuedTokens {
  token: string;
  masterToken: string;
  validityInSeconds: number;
  masterValidityInSeconds: number;
}

function newToken(prefix: string): string {
  return `ver:1-hint:${prefix}-${randomBytes(24).toString('base64url')}`;
}

export class SessionStore {
  private nextId = 1_000_000_000_001;
  private readonly bySessionToken = new Map<string, Tokens>();
  private readonly byMasterToken = new Map<string, Tokens>();
  /** Session tokens replaced by a renewal: still recognised, answered as expired. */
  private readonly retired = new Map<string, Tokens>();

  constructor(private readonly now: () => number = Date.now) {}

  open(fields: Omit<Session, 'id' | 'createdAt'>): { session: Session; tokens: IssuedTokens } {
    const session: Session = { ...fields, id: this.nextId++, createdAt: this.now() };
    const entry: Tokens = {
      session,
      token: newToken('session'),
      masterToken: newToken('master'),
      tokenExpiresAt: this.now() + SESSION_TOKEN_SECONDS * 1000,
      masterExpiresAt: this.now() + MASTER_TOKEN_SECONDS * 1000,
      closed: false,
    };
    this.bySessionToken.set(entry.token, entry);
    this.byMasterToken.set(entry.masterToken, entry);
    return { session, tokens: this.issued(entry) };
  }

  private issued(entry: Tokens): IssuedTokens {
    return {
      token: entry.token,
      masterToken: entry.masterToken,
      validityInSeconds: Math.max(0, Math.round((entry.tokenExpiresAt - this.now()) / 1000)),
      masterValidityInSeconds: Math.max(0, Math.round((entry.masterExpiresAt - this.now()) / 1000)),
    };
  }

  /** The session a session token belongs to, or the error Snowflake answers for it. */
  authenticate(token: string): Session | SnowflakeError {
    const entry = this.bySessionToken.get(token);
    if (!entry) return this.retired.has(token) ? sessionErrors.expired() : sessionErrors.invalidToken();
    if (entry.closed) return sessionErrors.gone();
    if (entry.tokenExpiresAt <= this.now()) return sessionErrors.expired();
    return entry.session;
  }

  /** POST /session/token-request: a new session token for a valid master token. */
  renew(masterToken: string, oldSessionToken: string | undefined): IssuedTokens & { sessionId: number } | SnowflakeError {
    const entry = this.byMasterToken.get(masterToken);
    if (!entry) return sessionErrors.invalidToken();
    if (entry.closed) return sessionErrors.gone();
    if (entry.masterExpiresAt <= this.now()) return sessionErrors.masterExpired();
    if (oldSessionToken !== undefined && oldSessionToken !== entry.token && !this.retired.has(oldSessionToken)) return sessionErrors.invalidToken();
    this.bySessionToken.delete(entry.token);
    this.retired.set(entry.token, entry);
    entry.token = newToken('session');
    entry.tokenExpiresAt = this.now() + SESSION_TOKEN_SECONDS * 1000;
    this.bySessionToken.set(entry.token, entry);
    return { ...this.issued(entry), sessionId: entry.session.id };
  }

  /** POST /session?delete=true: the session ends; its tokens answer 390111 afterwards. */
  close(token: string): void {
    const entry = this.bySessionToken.get(token);
    if (entry) entry.closed = true;
  }

  /** Makes every open session's token (and with `master`, its master token) expired now. */
  expire(options: { master?: boolean } = {}): number {
    let count = 0;
    for (const entry of this.bySessionToken.values()) {
      if (entry.closed) continue;
      entry.tokenExpiresAt = this.now() - 1;
      if (options.master) entry.masterExpiresAt = this.now() - 1;
      count++;
    }
    return count;
  }

  /** Open sessions, for the control API (no tokens). */
  list(): Session[] {
    return [...this.bySessionToken.values()].filter((e) => !e.closed).map((e) => e.session);
  }
}
