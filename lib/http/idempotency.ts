import 'server-only';
// Idempotency-Key for /api/v1 POSTs (REL-9), as draft-ietf-httpapi-idempotency-key-header and
// Stripe define it: a client that did not hear the answer sends the same request with the same
// key again and gets the first answer back, and the action happens once.
//
//   export const POST = apiRoute('runs:trigger', withIdempotency(async (actor, request, ctx) => …));
//
// No header: the handler runs as usual. A key is the calling token's for 24 h. Its first use runs
// the handler and stores the answer, failures included (a 404 or 409 is the answer to that
// request); a fault on our side (5xx) or a rate limit (429) frees the key instead, since nothing
// was done and a retry should run again. A repeat is answered from the store with
// `Idempotent-Replayed: true`; a twin that arrives while the first is handled gets 409 with
// Retry-After; the key on another method, path or body gets 422.
//
// The stored answer sits in the database in clear: never wrap a handler whose answer carries a
// secret (a new API token, a credential).
import { logger } from '@/lib/logger';
import { AppError } from '@/lib/errors';
import { type apiRoute, problem } from './api-route';
import { fingerprintOf, IDEMPOTENCY_KEY_HEADER, parseIdempotencyKey } from './idempotency-request';
import { claimIdempotencyKey, completeIdempotencyKey, releaseIdempotencyKey, type StoredResponse } from './idempotency-store';

type ApiHandler<Ctx> = Parameters<typeof apiRoute<Ctx>>[1];

export const IDEMPOTENT_REPLAYED_HEADER = 'idempotent-replayed';
/** Headers besides content-type that belong to the answer and so are replayed with it. */
const REPLAYED_HEADERS = ['location', 'content-location'] as const;
/** A twin's first request usually finishes within a second (one run trigger is a few queries). */
const TWIN_RETRY_AFTER_SECONDS = 1;

/** Answers whose key is freed rather than kept: nothing happened, so a retry should act. */
const freesKey = (status: number) => status >= 500 || status === 429;

async function storable(response: Response): Promise<StoredResponse> {
  const headers: Record<string, string> = {};
  for (const name of REPLAYED_HEADERS) {
    const value = response.headers.get(name);
    if (value !== null) headers[name] = value;
  }
  return { status: response.status, body: await response.clone().text(), contentType: response.headers.get('content-type'), headers };
}

function replay(stored: StoredResponse): Response {
  const headers = new Headers(stored.headers);
  if (stored.contentType) headers.set('content-type', stored.contentType);
  headers.set('cache-control', 'no-store');
  headers.set(IDEMPOTENT_REPLAYED_HEADER, 'true');
  return new Response(stored.body, { status: stored.status, headers });
}

export function withIdempotency<Ctx>(handler: ApiHandler<Ctx>): ApiHandler<Ctx> {
  return async (actor, request, ctx) => {
    const header = request.headers.get(IDEMPOTENCY_KEY_HEADER);
    if (header === null) return handler(actor, request, ctx);
    const key = parseIdempotencyKey(header);
    const fingerprint = await fingerprintOf(request);
    const claim = await claimIdempotencyKey(actor, key, fingerprint, new Date());
    if (claim.kind === 'replay') return replay(claim.response);
    if (claim.kind === 'mismatch') {
      throw new AppError('VALIDATION', 'This Idempotency-Key was already used for a different request (another body, method or path). Use a new key for a new request.');
    }
    if (claim.kind === 'in-progress') {
      throw new AppError('CONFLICT', 'A request with this Idempotency-Key is still being processed. Retry shortly to get its answer.', undefined, TWIN_RETRY_AFTER_SECONDS);
    }

    // Caught here, not in apiRoute, so that a refusal is stored as this key's answer.
    const response = await handler(actor, request, ctx).catch((err: unknown) => problem(err, fingerprint.path));
    if (freesKey(response.status)) {
      await releaseIdempotencyKey(actor, key, claim.lockedUntil);
      return response;
    }
    try {
      const kept = await completeIdempotencyKey(actor, key, claim.lockedUntil, await storable(response), new Date());
      if (!kept) logger.warn({ event: 'idempotency.lost', path: fingerprint.path, tokenId: actor.tokenId }, 'idempotency key was taken over before its answer was stored');
    } catch (err) {
      // The action has happened: its answer matters more than the record of it. The key stays
      // in progress until its lock lapses; a retry then takes it over and acts again, which the
      // services tolerate (an active run is answered, not doubled).
      logger.error({ event: 'idempotency.store_failed', path: fingerprint.path, tokenId: actor.tokenId, err }, 'could not store an idempotent answer');
    }
    return response;
  };
}
