import 'server-only';
// The shape of every /api/v1 route handler: bearer-token actor, permission check, bounded JSON
// body parsed with zod, and errors as RFC 9457 problem+json. Never a stack trace.
import type { z } from 'zod';
import { AppError, ERROR_CATALOGUE, newCorrelationId } from '@/lib/errors';
import { logger } from '@/lib/logger';
import type { Actor } from '@/lib/authz/actor';
import { assertCan } from '@/lib/authz/assert';
import type { Permission } from '@/lib/authz/permissions';
import { actorFromToken } from '@/lib/auth/api-token';
import { fieldErrorsOf } from '@/lib/validation';

export const MAX_JSON_BODY_BYTES = 1_000_000;

export function problem(err: unknown, instance?: string): Response {
  const appError = err instanceof AppError ? err : null;
  const code = appError?.code ?? 'INTERNAL';
  const entry = ERROR_CATALOGUE[code];
  const correlationId = appError ? undefined : newCorrelationId();
  if (!appError) logger.error({ event: 'api.failed', correlationId, err, instance }, 'api request failed');
  const headers = new Headers({ 'content-type': 'application/problem+json', 'cache-control': 'no-store' });
  if (appError?.retryAfterSeconds) headers.set('retry-after', String(appError.retryAfterSeconds));
  if (code === 'UNAUTHENTICATED') headers.set('www-authenticate', 'Bearer realm="tapestry"');
  const body = {
    type: `https://tapestry.dev/errors/${code.toLowerCase().replace(/_/g, '-')}`,
    title: entry.title,
    status: entry.status,
    code,
    detail: appError?.message ?? entry.action,
    ...(appError?.fieldErrors ? { errors: appError.fieldErrors } : {}),
    ...(correlationId ? { correlationId } : {}),
    ...(instance ? { instance } : {}),
  };
  return new Response(JSON.stringify(body), { status: entry.status, headers });
}

export function json(data: unknown, init: ResponseInit = {}): Response {
  const headers = new Headers(init.headers);
  headers.set('content-type', 'application/json');
  headers.set('cache-control', 'no-store');
  return new Response(JSON.stringify(data), { ...init, headers });
}

export async function readJson<S extends z.ZodType>(request: Request, schema: S): Promise<z.infer<S>> {
  const type = request.headers.get('content-type') ?? '';
  if (!type.includes('application/json')) throw new AppError('BAD_REQUEST', 'Send the body as application/json.');
  const length = Number(request.headers.get('content-length') ?? 0);
  if (length > MAX_JSON_BODY_BYTES) throw new AppError('PAYLOAD_TOO_LARGE');
  const text = await request.text();
  if (text.length > MAX_JSON_BODY_BYTES) throw new AppError('PAYLOAD_TOO_LARGE');
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new AppError('BAD_REQUEST', 'The body is not valid JSON.');
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw new AppError('VALIDATION', 'The body does not match the expected shape.', fieldErrorsOf(parsed.error));
  return parsed.data;
}

type Handler<Ctx> = (actor: Actor, request: Request, ctx: Ctx) => Promise<Response>;

/** A token-authenticated API route that requires `permission`. */
export function apiRoute<Ctx = unknown>(permission: Permission, handler: Handler<Ctx>) {
  return async (request: Request, ctx: Ctx): Promise<Response> => {
    const instance = new URL(request.url).pathname;
    try {
      const actor = await actorFromToken(request);
      await assertCan(actor, permission, `api ${request.method} ${instance}`);
      return await handler(actor, request, ctx);
    } catch (err) {
      return problem(err, instance);
    }
  };
}
