// A small typed client of dbt Cloud's Administrative API v2: `Authorization: Token <t>`, paths
// under /api/v2/accounts/{id}/ with their trailing slash (without it Django answers a redirect,
// which this client refuses to follow: a redirected POST would arrive as a GET), answers unwrapped
// from dbt Cloud's envelope and checked with zod, each call bounded by the call budget and the
// caller's signal, and retried with jittered backoff only when idempotent and throttled or 5xx.
import type { z } from 'zod';
import { callSignal, withRetry, type CallOptions } from '../call-limits';
import { IntegrationError, type IntegrationStep } from '../errors';
import { unansweredCallError } from '../transport-errors';
import { envelopeOf } from './schemas';

export interface DbtCloudConfig {
  /** The account's access URL, e.g. `https://cloud.getdbt.com` or `https://ab123.us1.dbt.com`. */
  baseUrl: string;
  accountId: number;
  /** A service token with Job Admin (or a personal token). */
  apiToken: string;
}

export interface DbtCall<S extends z.ZodType> {
  method: 'GET' | 'POST' | 'DELETE';
  /** Below /api/v2/accounts/{accountId}, with the trailing slash: `/jobs/`, `/runs/12/cancel/`. */
  path: string;
  query?: Record<string, string | number>;
  body?: unknown;
  /** The shape of the envelope's `data`, or of the whole body when `raw` (artifacts, empty answers). */
  schema: S;
  raw?: boolean;
  /** May be sent again after a 429 or 5xx (reads, cancels, full updates). */
  idempotent: boolean;
  step: IntegrationStep;
}

class HttpFailure extends Error {
  constructor(
    readonly status: number,
    /** For a 400: the fields dbt Cloud named (never its messages). */
    readonly fields: string[],
  ) {
    super(`HTTP ${status}`);
  }
}

const retryable = (error: unknown) => error instanceof HttpFailure && (error.status === 429 || error.status >= 500);

async function fieldsOf(response: Response): Promise<string[]> {
  if (response.status !== 400) {
    await response.body?.cancel();
    return [];
  }
  const body = (await response.json().catch(() => undefined)) as { data?: unknown } | undefined;
  const data = body?.data;
  return data && typeof data === 'object' && !Array.isArray(data) ? Object.keys(data) : [];
}

export class DbtCloudClient {
  constructor(readonly config: DbtCloudConfig) {}

  get secrets(): string[] {
    return [this.config.apiToken];
  }

  async call<S extends z.ZodType>(call: DbtCall<S>, options: CallOptions): Promise<z.infer<S>> {
    try {
      return await withRetry(() => this.send(call, options), { retryable: call.idempotent ? retryable : () => false, signal: options.signal, provider: 'dbt_cloud' });
    } catch (error) {
      throw this.toIntegrationError(error, call.step, options);
    }
  }

  /** The same call, with a 404 answered as undefined (a run without artifacts, a job already deleted). */
  async find<S extends z.ZodType>(call: DbtCall<S>, options: CallOptions): Promise<z.infer<S> | undefined> {
    try {
      return await this.call(call, options);
    } catch (error) {
      if (error instanceof IntegrationError && error.code === 'HTTP 404') return undefined;
      throw error;
    }
  }

  private async send<S extends z.ZodType>(call: DbtCall<S>, options: CallOptions): Promise<z.infer<S>> {
    const url = new URL(`/api/v2/accounts/${this.config.accountId}${call.path}`, this.config.baseUrl);
    for (const [name, value] of Object.entries(call.query ?? {})) url.searchParams.set(name, String(value));
    const headers: Record<string, string> = { accept: 'application/json', authorization: `Token ${this.config.apiToken}` };
    if (call.body !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(url, {
      method: call.method,
      headers,
      body: call.body === undefined ? undefined : JSON.stringify(call.body),
      signal: callSignal(options),
      redirect: 'manual',
    });
    if (!response.ok) throw new HttpFailure(response.status, await fieldsOf(response));
    const json: unknown = await response.json().catch(() => undefined);
    const parsed = (call.raw ? call.schema : envelopeOf(call.schema)).safeParse(json);
    if (!parsed.success) {
      throw new IntegrationError({ provider: 'dbt_cloud', failureClass: 'unavailable', code: 'unexpected-response', step: call.step, cause: 'dbt Cloud answered in an unexpected shape.', hint: 'Check that the URL is your dbt Cloud access URL.' });
    }
    return (call.raw ? parsed.data : (parsed.data as { data: unknown }).data) as z.infer<S>;
  }

  private toIntegrationError(error: unknown, step: IntegrationStep, options: CallOptions): IntegrationError {
    const secrets = this.secrets;
    const unanswered = unansweredCallError(error, 'dbt_cloud', step, options, secrets);
    if (unanswered) return unanswered;
    if (!(error instanceof HttpFailure)) return new IntegrationError({ provider: 'dbt_cloud', failureClass: 'unavailable', step, secrets });
    return httpError(error, step, secrets);
  }
}

function httpError(error: HttpFailure, step: IntegrationStep, secrets: string[]): IntegrationError {
  const init = { provider: 'dbt_cloud' as const, code: `HTTP ${error.status}`, step, secrets };
  switch (true) {
    case error.status === 401:
      return new IntegrationError({ ...init, failureClass: 'auth', field: 'apiToken', cause: 'dbt Cloud refused the API token.', hint: 'Create a service token in dbt Cloud (Account settings → Service tokens) and enter it again.' });
    case error.status === 403:
      return new IntegrationError({ ...init, failureClass: 'permission', field: 'accountId', cause: 'The API token may not act on this account, or lacks a permission.', hint: 'Check the account id, and give the token Job Admin on this account.' });
    case error.status === 404:
      return new IntegrationError({ ...init, failureClass: 'not_found', cause: 'dbt Cloud does not know this job, run or environment.' });
    case error.status === 429:
      return new IntegrationError({ ...init, failureClass: 'throttled' });
    case error.status >= 500:
      return new IntegrationError({ ...init, failureClass: 'unavailable' });
    case error.status >= 300 && error.status < 400:
      return new IntegrationError({ ...init, failureClass: 'config', field: 'baseUrl', cause: 'dbt Cloud redirected the call elsewhere.', hint: 'Use the account’s access URL shown in dbt Cloud’s account settings.' });
    default:
      return new IntegrationError({ ...init, failureClass: 'config', field: error.fields[0], cause: 'dbt Cloud refused the request as invalid.', hint: 'Check the project and environment the job uses.' });
  }
}
