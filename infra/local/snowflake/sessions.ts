// Sessions and their tokens, as Snowflake's Global Services hands them out: a session token
// (valid an hour) for every request and a master token (valid four hours) that renews it. The
// SDK renews on 390112 and gives up on 390114; a deleted session answers 390111. Tests and the
// sandbox user can expire tokens on purpose to exercise renewal.
//
// Tokens are looked up by their SHA-256 digest and only digests are kept, so the state file
// (persistence.ts) holds nothing a client could present. Sessions survive a restart as far as
// their tokens stay valid, as Snowflake's do (its tokens are checked server-side, not tied to
// one process): a connected SDK keeps working, and renews as usual when its session token lapses.
import { createHash, randomBytes } from 'node:crypto';
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
  /** SHA-256 digests of the current session token and of the master token. */
  token: string;
  masterToken: string;
  tokenExpiresAt: number;
  masterExpiresAt: number;
  closed: boolean;
}

/** A session as the state file keeps it: token digests, parameters as pairs. */
export interface SavedSession extends Omit<Tokens, 'session'> {
  session: Omit<Session, 'parameters'> & { parameters: Array<[string, ParameterValue]> };
  /** Digests of session tokens replaced by renewals (still answered as expired). */
  retired: string[];
}

export interface SessionsSnapshot {
  nextId: number;
  sessions: SavedSession[];
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

function digest(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
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
    const token = newToken('session');
    const masterToken = newToken('master');
    const entry: Tokens = {
      session,
      token: digest(token),
      masterToken: digest(masterToken),
      tokenExpiresAt: this.now() + SESSION_TOKEN_SECONDS * 1000,
      masterExpiresAt: this.now() + MASTER_TOKEN_SECONDS * 1000,
      closed: false,
    };
    this.bySessionToken.set(entry.token, entry);
    this.byMasterToken.set(entry.masterToken, entry);
    return { session, tokens: this.issued(entry, token, masterToken) };
  }

  private issued(entry: Tokens, token: string, masterToken: string): IssuedTokens {
    return {
      token,
      masterToken,
      validityInSeconds: Math.max(0, Math.round((entry.tokenExpiresAt - this.now()) / 1000)),
      masterValidityInSeconds: Math.max(0, Math.round((entry.masterExpiresAt - this.now()) / 1000)),
    };
  }

  /** The session a session token belongs to, or the error Snowflake answers for it. */
  authenticate(token: string): Session | SnowflakeError {
    const entry = this.bySessionToken.get(digest(token));
    if (!entry) return this.retired.has(digest(token)) ? sessionErrors.expired() : sessionErrors.invalidToken();
    if (entry.closed) return sessionErrors.gone();
    if (entry.tokenExpiresAt <= this.now()) return sessionErrors.expired();
    return entry.session;
  }

  /** POST /session/token-request: a new session token for a valid master token. */
  renew(masterToken: string, oldSessionToken: string | undefined): IssuedTokens & { sessionId: number } | SnowflakeError {
    const entry = this.byMasterToken.get(digest(masterToken));
    if (!entry) return sessionErrors.invalidToken();
    if (entry.closed) return sessionErrors.gone();
    if (entry.masterExpiresAt <= this.now()) return sessionErrors.masterExpired();
    const old = oldSessionToken === undefined ? undefined : digest(oldSessionToken);
    if (old !== undefined && old !== entry.token && !this.retired.has(old)) return sessionErrors.invalidToken();
    this.bySessionToken.delete(entry.token);
    this.retired.set(entry.token, entry);
    const token = newToken('session');
    entry.token = digest(token);
    entry.tokenExpiresAt = this.now() + SESSION_TOKEN_SECONDS * 1000;
    this.bySessionToken.set(entry.token, entry);
    return { ...this.issued(entry, token, masterToken), sessionId: entry.session.id };
  }

  /** POST /session?delete=true: the session ends; its tokens answer 390111 afterwards. */
  close(token: string): void {
    const entry = this.bySessionToken.get(digest(token));
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

  /** What the state file keeps: sessions whose master token can still be used (closed ones too, so they answer 390111). */
  snapshot(): SessionsSnapshot {
    const live = [...this.bySessionToken.values()].filter((e) => e.masterExpiresAt > this.now());
    return {
      nextId: this.nextId,
      sessions: live.map(({ session, ...tokens }) => ({
        ...tokens,
        session: { ...session, parameters: [...session.parameters] },
        retired: [...this.retired].filter(([, owner]) => owner.session === session).map(([retired]) => retired),
      })),
    };
  }

  restore(snapshot: SessionsSnapshot): void {
    this.nextId = Math.max(this.nextId, snapshot.nextId);
    for (const { session, retired, ...tokens } of snapshot.sessions) {
      const entry: Tokens = { ...tokens, session: { ...session, parameters: new Map(session.parameters) } };
      this.bySessionToken.set(entry.token, entry);
      this.byMasterToken.set(entry.masterToken, entry);
      for (const old of retired) this.retired.set(old, entry);
    }
  }
}
