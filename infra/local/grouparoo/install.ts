// Installs the pinned Grouparoo into its own folder with `npm ci` from the committed lockfile.
// Idempotent: a marker written only after a complete install records which manifest it came from,
// so an unchanged install is kept and an interrupted or outdated one is redone.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { copyFile, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { withInstallLock } from './install-lock';
import { GROUPAROO_VERSION, grouparooCoreDir, MANIFEST_FILES, manifestDir } from './paths';
import { signalGroup, spawnGroup, stopGroup, type ChildEnv } from './process-group';

/** ~2 minutes on the reference machine; beyond 10 something is wrong (registry unreachable, disk). */
export const INSTALL_TIMEOUT_MS = 10 * 60_000;
const MARKER = '.tapestry-installed';
const OUTPUT_TAIL = 20;

export interface InstallResult {
  /** false when a complete install of this manifest was already there. */
  installed: boolean;
  ms: number;
}

function manifestFingerprint(): string {
  const hash = createHash('sha256');
  for (const file of MANIFEST_FILES) hash.update(readFileSync(path.join(manifestDir, file)));
  return hash.digest('hex');
}

async function installedVersion(dir: string): Promise<string | undefined> {
  const text = await readFile(path.join(grouparooCoreDir(dir), 'package.json'), 'utf8').catch(() => undefined);
  return text === undefined ? undefined : (JSON.parse(text) as { version?: string }).version;
}

async function isComplete(dir: string, fingerprint: string): Promise<boolean> {
  const marker = await readFile(path.join(dir, MARKER), 'utf8').catch(() => '');
  return marker.trim() === fingerprint && (await installedVersion(dir)) === GROUPAROO_VERSION;
}

/**
 * npm sets `npm_*` variables for the scripts it runs (local prefix, package name, log level…);
 * inherited by this nested `npm ci` they would point it at the app instead of `dir`.
 */
function npmEnv(): ChildEnv {
  const env: ChildEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!key.toLowerCase().startsWith('npm_') && key !== 'INIT_CWD') env[key] = value;
  }
  return env;
}

async function npmCi(dir: string, log: (line: string) => void): Promise<void> {
  const tail: string[] = [];
  const child = spawnGroup('npm', ['ci', '--omit=dev', '--no-audit', '--no-fund'], {
    cwd: dir,
    env: npmEnv(),
    onLine: (line) => {
      log(line);
      tail.push(line);
      if (tail.length > OUTPUT_TAIL) tail.shift();
    },
  });
  // `npm start` may be stopped during a first-run install: npm runs in a group of its own, out of
  // reach of the terminal's Ctrl-C, so take it down when this process exits.
  const killOnExit = () => signalGroup(child.pid, 'SIGKILL');
  process.once('exit', killOnExit);
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    void stopGroup(child, 5_000);
  }, INSTALL_TIMEOUT_MS);
  const code = await child.exited;
  clearTimeout(timer);
  process.off('exit', killOnExit);
  if (timedOut) {
    throw new Error(`npm ci for Grouparoo did not finish within ${INSTALL_TIMEOUT_MS / 60_000} minutes in ${dir}; is the npm registry reachable?`);
  }
  if (code !== 0) {
    throw new Error(`npm ci for Grouparoo failed (exit ${code}) in ${dir}:\n${tail.join('\n')}`);
  }
}

const MANIFEST_NAME = 'tapestry-local-grouparoo';

/** `npm ci` replaces node_modules wholesale: never let it loose on a folder that is not ours. */
async function assertOwnFolder(dir: string): Promise<void> {
  const text = await readFile(path.join(dir, 'package.json'), 'utf8').catch(() => undefined);
  if (text === undefined) return;
  let name: unknown;
  try {
    name = (JSON.parse(text) as { name?: unknown }).name;
  } catch {
    // unreadable: treat as foreign
  }
  if (name !== MANIFEST_NAME) {
    throw new Error(`${dir} holds another project's package.json; Grouparoo installs only into a folder of its own`);
  }
}

/** Copies the committed manifest into `dir` and runs `npm ci` there, unless already done. */
export async function installGrouparoo(dir: string, log: (line: string) => void = () => {}): Promise<InstallResult> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  await mkdir(dir, { recursive: true });
  return withInstallLock(path.join(dir, '.install.lock'), INSTALL_TIMEOUT_MS + 60_000, async () => {
    const fingerprint = manifestFingerprint();
    if (await isComplete(dir, fingerprint)) return { installed: false, ms: elapsed() };
    await assertOwnFolder(dir);
    await rm(path.join(dir, MARKER), { force: true });
    for (const file of MANIFEST_FILES) await copyFile(path.join(manifestDir, file), path.join(dir, file));
    log(`installing @grouparoo/core@${GROUPAROO_VERSION} and @grouparoo/postgres into ${dir}`);
    await npmCi(dir, log);
    const version = await installedVersion(dir);
    if (version !== GROUPAROO_VERSION) {
      throw new Error(`npm ci finished but ${grouparooCoreDir(dir)} holds version ${version ?? 'nothing'}, not ${GROUPAROO_VERSION}`);
    }
    await writeFile(path.join(dir, MARKER), `${fingerprint}\n`);
    return { installed: true, ms: elapsed() };
  });
}
