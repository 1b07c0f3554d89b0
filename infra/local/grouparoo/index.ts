// The real Grouparoo (0.9.0, the last release) for the local sandbox: installed into its own
// folder, run as a child process on 127.0.0.1 against a PostgreSQL database the caller provides,
// and given an API key for Tapestry to call `<url>/api/v1` with (`Authorization: Bearer <key>`).
import { freePort } from '../../../lib/db/embedded';
import { bootstrapApiKey, loadOrCreateAdmin } from './bootstrap';
import { stopOrphans } from './orphans';
import { spawnGrouparoo, STOP_GRACE_MS } from './process';

export { grouparooInstallDir, GROUPAROO_VERSION } from './paths';
export { installGrouparoo, type InstallResult } from './install';
export { grouparooClient, GrouparooApiError, type GrouparooClient } from './api-client';

export interface StartGrouparooOptions {
  /** The install folder (see grouparooInstallDir); also keeps the sandbox administrator's credentials. */
  dir: string;
  /** A PostgreSQL database of its own; migrated on first boot. */
  databaseUrl: string;
  /** Defaults to a free port. */
  port?: number;
  log?: (line: string) => void;
}

export interface RunningGrouparoo {
  /** The origin, e.g. http://127.0.0.1:8120; the API is under /api/v1. */
  url: string;
  apiKey: string;
  pid: number;
  /** From spawn to the API answering. */
  bootMs: number;
  /** true when this start created the first team (the database was new to Grouparoo). */
  initialized: boolean;
  /** SIGTERM, up to 15 s of grace, then SIGKILL to its whole process group. */
  stop(): Promise<void>;
}

export async function startGrouparoo(options: StartGrouparooOptions): Promise<RunningGrouparoo> {
  const log = options.log ?? (() => {});
  await stopOrphans(options.dir, log, STOP_GRACE_MS);
  const admin = loadOrCreateAdmin(options.dir);
  const running = await spawnGrouparoo({
    dir: options.dir,
    databaseUrl: options.databaseUrl,
    port: options.port || (await freePort()),
    log,
  });
  running.redact(admin.password);
  try {
    const { apiKey, initialized } = await bootstrapApiKey(running.url, admin, options.dir);
    running.redact(apiKey);
    return { url: running.url, apiKey, pid: running.pid, bootMs: running.bootMs, initialized, stop: running.stop };
  } catch (error) {
    await running.stop();
    throw error;
  }
}
