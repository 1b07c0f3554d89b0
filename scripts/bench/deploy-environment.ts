// The deploy benchmark's installation: its own embedded PostgreSQL (migrated, with the first-run
// organization and its owner), the sandbox without Grouparoo (its install and boot would be
// measured instead of Tapestry), and the environment a worker process needs to reach both.
// The benchmark process itself acts as the person pressing buttons (services with the owner's
// actor) and reads figures as the database owner, below row-level security.
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
import { runSandbox, type RunningSandbox } from '@/scripts/sandbox/run';
import { installTickCounter } from './deploy-tick-counter';

/**
 * Connections of the benchmark process carry this application_name, so the connection count
 * sampled from pg_stat_activity is the worker's alone.
 */
export const BENCH_APPLICATION = 'tapestry-bench';

export interface DeployBenchEnvironment {
  /** The person pressing Deploy and Confirm (the organization's owner). */
  actor: Actor;
  /** Owner connections to Tapestry's database, for seeding shortcuts and sampling. */
  owner: pg.Pool;
  sandbox: RunningSandbox;
  /** What a worker process needs on top of the benchmark's own environment. */
  workerEnv: Record<string, string>;
  stop(): Promise<void>;
}

const SETTINGS = ['DATABASE_URL', 'NEXTAUTH_SECRET', 'TAPESTRY_PASSWORD_PEPPER', 'TAPESTRY_SECRET_KEY', 'TAPESTRY_SANDBOX_FILE', 'LOG_LEVEL'] as const;

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

export async function startDeployEnvironment(options: { timeScale: number }): Promise<DeployBenchEnvironment> {
  const home = mkdtempSync('/tmp/tapestry-bench-deploy-');
  chmodSync(home, 0o711); // as root, PostgreSQL runs as `postgres` and must reach its folder
  const saved = Object.fromEntries(SETTINGS.map((name) => [name, process.env[name]]));
  const cluster = await startEmbeddedPostgres({ dataDir: path.join(home, 'pg'), password: randomBytes(12).toString('hex') });
  let sandbox: RunningSandbox | undefined;
  let owner: pg.Pool | undefined;
  const stop = async () => {
    await disconnectDb();
    await owner?.end();
    await sandbox?.stop();
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
    await installTickCounter(owner);
    sandbox = await runSandbox({ home, log: () => undefined, grouparoo: false, timeScale: options.timeScale });

    const workerEnv = {
      DATABASE_URL: ownerUrl,
      NEXTAUTH_SECRET: randomBytes(32).toString('base64url'),
      TAPESTRY_PASSWORD_PEPPER: randomBytes(32).toString('base64url'),
      TAPESTRY_SECRET_KEY: generateKeyEntry('kb').entry,
      TAPESTRY_SANDBOX_FILE: sandbox.descriptorFile,
      // What an installation logs by default: the worker's logging is part of its cost.
      LOG_LEVEL: 'info',
    };
    Object.assign(process.env, workerEnv, { DATABASE_URL: withApplicationName(ownerUrl), LOG_LEVEL: 'warn' });
    resetEnvForTests();
    const email = 'bench@example.com';
    const { userId } = await completeFirstRunSetup(
      { orgName: 'Bench Co', name: 'Bench Owner', email, password: 'correct horse battery staple bench' },
      { ip: '127.0.0.1', userAgent: 'bench' },
    );
    return { actor: await ownerActor(owner, userId, email), owner, sandbox, workerEnv, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
