// Runs `node dist/grouparoo.js` from the installed package folder (Grouparoo finds its plugins and
// config relative to it) with everything a non-interactive boot needs in its environment, and
// waits until its API answers. Its log lines are forwarded with known secrets blanked out.
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { API_PREFIX } from './api-client';
import { forgetRunning, recordRunning } from './orphans';
import { grouparooCoreDir } from './paths';
import { signalGroup, spawnGroup, stopGroup, type ChildEnv, type GroupChild } from './process-group';

/** First boot runs ~60 migrations; ~7–10 s on the reference machine, much longer on a busy one. */
export const BOOT_TIMEOUT_MS = 120_000;
/** Grouparoo stops its workers and servers in ~2 s on SIGTERM. */
export const STOP_GRACE_MS = 15_000;
const LOG_TAIL = 30;

/**
 * Grouparoo logs every action's params; its own filter (config/api.ts) names `password` but not
 * an app's `options.password` nor the `apiKey` a request carries, so the sandbox extends it.
 */
const FILTERED_PARAMS = ['password', 'passwordHash', 'csrfToken', 'private_key', 'apiKey', 'serverToken', 'options.password'];

export interface GrouparooProcessOptions {
  dir: string;
  databaseUrl: string;
  port: number;
  log: (line: string) => void;
}

export interface GrouparooProcess {
  url: string;
  pid: number;
  bootMs: number;
  /** Blanks these values out of every forwarded log line from now on (e.g. the API key). */
  redact(secret: string): void;
  stop(): Promise<void>;
}

/** Only what Node needs from the parent: Tapestry's own secrets stay out of Grouparoo's reach. */
function baseEnv(): ChildEnv {
  const keep = ['PATH', 'HOME', 'TMPDIR', 'TZ', 'LANG', 'LC_ALL'];
  return Object.fromEntries(keep.filter((key) => process.env[key] !== undefined).map((key) => [key, process.env[key]]));
}

function grouparooEnv(options: GrouparooProcessOptions, serverToken: string): ChildEnv {
  return {
    ...baseEnv(),
    NODE_ENV: 'production',
    PORT: String(options.port),
    WEB_URL: `http://127.0.0.1:${options.port}`,
    WEB_SERVER: 'true',
    // One task worker runs imports, exports and schedules; with 0 nothing would ever sync (and
    // in production mode Grouparoo only migrates its database when it runs workers).
    WORKERS: '1',
    SERVER_TOKEN: serverToken,
    DATABASE_URL: options.databaseUrl,
    REDIS_URL: 'redis://mock',
    // Plugins are read from `<dir>/package.json` (the manifest's `grouparoo.plugins`).
    GROUPAROO_PARENT_PATH: options.dir,
    GROUPAROO_TELEMETRY_ENABLED: 'false',
    GROUPAROO_LOG_LEVEL: 'notice',
    GROUPAROO_LOGS_STDOUT_DISABLE_COLOR: 'true',
    // Its version check would fetch grouparoo.com (a project gone since 2022); aim it at a
    // closed loopback port so it fails at once without leaving the machine.
    GROUPAROO_PLUGIN_MANIFEST_URL: 'http://127.0.0.1:9/manifest.json',
    // Grouparoo hard-codes 0.0.0.0; a sandbox has no business on the network.
    ACTIONHERO_CONFIG_OVERRIDES: JSON.stringify({ web: { bindIP: '127.0.0.1' }, general: { filteredParams: FILTERED_PARAMS } }),
  };
}

async function answers(url: string): Promise<boolean> {
  try {
    const response = await fetch(`${url}${API_PREFIX}/status/public`, { signal: AbortSignal.timeout(2_000) });
    return response.ok;
  } catch {
    return false;
  }
}

async function waitUntilAnswering(url: string, child: GroupChild, tail: string[]): Promise<void> {
  const deadline = Date.now() + BOOT_TIMEOUT_MS;
  let exited = false;
  void child.exited.then(() => (exited = true));
  while (!exited && Date.now() < deadline) {
    if (await answers(url)) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  const why = exited ? 'exited during start-up' : `did not answer within ${BOOT_TIMEOUT_MS / 1000} s`;
  throw new Error(`Grouparoo ${why}; its last lines:\n${tail.join('\n')}`);
}

export async function spawnGrouparoo(options: GrouparooProcessOptions): Promise<GrouparooProcess> {
  const cwd = grouparooCoreDir(options.dir);
  if (!existsSync(path.join(cwd, 'dist', 'grouparoo.js'))) {
    throw new Error(`Grouparoo is not installed in ${options.dir}; run installGrouparoo first`);
  }
  const url = `http://127.0.0.1:${options.port}`;
  // Another Grouparoo on that port would answer the readiness check in this one's place.
  if (await answers(url)) throw new Error(`port ${options.port} is already serving a Grouparoo API; choose another port`);
  const serverToken = randomBytes(24).toString('base64url');
  const secrets = [serverToken, ...passwordOf(options.databaseUrl)];
  const blank = (line: string) => secrets.reduce((text, secret) => text.replaceAll(secret, '[redacted]'), line);
  const tail: string[] = [];
  const started = performance.now();
  const child = spawnGroup(process.execPath, ['dist/grouparoo.js'], {
    cwd,
    env: grouparooEnv(options, serverToken),
    onLine: (raw) => {
      const line = blank(raw);
      options.log(line);
      tail.push(line);
      if (tail.length > LOG_TAIL) tail.shift();
    },
  });
  // If this process ends without stop() (an uncaught error), take Grouparoo down with it.
  const killOnExit = () => signalGroup(child.pid, 'SIGKILL');
  process.once('exit', killOnExit);
  await recordRunning(options.dir, child.pid);
  // Once only: signalling the group again later could reach an unrelated group reusing its id.
  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      await stopGroup(child, STOP_GRACE_MS);
      process.off('exit', killOnExit);
      await forgetRunning(options.dir, child.pid);
    })());
  try {
    await waitUntilAnswering(url, child, tail);
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    url,
    pid: child.pid,
    bootMs: Math.round(performance.now() - started),
    redact: (secret) => void secrets.push(secret),
    stop,
  };
}

function passwordOf(databaseUrl: string): string[] {
  const password = decodeURIComponent(new URL(databaseUrl).password);
  return password ? [password] : [];
}
