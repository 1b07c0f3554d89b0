// A Tapestry installation for the deploy benchmark: a fresh folder, its own embedded PostgreSQL
// (migrated, with the first-run organization and owner) and the keys its processes share. The
// benchmark process then acts as the owner through the services (Deploy, Confirm), with its own
// connections named BENCH_APPLICATION so samples of pg_stat_activity can leave them out.
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import type { Actor } from '@/lib/authz/actor';
import { generateKeyEntry } from '@/lib/crypto/secrets';
import { disconnectDb } from '@/lib/db';
import { startEmbeddedPostgres } from '@/lib/db/embedded';
import { migrate } from '@/lib/db/migrate';
import { resetEnvForTests } from '@/lib/env';
import { completeFirstRunSetup } from '@/lib/services/setup';

export const BENCH_APPLICATION = 'tapestry-bench';

const SETTINGS = ['DATABASE_URL', 'NEXTAUTH_SECRET', 'TAPESTRY_PASSWORD_PEPPER', 'TAPESTRY_SECRET_KEY', 'TAPESTRY_SANDBOX_FILE', 'LOG_LEVEL'] as const;

export interface BenchInstall {
  home: string;
  /** The person pressing Deploy and Confirm (the organization's owner). */
  actor: Actor;
  /** Signs in over HTTP as the owner. */
  password: string;
  /** Owner connections to Tapestry's database, below row-level security: sampling and shortcuts. */
  owner: pg.Pool;
  /** What Tapestry's own processes (worker, app) need: the database as its owner, and the shared keys. */
  processEnv: Record<string, string>;
  stop(): Promise<void>;
}

function withApplicationName(url: string): string {
  const u = new URL(url);
  u.searchParams.set('application_name', BENCH_APPLICATION);
  return u.toString();
}

async function ownerActor(owner: pg.Pool, userId: string, email: string): Promise<Actor> {
  const { rows } = await owner.query<{ id: string; slug: string; name: string }>('SELECT id, slug, name FROM organization LIMIT 1');
  const org = rows[0];
  if (!org) throw new Error('first-run setup created no organization');
  return { kind: 'session', userId, email, name: 'Bench Owner', orgId: org.id, orgSlug: org.slug, orgName: org.name, role: 'OWNER', ip: '127.0.0.1', userAgent: 'bench' };
}

/**
 * `sandboxFile`: where the sandbox's descriptor is (or will be) written; Kickstart reads it.
 * `prepare` runs on the migrated database before anything uses it.
 */
export async function createBenchInstall(options: { sandboxFile: (home: string) => string; prepare?: (owner: pg.Pool) => Promise<void> }): Promise<BenchInstall> {
  const home = mkdtempSync('/tmp/tapestry-bench-deploy-');
  chmodSync(home, 0o711); // as root, PostgreSQL runs as `postgres` and must reach its folder
  const saved = Object.fromEntries(SETTINGS.map((name) => [name, process.env[name]]));
  const cluster = await startEmbeddedPostgres({ dataDir: path.join(home, 'pg'), password: randomBytes(12).toString('hex') });
  let owner: pg.Pool | undefined;
  const stop = async () => {
    await disconnectDb();
    await owner?.end();
    await cluster.stop();
    for (const name of SETTINGS) {
      if (saved[name] === undefined) delete process.env[name];
      else process.env[name] = saved[name];
    }
    resetEnvForTests();
    rmSync(home, { recursive: true, force: true });
  };
  try {
    await cluster.ensureDatabase('tapestry');
    const ownerUrl = cluster.url('tapestry');
    await migrate(ownerUrl);
    owner = new pg.Pool({ connectionString: ownerUrl, max: 3, application_name: BENCH_APPLICATION });
    // Idle clients may still be closing when the cluster stops; their goodbye error is expected.
    owner.on('error', () => undefined);
    await options.prepare?.(owner);
    const processEnv = {
      DATABASE_URL: ownerUrl,
      NEXTAUTH_SECRET: randomBytes(32).toString('base64url'),
      TAPESTRY_PASSWORD_PEPPER: randomBytes(32).toString('base64url'),
      TAPESTRY_SECRET_KEY: generateKeyEntry('kb').entry,
      TAPESTRY_SANDBOX_FILE: options.sandboxFile(home),
    };
    Object.assign(process.env, processEnv, { DATABASE_URL: withApplicationName(ownerUrl), LOG_LEVEL: 'warn' });
    resetEnvForTests();
    const email = 'bench@example.com';
    const password = randomBytes(18).toString('base64url');
    const { userId } = await completeFirstRunSetup({ orgName: 'Bench Co', name: 'Bench Owner', email, password }, { ip: '127.0.0.1', userAgent: 'bench' });
    return { home, actor: await ownerActor(owner, userId, email), password, owner, processEnv, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
