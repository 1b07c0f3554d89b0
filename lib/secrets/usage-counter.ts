import 'server-only';
// Encryptions per key-encryption key, counted in PostgreSQL (secret_key_usage) so the 2^30
// safety limit holds for the whole installation: the web server and the worker add to the same
// row, and a restart does not reset it.
//
// Choice: one atomic upsert per `add`, not a batched or cached count. The keyring calls `add`
// once per wrapDataKeys call — once per seal, once per rotation batch of up to 200 — *before*
// encrypting, so the limit can never be overshot by concurrent processes; one round trip per
// seal is small next to the transaction that stores it. The count is kept even when the
// caller's write then rolls back: the encryption happened, and the nonce was spent.
import type { KeyUsageCounter } from '@/lib/crypto/secrets';
import { db } from '@/lib/db';

export function databaseUsageCounter(): KeyUsageCounter {
  return {
    async add(keyId, count) {
      const [row] = await db().$queryRaw<Array<{ encryptions: bigint }>>`
        INSERT INTO "secret_key_usage" ("key_id", "encryptions", "updated_at") VALUES (${keyId}, ${count}, now())
        ON CONFLICT ("key_id") DO UPDATE
          SET "encryptions" = "secret_key_usage"."encryptions" + EXCLUDED."encryptions", "updated_at" = now()
        RETURNING "encryptions"`;
      return Number(row!.encryptions);
    },
    async get(keyId) {
      const row = await db().secretKeyUsage.findUnique({ where: { keyId }, select: { encryptions: true } });
      return Number(row?.encryptions ?? 0);
    },
  };
}
