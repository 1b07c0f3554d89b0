import 'server-only';
// The shape of every server action: check the origin, resolve the actor for the organization
// in the form, parse the input with zod, run the service (which asserts the permission), and
// return a typed result. Nothing thrown inside reaches the browser as a stack trace.
import { headers } from 'next/headers';
import { unstable_rethrow } from 'next/navigation';
import type { z } from 'zod';
import { AppError, ERROR_CATALOGUE, type ErrorCode, type FieldErrors, newCorrelationId } from '@/lib/errors';
import { logger } from '@/lib/logger';
import type { Actor } from '@/lib/authz/actor';
import { currentActor } from '@/lib/auth/current-actor';
import { fieldErrorsOf, formToObject } from '@/lib/validation';
import { isSameOrigin } from './origin';

export type ActionResult<T = undefined> =
  | { ok: true; message?: string; data?: T }
  | { ok: false; code: ErrorCode; message: string; fieldErrors?: FieldErrors; correlationId?: string };

export const MAX_FIELD_LENGTH = 10_000;

function failure(err: unknown, action: string): ActionResult<never> {
  if (err instanceof AppError) {
    return { ok: false, code: err.code, message: err.message, fieldErrors: err.fieldErrors };
  }
  const correlationId = newCorrelationId();
  logger.error({ event: 'action.failed', action, correlationId, err }, 'server action failed');
  return { ok: false, code: 'INTERNAL', message: ERROR_CATALOGUE.INTERNAL.title, correlationId };
}

/** Runs the body with the guards every action needs; used by orgAction and publicAction. */
export async function guarded<T>(action: string, body: () => Promise<ActionResult<T>>): Promise<ActionResult<T>> {
  try {
    if (!isSameOrigin(await headers())) throw new AppError('CSRF');
    return await body();
  } catch (err) {
    unstable_rethrow(err); // redirect() and notFound() work by throwing; let Next handle them
    return failure(err, action);
  }
}

export interface ActionOptions {
  /** Longest accepted field, in characters (default MAX_FIELD_LENGTH); a wizard part or a YAML file needs more. */
  maxFieldLength?: number;
}

export function parseForm<S extends z.ZodType>(schema: S, form: unknown, { maxFieldLength = MAX_FIELD_LENGTH }: ActionOptions = {}): z.infer<S> {
  if (!(form instanceof FormData)) throw new AppError('BAD_REQUEST', 'Expected form data.');
  const raw = formToObject(form);
  const tooLong = Object.entries(raw).find(([, v]) => v.length > maxFieldLength);
  if (tooLong) throw new AppError('VALIDATION', 'A field is too long.', { [tooLong[0]]: [`Use at most ${maxFieldLength.toLocaleString('en')} characters.`] });
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw new AppError('VALIDATION', ERROR_CATALOGUE.VALIDATION.title, fieldErrorsOf(parsed.error));
  return parsed.data;
}

/**
 * An action inside an organization. The form must carry the organization's slug in `org`;
 * the permission check happens in the service the body calls (assertCan), so the same rule
 * protects the API and the UI.
 */
export function orgAction<S extends z.ZodType, T = undefined>(
  name: string,
  schema: S,
  body: (actor: Actor, input: z.infer<S>) => Promise<ActionResult<T>>,
  options: ActionOptions = {},
) {
  return async (_prev: unknown, form: FormData): Promise<ActionResult<T>> =>
    guarded(name, async () => {
      const org = form instanceof FormData ? form.get('org') : null;
      if (typeof org !== 'string' || !/^[a-z0-9-]{1,64}$/.test(org)) throw new AppError('BAD_REQUEST', 'Missing organization.');
      const actor = await currentActor(org);
      return body(actor, parseForm(schema, form, options));
    });
}
