// The sandbox's Grouparoo is the real 0.9.0, not a stand-in: installed from npm into
// .tapestry/grouparoo (about two minutes the first time), booted on a fresh database, and driven
// only through its REST API with the bootstrapped key. A PostgreSQL table goes in through a table
// source and comes out in another table through the postgres export destination.
import { afterAll, beforeAll, describe, expect, onTestFailed, test } from 'vitest';
import {
  grouparooClient,
  grouparooInstallDir,
  installGrouparoo,
  startGrouparoo,
  type GrouparooClient,
  type RunningGrouparoo,
} from '@/infra/local/grouparoo';
import { createDatabase, sql } from '../../support/database';

const INSTALL_TIMEOUT_MS = 11 * 60_000; // the installer itself gives up after 10 minutes
const SYNC_TIMEOUT_MS = 3 * 60_000;

/** The "unified" users a dbt model would have produced, with values that must survive unchanged. */
const SOURCE_ROWS = [
  { email: 'ada@example.com', first_name: 'Ada', last_name: 'Lovelace' },
  { email: 'grace@example.com', first_name: 'Grace', last_name: 'Hopper' },
  { email: 'siobhan@example.com', first_name: 'Siobhán', last_name: "O'Connor" },
  { email: 'jose@example.com', first_name: 'José', last_name: 'Núñez-García' },
];

let dir: string;
let databaseUrl: string;
let warehouseUrl: string;
const started: RunningGrouparoo[] = [];
const logTail: string[] = [];

function keepLog(line: string): void {
  logTail.push(line);
  if (logTail.length > 60) logTail.shift();
}

async function start(): Promise<RunningGrouparoo> {
  const grouparoo = await startGrouparoo({ dir, databaseUrl, log: keepLog });
  started.push(grouparoo);
  return grouparoo;
}

async function waitFor<T>(what: string, check: () => Promise<T | undefined>, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const value = await check();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 1_000));
  }
  throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}`);
}

function isGone(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

interface Created {
  id: string;
}

/** What a data team sets up in Grouparoo's UI, made through the API with the sandbox's key. */
async function configurePipeline(api: GrouparooClient): Promise<{ scheduleId: string; destinationId: string; modelId: string }> {
  const warehouse = new URL(warehouseUrl);
  const { model } = await api.post<{ model: Created }>('/model', { name: 'Users', type: 'profile' });
  const { app } = await api.post<{ app: Created }>('/app', {
    name: 'Warehouse',
    type: 'postgres',
    state: 'ready',
    options: {
      host: warehouse.hostname,
      port: Number(warehouse.port),
      database: warehouse.pathname.slice(1),
      user: decodeURIComponent(warehouse.username),
      password: decodeURIComponent(warehouse.password),
      schema: 'public',
    },
  });
  const { source } = await api.post<{ source: Created }>('/source', {
    appId: app.id,
    modelId: model.id,
    name: 'Unified users',
    type: 'postgres-import-table',
    options: { table: 'unified_users' },
  });
  // The email column becomes the unique property that identifies a record.
  await api.post(`/source/${source.id}/bootstrapUniqueProperty`, { key: 'email', type: 'email', mappedColumn: 'email' });
  await api.put(`/source/${source.id}`, { mapping: { email: 'email' }, state: 'ready' });
  for (const [key, column] of [
    ['firstName', 'first_name'],
    ['lastName', 'last_name'],
  ]) {
    await api.post('/property', { key, type: 'string', sourceId: source.id, state: 'ready', options: { column, aggregationMethod: 'exact' } });
  }
  const { schedule } = await api.post<{ schedule: Created }>('/schedule', {
    name: 'Import unified users',
    sourceId: source.id,
    recurring: false,
    state: 'ready',
    options: { column: 'updated_at' },
  });
  const { destination } = await api.post<{ destination: Created }>('/destination', {
    appId: app.id,
    modelId: model.id,
    name: 'Users table',
    type: 'postgres-export-records',
    syncMode: 'sync',
    state: 'ready',
    options: {
      table: 'grouparoo_users',
      primaryKey: 'email',
      groupsTable: 'grouparoo_user_groups',
      groupForeignKey: 'email',
      groupColumnName: 'group_name',
    },
    // destination column <- Grouparoo property
    mapping: { email: 'email', first_name: 'firstName', last_name: 'lastName' },
  });
  // Track the whole model: every record goes to this destination, no group needed.
  await api.put(`/destination/${destination.id}`, { collection: 'model' });
  return { scheduleId: schedule.id, destinationId: destination.id, modelId: model.id };
}

beforeAll(async () => {
  dir = grouparooInstallDir();
  const install = await installGrouparoo(dir);
  console.info(install.installed ? `Grouparoo installed in ${(install.ms / 1000).toFixed(1)} s` : 'Grouparoo install reused');
  databaseUrl = await createDatabase({ fromTemplate: false });
  warehouseUrl = await createDatabase({ fromTemplate: false });
  await sql(
    warehouseUrl,
    `CREATE TABLE unified_users (email text PRIMARY KEY, first_name text NOT NULL, last_name text NOT NULL,
       updated_at timestamptz NOT NULL DEFAULT now())`,
  );
  for (const row of SOURCE_ROWS) {
    await sql(warehouseUrl, 'INSERT INTO unified_users (email, first_name, last_name) VALUES ($1, $2, $3)', [row.email, row.first_name, row.last_name]);
  }
  await sql(warehouseUrl, 'CREATE TABLE grouparoo_users (email text PRIMARY KEY, first_name text, last_name text)');
  await sql(warehouseUrl, 'CREATE TABLE grouparoo_user_groups (email text NOT NULL, group_name text NOT NULL)');
}, INSTALL_TIMEOUT_MS);

afterAll(async () => {
  for (const grouparoo of started) await grouparoo.stop();
});

describe('the real Grouparoo in the sandbox', () => {
  test(
    'a real Grouparoo run moves rows from one PostgreSQL table to another',
    async () => {
      onTestFailed(() => console.error(`Grouparoo's last log lines:\n${logTail.join('\n')}`));
      const grouparoo = await start();
      console.info(`Grouparoo booted on a fresh database in ${(grouparoo.bootMs / 1000).toFixed(1)} s`);
      expect(grouparoo.initialized).toBe(true);
      expect(new URL(grouparoo.url).hostname).toBe('127.0.0.1');
      const api = grouparooClient(grouparoo.url, grouparoo.apiKey);

      const { scheduleId, destinationId, modelId } = await configurePipeline(api);
      const { run } = await api.post<{ run: { id: string } }>(`/schedule/${scheduleId}/run`);

      const sorted = [...SOURCE_ROWS].sort((a, b) => a.email.localeCompare(b.email));
      const exported = await waitFor(
        'the destination table to hold every source row',
        async () => {
          const rows = await sql(warehouseUrl, 'SELECT email, first_name, last_name FROM grouparoo_users ORDER BY email COLLATE "C"');
          return rows.length === SOURCE_ROWS.length ? rows : undefined;
        },
        SYNC_TIMEOUT_MS,
      );
      expect(exported).toEqual(sorted);

      // Grouparoo's own account of it: the import run completed, one record and one completed
      // export per row.
      const finished = await waitFor(
        'the import run to complete',
        async () => {
          const view = await api.get<{ run: { state: string; recordsCreated: number } }>(`/run/${run.id}`);
          return view.run.state === 'complete' ? view.run : undefined;
        },
        SYNC_TIMEOUT_MS,
      );
      expect(finished.recordsCreated).toBe(SOURCE_ROWS.length);
      const records = await api.get<{ total: number }>('/records', { modelId });
      expect(records.total).toBe(SOURCE_ROWS.length);
      const exports = await waitFor(
        'every export to complete',
        async () => {
          const list = await api.get<{ total: number; exports: { state: string }[] }>('/exports', { destinationId });
          return list.exports.length === SOURCE_ROWS.length && list.exports.every((e) => e.state === 'complete') ? list : undefined;
        },
        SYNC_TIMEOUT_MS,
      );
      expect(exports.total).toBe(SOURCE_ROWS.length);
      // Nothing but the source rows: no group memberships were configured.
      expect(await sql(warehouseUrl, 'SELECT * FROM grouparoo_user_groups')).toEqual([]);

      await grouparoo.stop();
      expect(isGone(grouparoo.pid)).toBe(true);
      await expect(fetch(`${grouparoo.url}/api/v1/status/public`, { signal: AbortSignal.timeout(2_000) })).rejects.toThrow();
    },
    6 * 60_000,
  );

  test(
    'a second start on the same database signs in again and reuses the key and the pipeline',
    async () => {
      onTestFailed(() => console.error(`Grouparoo's last log lines:\n${logTail.join('\n')}`));
      const first = started[0];
      expect(first, 'the previous test started Grouparoo on this database').toBeDefined();
      const again = await start();
      console.info(`Grouparoo restarted on its database in ${(again.bootMs / 1000).toFixed(1)} s`);
      expect(again.initialized).toBe(false);
      expect(again.apiKey).toBe(first?.apiKey);
      const api = grouparooClient(again.url, again.apiKey);
      const teams = await api.get<{ teams: unknown[] }>('/teams');
      expect(teams.teams).toHaveLength(1);
      const keys = await api.get<{ apiKeys: { name: string }[] }>('/apiKeys');
      expect(keys.apiKeys.map((key) => key.name)).toEqual(['tapestry']);
      const destinations = await api.get<{ destinations: { name: string; collection: string }[] }>('/destinations');
      expect(destinations.destinations).toMatchObject([{ name: 'Users table', collection: 'model' }]);
      await again.stop();
      expect(isGone(again.pid)).toBe(true);
    },
    3 * 60_000,
  );
});
