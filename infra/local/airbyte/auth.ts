// Airbyte OSS application credentials: `POST /applications/token` trades the instance's client id
// and secret for a bearer token (15 minutes by default, AirbyteAuthConfig's
// applicationTokenExpirationInMinutes); every other call must carry a live one. The issuer keeps
// only a hash of each token, so its saved state (persistence.ts) holds no usable bearer token,
// yet a client that got one before a restart keeps using it until it expires.
import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import type { StandInRequest } from '../core/stand-in-server';
import { AirbyteProblem, ErrorIdFailure } from './problems';

export const TOKEN_LIFETIME_SECONDS = 15 * 60;

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** The token request's fields, from a JSON or a form-encoded body (the API documents both). */
function tokenFields(request: StandInRequest): Record<string, unknown> {
  const type = String(request.headers['content-type'] ?? '');
  if (type.includes('application/x-www-form-urlencoded')) return Object.fromEntries(new URLSearchParams(request.text()));
  let body: unknown;
  try {
    body = request.json();
  } catch {
    throw new ErrorIdFailure(422, 'malformed JSON');
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new ErrorIdFailure(422, 'token request is not an object');
  return body as Record<string, unknown>;
}

const hashOf = (token: string) => createHash('sha256').update(token).digest('base64url');

/** What survives a restart: the application credentials and the live tokens' hashes with their expiry (epoch ms). */
export interface TokenState {
  clientId: string;
  clientSecret: string;
  tokens: [string, number][];
}

export class TokenIssuer {
  /** Token hash → expiry (epoch ms). */
  private tokens = new Map<string, number>();

  constructor(
    readonly clientId: string,
    readonly clientSecret: string,
    private readonly now: () => number,
  ) {}

  /**
   * The instance's issuer: credentials it was configured with win, else the saved ones (a client
   * configured before the restart keeps working), else new random ones. Saved tokens stay valid
   * only under the credentials that issued them.
   */
  static create(configured: { clientId?: string; clientSecret?: string }, saved: TokenState | undefined, now: () => number): TokenIssuer {
    const clientId = configured.clientId ?? saved?.clientId ?? randomUUID();
    const clientSecret = configured.clientSecret ?? saved?.clientSecret ?? randomBytes(24).toString('base64url');
    const issuer = new TokenIssuer(clientId, clientSecret, now);
    if (saved && saved.clientId === clientId && saved.clientSecret === clientSecret) {
      for (const [hash, expires] of saved.tokens) if (expires > now()) issuer.tokens.set(hash, expires);
    }
    return issuer;
  }

  snapshot(): TokenState {
    const live = [...this.tokens.entries()].filter(([, expires]) => expires > this.now());
    return { clientId: this.clientId, clientSecret: this.clientSecret, tokens: live };
  }

  /** Answers the token request, or throws what Airbyte answers to a bad one. */
  issue(request: StandInRequest): { access_token: string; token_type: 'Bearer'; expires_in: number } {
    const fields = tokenFields(request);
    const { client_id: id, client_secret: secret } = fields;
    // Kotlin's non-null fields: Jackson refuses a body without them before any check runs.
    if (typeof id !== 'string' || typeof secret !== 'string') throw new ErrorIdFailure(422, 'client_id and client_secret are required');
    if (fields.grant_type !== undefined && fields.grant_type !== 'client_credentials') {
      throw new AirbyteProblem('bad-request', { message: `Unsupported grant type: ${String(fields.grant_type)}` });
    }
    if (!same(id, this.clientId) || !same(secret, this.clientSecret)) throw new ErrorIdFailure(401, 'invalid client credentials');
    const token = randomBytes(32).toString('base64url');
    this.tokens.set(hashOf(token), this.now() + TOKEN_LIFETIME_SECONDS * 1000);
    return { access_token: token, token_type: 'Bearer', expires_in: TOKEN_LIFETIME_SECONDS };
  }

  /** Throws Airbyte's 401 problem unless the request carries a live bearer token. */
  authenticate(request: StandInRequest): void {
    const header = String(request.headers.authorization ?? '');
    const token = /^Bearer\s+(\S+)$/i.exec(header)?.[1];
    const expires = token ? this.tokens.get(hashOf(token)) : undefined;
    if (expires === undefined || expires <= this.now()) throw new AirbyteProblem('invalid-api-key');
  }

  /** Forgets every token (a control route: makes the next call 401, as after an expiry). */
  revokeAll(): void {
    this.tokens.clear();
  }
}
