// A small typed client of an Airbyte OSS server: application credentials traded for a bearer
// token (`POST /api/public/v1/applications/token`, cached until shortly before it expires, fetched
// again once on a 401), JSON calls validated with zod, each bounded by the call budget and the
// caller's signal (fetch aborts the request, so the server sees the disconnect), retried with
// jittered backoff only when the call is idempotent and the answer was 429 or 5xx.
import type { z } from 'zod';
import { callSignal, withRetry, type CallOptions } from '../call-limits';
import { IntegrationError, type IntegrationStep } from '../errors';
import { unansweredCallError } from '../transport-errors';
import { accessTokenSchema } from './schemas';

export interface AirbyteConfig {
  /** The server root, e.g. `http://airbyte.internal:8000` (the APIs live under /api/public/v1 and /api/v1). */
  baseUrl: string;
  clientId: string;
  clientSecret: string;
  /** The workspace checks run in; absent = the first workspace the server lists. */
  workspaceId?: string;
}

export const PUBLIC_API = '/api/public/v1';
export const CONFIG_API = '/api/v1';

/** Refresh a token this long before Airbyte says it expires. */
const TOKEN_MARGIN_MS = 60_000;

export interface AirbyteCall<S extends z.ZodType> {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  path: string;
  body?: unknown;
  schema: S;
  /** May be sent again after a 429 or 5xx (reads, checks). */
  idempotent: boolean;
  step: IntegrationStep;
}

class HttpFailure extends Error {
  constructor(
    readonly status: number,
    /** The step whose call failed (the token request inside a check is step `token`). */
    readonly step: IntegrationStep,
  ) {
    super(`HTTP ${status}`);
  }
}

const retryable = (error: unknown) => error instanceof HttpFailure && (error.status === 429 || error.status >= 500);

export class AirbyteClient {
  private token: { value: string; expiresAt: number } | undefined;

  constructor(readonly config: AirbyteConfig) {}

  get secrets(): string[] {
    return [this.config.clientSecret, this.token?.value].filter((s): s is string => Boolean(s));
  }

  async call<S extends z.ZodType>(call: AirbyteCall<S>, options: CallOptions): Promise<z.infer<S>> {
    try {
      return await withRetry(() => this.authorized(call, options), { retryable: call.idempotent ? retryable : () => false, signal: options.signal, provider: 'airbyte' });
    } catch (error) {
      throw this.toIntegrationError(error, call.step, options);
    }
  }

  /** One call with a live token; a 401 on a cached token fetches a new one once (it may have been revoked). */
  private async authorized<S extends z.ZodType>(call: AirbyteCall<S>, options: CallOptions): Promise<z.infer<S>> {
    const cached = this.token !== undefined && this.token.expiresAt > Date.now();
    const token = await this.accessToken(options);
    try {
      return await this.send(call, options, token);
    } catch (error) {
      if (!(error instanceof HttpFailure && error.status === 401 && cached)) throw error;
      this.token = undefined;
      return this.send(call, options, await this.accessToken(options));
    }
  }

  private async accessToken(options: CallOptions): Promise<string> {
    if (this.token && this.token.expiresAt > Date.now()) return this.token.value;
    const body = { client_id: this.config.clientId, client_secret: this.config.clientSecret, grant_type: 'client_credentials' };
    const answer = await this.send({ method: 'POST', path: `${PUBLIC_API}/applications/token`, body, schema: accessTokenSchema, idempotent: true, step: 'token' }, options);
    const lifetimeMs = (answer.expires_in ?? 15 * 60) * 1000;
    this.token = { value: answer.access_token, expiresAt: Date.now() + Math.max(0, lifetimeMs - TOKEN_MARGIN_MS) };
    return answer.access_token;
  }

  private async send<S extends z.ZodType>(call: AirbyteCall<S>, options: CallOptions, token?: string): Promise<z.infer<S>> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (call.body !== undefined) headers['content-type'] = 'application/json';
    if (token) headers.authorization = `Bearer ${token}`;
    const response = await fetch(new URL(call.path, this.config.baseUrl), {
      method: call.method,
      headers,
      body: call.body === undefined ? undefined : JSON.stringify(call.body),
      signal: callSignal(options),
    });
    if (!response.ok) {
      await response.body?.cancel();
      throw new HttpFailure(response.status, call.step);
    }
    const parsed = call.schema.safeParse(await response.json().catch(() => undefined));
    if (!parsed.success) throw new IntegrationError({ provider: 'airbyte', failureClass: 'unavailable', code: 'unexpected-response', step: call.step, cause: 'Airbyte answered in an unexpected shape.', hint: 'Check that the URL points at an Airbyte server of a supported version.' });
    return parsed.data;
  }

  private toIntegrationError(error: unknown, step: IntegrationStep, options: CallOptions): IntegrationError {
    const secrets = this.secrets;
    const unanswered = unansweredCallError(error, 'airbyte', step, options, secrets);
    if (unanswered) return unanswered;
    if (!(error instanceof HttpFailure)) return new IntegrationError({ provider: 'airbyte', failureClass: 'unavailable', step, secrets });
    return this.httpError(error, secrets);
  }

  private httpError(error: HttpFailure, secrets: string[]): IntegrationError {
    const { step } = error;
    const code = `HTTP ${error.status}`;
    if (error.status === 401 || (error.status === 403 && step === 'token')) {
      return new IntegrationError({ provider: 'airbyte', failureClass: 'auth', code, step, field: 'clientSecret', cause: 'Airbyte refused the application credentials.', hint: 'Copy the client ID and secret again from Airbyte’s Settings → Applications.', secrets });
    }
    if (error.status === 403) return new IntegrationError({ provider: 'airbyte', failureClass: 'permission', code, step, secrets });
    if (error.status === 404) return new IntegrationError({ provider: 'airbyte', failureClass: 'not_found', code, step, field: 'workspaceId', cause: 'Airbyte does not know this workspace or connector.', hint: 'Check the workspace ID, and that this Airbyte version offers the connector.', secrets });
    if (error.status === 429) return new IntegrationError({ provider: 'airbyte', failureClass: 'throttled', code, step, secrets });
    if (error.status >= 500) return new IntegrationError({ provider: 'airbyte', failureClass: 'unavailable', code, step, secrets });
    return new IntegrationError({ provider: 'airbyte', failureClass: 'config', code, step, cause: 'Airbyte refused the request as malformed.', secrets });
  }
}

/** The HTTP status an Airbyte call failed with (`HTTP 409` → 409), for callers that treat one as an answer. */
export function airbyteHttpStatus(error: unknown): number | undefined {
  if (!(error instanceof IntegrationError) || error.provider !== 'airbyte') return undefined;
  const status = /^HTTP (\d{3})$/.exec(error.code ?? '')?.[1];
  return status === undefined ? undefined : Number(status);
}

export function createAirbyteClient(config: AirbyteConfig): AirbyteClient {
  return new AirbyteClient(config);
}
