// Starts a fresh installation for the run: a throwaway embedded PostgreSQL and `scripts/start.ts`
// (migrations, build when sources changed, web + worker) pointed at it. Tests reach the database
// only through e2e/support/seed.ts; env vars set here are visible to every test worker.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, createWriteStream, mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { generateKeyEntry } from '../../lib/crypto/secrets/key-spec';
import { startEmbeddedPostgres } from '../../lib/db/embedded';
import { E2E_PORT } from '../../playwright.config';

const READY_LINE = 'Tapestry is ready';
const START_TIMEOUT_MS = 300_000;

const STOP_LIMIT_MS = 10_000;

export default async function globalSetup(): Promise<() => Promise<void>> {
  const home = `/tmp/tapestry-e2e-${randomBytes(4).toString('hex')}`;
  mkdirSync(home, { recursive: true });
  chmodSync(home, 0o711);
  const cluster = await startEmbeddedPostgres({
    dataDir: path.join(home, 'pg'),
    password: randomBytes(16).toString('hex'),
    ephemeral: true,
  });
  await cluster.ensureDatabase('tapestry');

  const baseURL = `http://localhost:${E2E_PORT}`;
  const env = {
    E2E_DATABASE_URL: cluster.url('tapestry'),
    E2E_BASE_URL: baseURL,
    E2E_NEXTAUTH_SECRET: randomBytes(32).toString('base64url'),
    E2E_PASSWORD_PEPPER: randomBytes(32).toString('base64url'),
    E2E_SECRET_KEY: generateKeyEntry('e2e').entry,
    E2E_SANDBOX_FILE: path.join(home, 'sandbox.json'),
  };
  Object.assign(process.env, env);

  mkdirSync('test-results', { recursive: true });
  const log = createWriteStream('test-results/e2e-server.log');
  const server = spawn(process.execPath, ['--import', 'tsx', 'scripts/start.ts'], {
    env: {
      ...process.env,
      DATABASE_URL: env.E2E_DATABASE_URL,
      NEXTAUTH_SECRET: env.E2E_NEXTAUTH_SECRET,
      TAPESTRY_PASSWORD_PEPPER: env.E2E_PASSWORD_PEPPER,
      TAPESTRY_SECRET_KEY: env.E2E_SECRET_KEY,
      TAPESTRY_HOME: home,
      PORT: String(E2E_PORT),
      APP_URL: baseURL,
      LOG_LEVEL: 'warn',
      // The sandbox starts as for a user, with the real Grouparoo (the deploy journey syncs into
      // its destination tables), installed where the integration tests already put it, and a
      // simulated cloud fast enough that a deploy takes seconds.
      TAPESTRY_GROUPAROO: 'on',
      // infra/local/grouparoo/paths.ts's default (`<repo>/.tapestry/grouparoo`); Playwright runs from the repo root.
      TAPESTRY_GROUPAROO_DIR: path.join(process.cwd(), '.tapestry', 'grouparoo'),
      TAPESTRY_SANDBOX_TIME_SCALE: '0.01',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  server.stderr.pipe(log);
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the app did not start in time; see test-results/e2e-server.log')), START_TIMEOUT_MS);
    server.stdout.on('data', (chunk: Buffer) => {
      log.write(chunk);
      if (chunk.toString().includes(READY_LINE)) {
        clearTimeout(timer);
        resolve();
      }
    });
    server.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the app exited during start-up (code ${code}); see test-results/e2e-server.log`));
    });
  });

  // `npm start` brought the sandbox up beside the app and told the app where it is.
  const sandbox = JSON.parse(readFileSync(path.join(home, 'sandbox.json'), 'utf8')) as Record<string, { url: string }>;
  for (const service of ['aws', 'airbyte', 'dbtCloud', 'snowflake']) {
    const answer = await fetch(`${sandbox[service]?.url}/__sandbox/faults`).catch(() => undefined);
    if (answer?.status !== 200) throw new Error(`npm start did not bring up the sandbox's ${service} stand-in`);
  }

  // Ctrl-C, as a person stops `npm start`: web, worker and the start script itself must be gone
  // within REL-7's 10 s, with exit code 0.
  return async () => {
    const started = Date.now();
    const exited = new Promise<number | null>((r) => server.once('exit', (code) => r(code)));
    server.kill('SIGINT');
    const code = await Promise.race([exited, new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), STOP_LIMIT_MS))]);
    if (code === 'timeout') server.kill('SIGKILL');
    await cluster.stop();
    rmSync(home, { recursive: true, force: true });
    if (code !== 0) throw new Error(`npm start did not stop cleanly on Ctrl-C: ${code === 'timeout' ? `still running after ${STOP_LIMIT_MS} ms` : `exit code ${code}`}`);
    const stillServing = await fetch(`${baseURL}/api/health`).then(() => true, () => false);
    if (stillServing) throw new Error('npm start exited but its web server still answers');
    const sandboxServing = await fetch(`${sandbox.aws?.url}/__sandbox/faults`).then(() => true, () => false);
    if (sandboxServing) throw new Error('npm start exited but its sandbox still answers');
    console.log(`npm start stopped on Ctrl-C in ${Date.now() - started} ms`);
  };
}
