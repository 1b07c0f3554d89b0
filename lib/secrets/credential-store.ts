import 'server-only';
// Key rotation over the credential table: the SecretStore that rewrapAll (lib/crypto/secrets)
// drives, and rotateCredentials(), which scripts/rotate-secret-key.ts runs. Rotation spans every
// organization, so it reads and writes across tenants (like the audit chain); it changes only
// each row's wrapping (`sealed`, `key_id`), never its version, value or "updated" time.
import { rewrapAll, toCompactSecret, type RewrapOptions, type RewrapResult, type SecretStore } from '@/lib/crypto/secrets';
import { recordAuditStandalone } from '@/lib/audit';
import { acrossOrgs } from '@/lib/db/tenant';
import { appKeyring } from './keyring';

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
    // Compare-and-set on the whole sealed string: a value replaced since the listing (a new
    // version, sealed under the current key already) is left alone. Raw SQL because Prisma's
    // @updatedAt would stamp the row, and re-wrapping is not a change of the value users see.
    async updateWrapping(id, expected, next) {
      const expectedText = typeof expected === 'string' ? expected : toCompactSecret(expected);
      const count = await acrossOrgs((tx) => tx.$executeRaw`
        UPDATE "credential" SET "sealed" = ${toCompactSecret(next)}, "key_id" = ${next.keyId}
         WHERE "id" = ${id} AND "sealed" = ${expectedText}`);
      return count === 1;
    },
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
