import 'server-only';
// The idempotency_key rows behind lib/http/idempotency.ts. A key belongs to one API token of one
// organization; every function takes the actor and reads and writes in its organization only.
// Claiming is one INSERT … ON CONFLICT DO NOTHING: of two twins, PostgreSQL lets exactly one
// insert and makes the other wait for that commit, then see the row.
import type { Actor } from '@/lib/authz/actor';
import { acrossOrgs, inOrg } from '@/lib/db/tenant';
import { AppError } from '@/lib/errors';
import type { Prisma } from '@/lib/generated/prisma/client';
import type { RequestFingerprint } from './idempotency-request';

/** How long a key is kept: the IETF draft and Stripe keep at least a day (REL-9). */
export const IDEMPOTENCY_KEY_TTL_MS = 24 * 60 * 60_000;
/**
 * How long a first request may hold its key before a retry may take it over: well past any
 * request's life, so only a request whose process died loses it (and never a slow, live one).
 */
export const IDEMPOTENCY_LOCK_MS = 5 * 60_000;

export interface StoredResponse {
  status: number;
  body: string;
  contentType: string | null;
  /** The other headers a replay repeats (lower-case names). */
  headers: Record<string, string>;
}

export type Claim =
  /** This request holds the key; `lockedUntil` fences its completion against a takeover. */
  | { kind: 'claimed'; lockedUntil: Date }
  | { kind: 'replay'; response: StoredResponse }
  /** A twin holds the key and is still being handled. */
  | { kind: 'in-progress' }
  /** The key was first used for another method, path or body. */
  | { kind: 'mismatch' };

interface KeyOwner {
  orgId: string;
  tokenId: string;
}

function ownerOf(actor: Actor): KeyOwner {
  // Keys are scoped to the calling token (the IETF draft scopes them per client).
  if (!actor.tokenId) throw new AppError('BAD_REQUEST', 'An Idempotency-Key is only accepted with an API token.');
  return { orgId: actor.orgId, tokenId: actor.tokenId };
}

const sameRequest = (row: RequestFingerprint, request: RequestFingerprint) =>
  row.method === request.method && row.path === request.path && row.requestHash === request.requestHash;

function storedOf(row: { responseStatus: number | null; responseBody: string | null; responseContentType: string | null; responseHeaders: Prisma.JsonValue }): StoredResponse {
  const headers: Record<string, string> = {};
  if (row.responseHeaders && typeof row.responseHeaders === 'object' && !Array.isArray(row.responseHeaders)) {
    for (const [name, value] of Object.entries(row.responseHeaders)) if (typeof value === 'string') headers[name] = value;
  }
  return { status: row.responseStatus ?? 500, body: row.responseBody ?? '', contentType: row.responseContentType, headers };
}

async function claimOnce(owner: KeyOwner, key: string, request: RequestFingerprint, now: Date): Promise<Claim | undefined> {
  return inOrg(owner.orgId, async (tx) => {
    // This token's expired keys go first: a key is free again after its day, and the table stays
    // small even where the worker's purge has not run yet.
    await tx.idempotencyKey.deleteMany({ where: { ...owner, expiresAt: { lte: now } } });
    const lockedUntil = new Date(now.getTime() + IDEMPOTENCY_LOCK_MS);
    const inserted = await tx.idempotencyKey.createMany({
      data: [{ ...owner, key, ...request, lockedUntil, createdAt: now, expiresAt: new Date(now.getTime() + IDEMPOTENCY_KEY_TTL_MS) }],
      skipDuplicates: true,
    });
    if (inserted.count === 1) return { kind: 'claimed', lockedUntil };
    const row = await tx.idempotencyKey.findUnique({ where: { orgId_tokenId_key: { ...owner, key } } });
    // Released (a server fault) between our insert and this read: claim again.
    if (!row) return undefined;
    if (!sameRequest(row, request)) return { kind: 'mismatch' };
    if (row.state === 'COMPLETED') return { kind: 'replay', response: storedOf(row) };
    if (row.lockedUntil && row.lockedUntil > now) return { kind: 'in-progress' };
    // The first attempt was abandoned: take the key over, unless a third request just did.
    const taken = await tx.idempotencyKey.updateMany({
      where: { ...owner, key, state: 'IN_PROGRESS', lockedUntil: row.lockedUntil },
      data: { lockedUntil },
    });
    return taken.count === 1 ? { kind: 'claimed', lockedUntil } : { kind: 'in-progress' };
  });
}

/** Claims `key` for this request, or says why not (a replay, a twin in progress, a misuse). */
export async function claimIdempotencyKey(actor: Actor, key: string, request: RequestFingerprint, now: Date): Promise<Claim> {
  const owner = ownerOf(actor);
  for (let attempt = 0; attempt < 3; attempt++) {
    const claim = await claimOnce(owner, key, request, now);
    if (claim) return claim;
  }
  // Claimed and released three times over by twins that kept failing: let this one retry later.
  return { kind: 'in-progress' };
}

/** Stores the response of the request that holds the key. False when it no longer held it. */
export async function completeIdempotencyKey(actor: Actor, key: string, lockedUntil: Date, response: StoredResponse, now: Date): Promise<boolean> {
  const owner = ownerOf(actor);
  const { count } = await inOrg(owner.orgId, (tx) =>
    tx.idempotencyKey.updateMany({
      where: { ...owner, key, state: 'IN_PROGRESS', lockedUntil },
      data: {
        state: 'COMPLETED',
        lockedUntil: null,
        responseStatus: response.status,
        responseBody: response.body,
        responseContentType: response.contentType,
        responseHeaders: response.headers,
        completedAt: now,
      },
    }),
  );
  return count === 1;
}

/** Frees the key after a fault on our side, so the client's retry runs the request again. */
export async function releaseIdempotencyKey(actor: Actor, key: string, lockedUntil: Date): Promise<void> {
  const owner = ownerOf(actor);
  await inOrg(owner.orgId, (tx) => tx.idempotencyKey.deleteMany({ where: { ...owner, key, state: 'IN_PROGRESS', lockedUntil } }));
}

/**
 * Deletes every organization's expired keys; for the worker's hourly maintenance (a system task,
 * hence across organizations). Safe to repeat.
 */
export async function purgeExpiredIdempotencyKeys(now: Date): Promise<number> {
  const { count } = await acrossOrgs((tx) => tx.idempotencyKey.deleteMany({ where: { expiresAt: { lte: now } } }));
  return count;
}
