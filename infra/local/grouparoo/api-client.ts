// A thin client for Grouparoo's REST API (`/api/v1`, actionhero): JSON in, JSON out, a timeout on
// every call, and Grouparoo's error envelope `{ error: { message, code? } }` turned into one error
// type. Grouparoo answers most failures, client mistakes included, with HTTP 500.

export const API_PREFIX = '/api/v1';
const DEFAULT_TIMEOUT_MS = 15_000;

export class GrouparooApiError extends Error {
  constructor(
    readonly method: string,
    readonly path: string,
    readonly status: number,
    message: string,
    readonly code?: string,
  ) {
    super(`Grouparoo ${method} ${path} answered ${status}: ${message}`);
    this.name = 'GrouparooApiError';
  }
}

export type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';

export interface GrouparooCall {
  method: Method;
  /** Relative to /api/v1, e.g. `/apiKeys`. */
  path: string;
  /** Sent as the query string for GET and DELETE, as a JSON body otherwise. */
  params?: Record<string, unknown>;
  apiKey?: string;
  /** A session cookie (`grouparooSessionId=…`) for calls made as a team member. */
  cookie?: string;
  timeoutMs?: number;
}

export interface GrouparooReply {
  body: Record<string, unknown>;
  setCookies: string[];
}

function errorOf(body: unknown): { message: string; code?: string } | undefined {
  if (typeof body !== 'object' || body === null || !('error' in body)) return undefined;
  const error = (body as { error: unknown }).error;
  if (typeof error === 'string') return { message: error };
  if (typeof error === 'object' && error !== null) {
    const { message, code } = error as { message?: unknown; code?: unknown };
    return { message: String(message ?? 'unknown error'), code: typeof code === 'string' ? code : undefined };
  }
  return undefined;
}

export async function callGrouparoo(baseUrl: string, call: GrouparooCall): Promise<GrouparooReply> {
  const inQuery = call.method === 'GET' || call.method === 'DELETE';
  const url = new URL(`${API_PREFIX}${call.path}`, baseUrl);
  if (inQuery) {
    for (const [key, value] of Object.entries(call.params ?? {})) url.searchParams.set(key, typeof value === 'string' ? value : JSON.stringify(value));
  }
  const headers: Record<string, string> = { accept: 'application/json' };
  if (!inQuery) headers['content-type'] = 'application/json';
  if (call.apiKey) headers.authorization = `Bearer ${call.apiKey}`;
  if (call.cookie) headers.cookie = call.cookie;
  const response = await fetch(url, {
    method: call.method,
    headers,
    body: inQuery ? undefined : JSON.stringify(call.params ?? {}),
    signal: AbortSignal.timeout(call.timeoutMs ?? DEFAULT_TIMEOUT_MS),
  });
  const text = await response.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new GrouparooApiError(call.method, call.path, response.status, `not JSON: ${text.slice(0, 200)}`);
  }
  const error = errorOf(body);
  if (!response.ok || error) {
    throw new GrouparooApiError(call.method, call.path, response.status, error?.message ?? 'no error message', error?.code);
  }
  return { body: body as Record<string, unknown>, setCookies: response.headers.getSetCookie() };
}

export interface GrouparooClient {
  get<T = Record<string, unknown>>(path: string, params?: Record<string, unknown>): Promise<T>;
  post<T = Record<string, unknown>>(path: string, params?: Record<string, unknown>): Promise<T>;
  put<T = Record<string, unknown>>(path: string, params?: Record<string, unknown>): Promise<T>;
  delete<T = Record<string, unknown>>(path: string, params?: Record<string, unknown>): Promise<T>;
}

/** Calls authorized by an API key (`Authorization: Bearer <key>`), as Tapestry makes them. */
export function grouparooClient(baseUrl: string, apiKey: string, timeoutMs = DEFAULT_TIMEOUT_MS): GrouparooClient {
  const call =
    (method: Method) =>
    async <T>(path: string, params?: Record<string, unknown>): Promise<T> =>
      (await callGrouparoo(baseUrl, { method, path, params, apiKey, timeoutMs })).body as T;
  return { get: call('GET'), post: call('POST'), put: call('PUT'), delete: call('DELETE') };
}
