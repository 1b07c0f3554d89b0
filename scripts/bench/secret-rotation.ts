// Secrets at rest (SEC-6): sealing and opening rates, and KEK rotation (re-wrapping data keys)
// both in memory (the crypto alone) and through PostgreSQL with compare-and-set row updates, as
// the credential table will do it. Target: rotation ≥ 1,000 secrets/s. Prints; asserts nothing.
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import {
  createKeyring,
  generateKeyEntry,
  memorySecretStore,
  openSecret,
  retireKeyFromSpec,
  rewrapAll,
  rotateKeySpec,
  sealSecret,
  toCompactSecret,
  type Keyring,
  type SealedSecret,
  type SecretContext,
  type SecretStore,
} from '@/lib/crypto/secrets';
import { startEmbeddedPostgres } from '@/lib/db/embedded';

const COUNT = 10_000;
const VALUE_BYTES = 200; // a Snowflake password or an AWS secret key is far shorter; a JSON config is about this

const contextOf = (n: number): SecretContext => ({ orgId: `org_${n % 10}`, secretId: `cred_${String(n).padStart(6, '0')}`, version: 1 });
const rate = (count: number, ms: number) => `${Math.round((count / ms) * 1000).toLocaleString('en')}/s`;

async function timed<T>(work: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const start = performance.now();
  const value = await work();
  return { value, ms: performance.now() - start };
}

async function sealMany(keyring: Keyring): Promise<{ sealed: SealedSecret[]; values: string[] }> {
  const values = Array.from({ length: COUNT }, () => randomBytes(VALUE_BYTES / 2).toString('hex'));
  const sealed: SealedSecret[] = [];
  for (let n = 0; n < COUNT; n++) sealed.push(await sealSecret(keyring, contextOf(n), values[n]!));
  return { sealed, values };
}

/** A credential table reduced to what rotation touches, with the compare-and-set update a real one needs. */
function postgresStore(pool: pg.Pool): SecretStore {
  return {
    async listByKeyNot(keyId, after, limit) {
      const { rows } = await pool.query<{ id: string; org_id: string; secret_id: string; version: number; sealed: string }>(
        'SELECT id, org_id, secret_id, version, sealed FROM secret WHERE key_id <> $1 AND ($2::text IS NULL OR id > $2) ORDER BY id LIMIT $3',
        [keyId, after, limit],
      );
      return rows.map((r) => ({ id: r.id, context: { orgId: r.org_id, secretId: r.secret_id, version: r.version }, sealed: r.sealed }));
    },
    async updateWrapping(id, expected, next) {
      const before = typeof expected === 'string' ? expected : toCompactSecret(expected);
      const { rowCount } = await pool.query('UPDATE secret SET sealed = $3, key_id = $4 WHERE id = $1 AND sealed = $2', [
        id,
        before,
        toCompactSecret(next),
        next.keyId,
      ]);
      return rowCount === 1;
    },
  };
}

async function rotateThroughPostgres(sealed: SealedSecret[], rotated: Keyring): Promise<{ ms: number; rewrapped: number; complete: boolean }> {
  const home = `/tmp/tapestry-bench-secrets-${randomBytes(3).toString('hex')}`;
  mkdirSync(home, { recursive: true });
  chmodSync(home, 0o711); // as root, PostgreSQL runs as `postgres` and must reach its folder
  const cluster = await startEmbeddedPostgres({ dataDir: path.join(home, 'pg'), password: randomBytes(12).toString('hex'), ephemeral: true });
  const pool = new pg.Pool({ connectionString: cluster.url('postgres'), max: 4 });
  // Idle clients may still be closing when the cluster stops; their goodbye error is expected.
  pool.on('error', () => undefined);
  try {
    await pool.query(
      'CREATE TABLE secret (id text PRIMARY KEY, org_id text NOT NULL, secret_id text NOT NULL, version int NOT NULL, key_id text NOT NULL, sealed text NOT NULL)',
    );
    await pool.query('CREATE INDEX secret_key_id ON secret (key_id, id)');
    const contexts = sealed.map((_, n) => contextOf(n));
    await pool.query(
      'INSERT INTO secret SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::int[], $5::text[], $6::text[])',
      [contexts.map((c) => c.secretId), contexts.map((c) => c.orgId), contexts.map((c) => c.secretId), contexts.map((c) => c.version), sealed.map((s) => s.keyId), sealed.map(toCompactSecret)],
    );
    await pool.query('ANALYZE secret');
    const { value, ms } = await timed(() => rewrapAll(postgresStore(pool), rotated));
    return { ms, rewrapped: value.rewrapped, complete: value.complete };
  } finally {
    await pool.end();
    await cluster.stop();
    rmSync(home, { recursive: true, force: true });
  }
}

export async function benchSecretRotation(): Promise<string[]> {
  const oldSpec = generateKeyEntry('k1').entry;
  const { spec: rotatedSpec } = rotateKeySpec(oldSpec, 'k2');
  const original = createKeyring(oldSpec);
  const rotated = createKeyring(rotatedSpec);
  const onlyNew = createKeyring(retireKeyFromSpec(rotatedSpec, 'k1'));

  await sealMany(original); // warm-up: JIT and OpenSSL contexts
  const seal = await timed(() => sealMany(original));
  const { sealed, values } = seal.value;
  const open = await timed(async () => {
    for (let n = 0; n < COUNT; n++) await openSecret(original, contextOf(n), sealed[n]!);
  });

  const store = memorySecretStore();
  sealed.forEach((s, n) => store.put(contextOf(n).secretId, contextOf(n), s));
  const inMemory = await timed(() => rewrapAll(store, rotated));
  // Proof the rotation worked: every secret opens with the old key gone.
  let opened = 0;
  for (let n = 0; n < COUNT; n++) if ((await openSecret(onlyNew, contextOf(n), store.get(contextOf(n).secretId)!)) === values[n]) opened++;

  const viaPostgres = await rotateThroughPostgres(sealed, rotated);
  return [
    `secrets: seal ${COUNT.toLocaleString('en')} × ${VALUE_BYTES} B values: ${rate(COUNT, seal.ms)}; open: ${rate(COUNT, open.ms)}`,
    `secret rotation (re-wrap data keys), in memory: ${inMemory.value.rewrapped.toLocaleString('en')} in ${inMemory.ms.toFixed(0)} ms = ${rate(inMemory.value.rewrapped, inMemory.ms)}; ${opened.toLocaleString('en')}/${COUNT.toLocaleString('en')} open with the old key dropped (target ≥ 1,000/s)`,
    `secret rotation through PostgreSQL (batches of 200, compare-and-set updates, pool of 4): ${viaPostgres.rewrapped.toLocaleString('en')} in ${viaPostgres.ms.toFixed(0)} ms = ${rate(viaPostgres.rewrapped, viaPostgres.ms)}, complete: ${viaPostgres.complete} (target ≥ 1,000/s)`,
  ];
}
