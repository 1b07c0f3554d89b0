// A small typed client of Grouparoo's REST API (`/api/v1`, actionhero): `Authorization: Bearer
// <apiKey>`, parameters in the query string for GET and DELETE and as a JSON body otherwise, answers
// checked with zod, each call bounded by the call budget and the caller's signal, and retried with
// jittered backoff only when the call is idempotent and the server itself failed (429, a 5xx that
// is not one of Grouparoo's own refusals). Grouparoo answers most refusals, bad input included,
// with HTTP 500 and `{ error: { message, code } }`: those are its verdicts and are not retried.
import type { z } from 'zod';
import { callSignal, stoppedError, withRetry, type CallOptions } from '../call-limits';
import { IntegrationError, type IntegrationStep } from '../errors';
import { networkFailure } from '../network-errors';
import { GrouparooRefusal, isRetryable, refusalError, unexpectedShape } from './failures';

export interface GrouparooConfig {
  /** The server's origin, e.g. `http://grouparoo.internal:3000` (the API lives under /api/v1). */
  baseUrl: string;
  /** An API key with read and write permission on every topic. */
  apiKey: string;
}

export const API_PREFIX = '/api/v1';

export type Params = Record<string, unknown>;

export interface GrouparooCall<S extends z.ZodType> {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Below /api/v1, e.g. `/source/src_1`. */
  path: string;
  params?: Params;
  schema: S;
  /** May be sent again after a 429 or a server failure (reads, full updates, deletes). */
  idempotent: boolean;
  step: IntegrationStep;
  /** What the call does, in our words, for the error's cause: `create the source "…"`. */
  what: string;
}

function queryValue(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** Grouparoo's error envelope, when the body is one. */
function envelope(body: unknown): { message: string; code?: string } | undefined {
  if (typeof body !== 'object' || body === null || !('error' in body)) return undefined;
  const error = (body as { error: unknown }).error;
  if (typeof error === 'string') return { message: error };
  if (typeof error !== 'object' || error === null) return undefined;
  const { message, code } = error as { message?: unknown; code?: unknown };
  return { message: String(message ?? ''), code: typeof code === 'string' ? code : undefined };
}

export class GrouparooClient {
  constructor(readonly config: GrouparooConfig) {}

  get secrets(): string[] {
    return [this.config.apiKey];
  }

  async call<S extends z.ZodType>(call: GrouparooCall<S>, options: CallOptions, secrets: readonly string[] = []): Promise<z.infer<S>> {
    try {
      return await withRetry(() => this.send(call, options), { retryable: call.idempotent ? isRetryable : () => false, signal: options.signal, provider: 'grouparoo' });
    } catch (error) {
      throw this.toIntegrationError(error, call, options, [...this.secrets, ...secrets]);
    }
  }

  private async send<S extends z.ZodType>(call: GrouparooCall<S>, options: CallOptions): Promise<z.infer<S>> {
    const inQuery = call.method === 'GET' || call.method === 'DELETE';
    const url = new URL(`${API_PREFIX}${call.path}`, this.config.baseUrl);
    if (inQuery) for (const [key, value] of Object.entries(call.params ?? {})) url.searchParams.set(key, queryValue(value));
    const headers: Record<string, string> = { accept: 'application/json', authorization: `Bearer ${this.config.apiKey}` };
    if (!inQuery) headers['content-type'] = 'application/json';
    const response = await fetch(url, { method: call.method, headers, body: inQuery ? undefined : JSON.stringify(call.params ?? {}), signal: callSignal(options) });
    const body: unknown = await response.json().catch(() => undefined);
    const refused = envelope(body);
    if (!response.ok || refused) throw new GrouparooRefusal(response.status, refused?.message, refused?.code);
    const parsed = call.schema.safeParse(body);
    if (!parsed.success) throw unexpectedShape(call.step);
    return parsed.data;
  }

  private toIntegrationError(error: unknown, call: GrouparooCall<z.ZodType>, options: CallOptions, secrets: string[]): IntegrationError {
    const { step } = call;
    if (options.signal?.aborted) return stoppedError(options.signal, 'grouparoo', step);
    if (error instanceof IntegrationError) return error;
    const name = (error as { name?: unknown }).name;
    if (name === 'TimeoutError' || name === 'AbortError') return new IntegrationError({ provider: 'grouparoo', failureClass: 'timeout', step, field: 'baseUrl', secrets });
    const network = networkFailure(error);
    if (network) return new IntegrationError({ provider: 'grouparoo', failureClass: network.failureClass, code: network.code, step, field: 'baseUrl', secrets });
    if (error instanceof GrouparooRefusal) return refusalError(error, call.what, step, secrets);
    return new IntegrationError({ provider: 'grouparoo', failureClass: 'unavailable', step, secrets });
  }
}
