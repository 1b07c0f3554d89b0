// What makes two API requests "the same" for an Idempotency-Key: the key as the client sent it,
// and a fingerprint of the request (method, path, body). Pure functions but for reading a copy
// of the body, so the handler can still read the original.
import { createHash } from 'node:crypto';
import { AppError } from '@/lib/errors';
import { MAX_JSON_BODY_BYTES } from './api-route';

export const IDEMPOTENCY_KEY_HEADER = 'idempotency-key';
export const MAX_IDEMPOTENCY_KEY_LENGTH = 255;

/** Printable ASCII only: a key is an opaque token (a UUID in practice), never free text. */
const KEY_PATTERN = new RegExp(`^[\\x20-\\x7e]{1,${MAX_IDEMPOTENCY_KEY_LENGTH}}$`);

export interface RequestFingerprint {
  method: string;
  path: string;
  /** SHA-256 hex of the body in canonical form. */
  requestHash: string;
}

/**
 * The key from the header's value. The IETF draft sends it as a structured-field string
 * (`"8e03978e-…"`), Stripe and most clients bare (`8e03978e-…`): both name the same key.
 */
export function parseIdempotencyKey(value: string): string {
  const quoted = /^"(.*)"$/.exec(value);
  const key = quoted ? quoted[1]!.replace(/\\(["\\])/g, '$1') : value;
  if (!KEY_PATTERN.test(key)) {
    throw new AppError('BAD_REQUEST', `The Idempotency-Key header must be 1 to ${MAX_IDEMPOTENCY_KEY_LENGTH} printable ASCII characters, such as a UUID.`);
  }
  return key;
}

/**
 * A JSON body with its object keys sorted at every depth, so a client that serializes the same
 * retry with its keys in another order or other spacing is not told it changed the request.
 * A body that is not JSON counts byte for byte (it can never equal a canonical JSON text).
 */
export function canonicalBody(text: string): string {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return text;
  }
  return JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : v,
  );
}

export async function fingerprintOf(request: Request): Promise<RequestFingerprint> {
  if (Number(request.headers.get('content-length') ?? 0) > MAX_JSON_BODY_BYTES) throw new AppError('PAYLOAD_TOO_LARGE');
  const text = await request.clone().text();
  if (text.length > MAX_JSON_BODY_BYTES) throw new AppError('PAYLOAD_TOO_LARGE');
  return {
    method: request.method,
    path: new URL(request.url).pathname,
    requestHash: createHash('sha256').update(canonicalBody(text)).digest('hex'),
  };
}
