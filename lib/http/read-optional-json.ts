// A JSON body a client may leave out: `POST …/runs` with no body (or an empty one, as curl -X POST
// sends) means the same as `{}`. Anything else is read as readJson reads it.
import { z } from 'zod';
import { AppError } from '@/lib/errors';
import { fieldErrorsOf } from '@/lib/validation';
import { MAX_JSON_BODY_BYTES, readJson } from './api-route';

async function hasBody(request: Request): Promise<boolean> {
  if (request.body === null) return false;
  if (Number(request.headers.get('content-length') ?? 0) > MAX_JSON_BODY_BYTES) return true;
  return (await request.clone().text()).trim() !== '';
}

export async function readOptionalJson<S extends z.ZodType>(request: Request, schema: S): Promise<z.infer<S>> {
  if (await hasBody(request)) return readJson(request, schema);
  const parsed = schema.safeParse({});
  if (!parsed.success) throw new AppError('VALIDATION', 'This request needs a JSON body.', fieldErrorsOf(parsed.error));
  return parsed.data;
}

/** A body with no options (yet): `{}` or none. Unknown fields are refused, so a client learns now that they do nothing. */
export const NO_OPTIONS = z.strictObject({});
