// The Grouparoo adapter against the real Grouparoo 0.9 of the sandbox (one boot for the file): a
// pipeline's objects made from nothing, a sync that moves the unified users (non-ASCII names
// included) into a destination table with the mapped columns, a second ensure that creates
// nothing and applies a changed mapping, repeated syncs without duplicate rows, a teardown that
// leaves Grouparoo without any of the pipeline's objects (twice), and a refused API key. Failures
// Grouparoo will not produce on demand (a 503, a lost answer, a slow reply) come from a small
// proxy in front of it. Listings are read with the sandbox's own API client, not the adapter.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, onTestFailed, test } from 'vitest';
import { grouparooClient, grouparooInstallDir, installGrouparoo, startGrouparoo, type GrouparooClient, type RunningGrouparoo } from '@/infra/local/grouparoo';
import { IntegrationError } from '@/lib/integrations/errors';
import { grouparooSetup, type GrouparooSetup, type PipelineInput, type RunView } from '@/lib/integrations/grouparoo';
import { createDatabase, sql } from '../support/database';
import { until } from '../support/until';

const INSTALL_TIMEOUT_MS = 11 * 60_000;
const SYNC_TIMEOUT_MS = 3 * 60_000;
const SLUG = 'acme-rain';
const CANARY = 'canary-grouparoo-key-do-not-leak';

const ROWS = [
  { email: 'ada@example.com', first_name: 'Ada', last_name: 'Lovelace' },
  { email: 'grace@example.com', first_name: 'Grace', last_name: 'Hopper' },
  { email: 'jose@example.com', first_name: 'José', last_name: 'Núñez-García' },
  { email: 'bruce@example.com', first_name: '小龍', last_name: '李' },
];
const fullName = (r: { first_name: string; last_name: string }) => `${r.first_name} ${r.last_name}`;
const byEmail = <T extends { email: string }>(rows: T[]) => [...rows].sort((a, b) => a.email.localeCompare(b.email));

let grouparoo: RunningGrouparoo;
let api: GrouparooClient;
let setup: GrouparooSetup;
let warehouseUrl: string;
let input: PipelineInput;
let ids: Record<string, string>;
const logTail: string[] = [];

function pipeline(mapping: Record<string, string>): PipelineInput {
  const url = new URL(warehouseUrl);
  const connection = { host: url.hostname, port: Number(url.port), database: url.pathname.slice(1), user: decodeURIComponent(url.username), password: decodeURIComponent(url.password) };
  return {
    slug: SLUG,
    warehouse: { kind: 'postgres', options: { ...connection, schema: 'public' } },
    unifiedUsersTable: { schema: 'analytics', table: 'unified_users', columns: ['email', 'first_name', 'last_name', 'full_name'], primaryKey: 'email' },
    destinations: [
      {
        name: 'crm',
        type: 'postgres',
        appOptions: { ...connection, port: String(connection.port), schema: 'destinations' },
        destinationOptions: { table: 'crm', primaryKey: 'email', groupsTable: 'crm_groups', groupForeignKey: 'email', groupColumnName: 'group_name' },
        mapping,
      },
    ],
  };
}

/** Polls Grouparoo once a second: its background tasks move in seconds, not milliseconds. */
function waitFor<T>(what: string, check: () => Promise<T | undefined>): Promise<T> {
  return until(what, check, SYNC_TIMEOUT_MS, 1_000);
}

function settled(runId: string): Promise<RunView> {
  return waitFor(`run ${runId} to settle`, async () => {
    const view = await setup.getRun(runId);
    return view.state === 'running' ? undefined : view;
  });
}

/** Every Grouparoo object named for the pipeline, by kind, as Grouparoo lists them. */
async function listing(): Promise<Record<string, string[]>> {
  const mine = (name: string) => name.startsWith(`${SLUG} `) || name.startsWith(`${SLUG}__`);
  const names = async (path: string, key: string, field: 'name' | 'key') => {
    const body = await api.get<Record<string, { id: string; name?: string; key?: string }[]>>(path, { limit: 1000 });
    return (body[key] ?? []).filter((x) => mine(String(x[field]))).map((x) => `${x[field]}=${x.id}`).sort();
  };
  return {
    apps: await names('/apps', 'apps', 'name'),
    models: await names('/models', 'models', 'name'),
    sources: await names('/sources', 'sources', 'name'),
    properties: await names('/properties', 'properties', 'key'),
    schedules: await names('/schedules', 'schedules', 'name'),
    destinations: await names('/destinations', 'destinations', 'name'),
  };
}

/** A fault to inject on the next `times` requests matching `method` and `path`. */
interface Fault {
  method: string;
  path: RegExp;
  times: number;
  /** refuse: answer `status` without forwarding; lose: forward, then answer `status`; stall: wait `ms` first. */
  mode: 'refuse' | 'lose' | 'stall';
  status?: number;
  ms?: number;
}

/** A proxy to Grouparoo that logs each request (`METHOD /path`) and injects the faults it is given. */
async function faultProxy(target: string): Promise<{ url: string; faults: Fault[]; log: string[]; close(): Promise<void> }> {
  const faults: Fault[] = [];
  const log: string[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const path = new URL(req.url ?? '/', 'http://proxy').pathname;
      log.push(`${req.method} ${path}`);
      const fault = faults.find((f) => f.times > 0 && f.method === req.method && f.path.test(path));
      if (fault) fault.times--;
      const answer = (status: number, body: string) => res.writeHead(status, { 'content-type': 'application/json' }).end(body);
      if (fault?.mode === 'refuse') return answer(fault.status ?? 503, '');
      const forward = async () => {
        if (fault?.mode === 'stall') await new Promise((resolve) => setTimeout(resolve, fault.ms ?? 0));
        const headers = Object.fromEntries(Object.entries(req.headers).filter(([k]) => k !== 'host' && k !== 'content-length')) as Record<string, string>;
        const body = chunks.length > 0 ? Buffer.concat(chunks) : undefined;
        const upstream = await fetch(new URL(req.url ?? '/', target), { method: req.method, headers, body: req.method === 'GET' || req.method === 'DELETE' ? undefined : body });
        const text = await upstream.text();
        if (fault?.mode === 'lose') return answer(fault.status ?? 502, '');
        if (!res.destroyed) answer(upstream.status, text);
      };
      forward().catch(() => answer(502, ''));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, faults, log, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

const exported = () => sql<{ email: string; first_name: string | null; last_name: string | null; display_name: string | null }>(warehouseUrl, 'SELECT email, first_name, last_name, display_name FROM destinations.crm ORDER BY email');

beforeAll(async () => {
  const dir = grouparooInstallDir();
  const install = await installGrouparoo(dir);
  console.info(install.installed ? `Grouparoo installed in ${(install.ms / 1000).toFixed(1)} s` : 'Grouparoo install reused');
  const databaseUrl = await createDatabase({ fromTemplate: false });
  warehouseUrl = await createDatabase({ fromTemplate: false });
  await sql(warehouseUrl, 'CREATE SCHEMA analytics');
  await sql(warehouseUrl, 'CREATE TABLE analytics.unified_users (email text PRIMARY KEY, first_name text, last_name text, full_name text)');
  for (const r of ROWS) await sql(warehouseUrl, 'INSERT INTO analytics.unified_users VALUES ($1, $2, $3, $4)', [r.email, r.first_name, r.last_name, fullName(r)]);
  // No primary key on purpose: a row sent twice would show up twice.
  await sql(warehouseUrl, 'CREATE SCHEMA destinations');
  await sql(warehouseUrl, 'CREATE TABLE destinations.crm (email text, first_name text, last_name text, display_name text)');
  await sql(warehouseUrl, 'CREATE TABLE destinations.crm_groups (email text NOT NULL, group_name text NOT NULL)');
  grouparoo = await startGrouparoo({
    dir,
    databaseUrl,
    log: (line) => {
      logTail.push(line);
      if (logTail.length > 60) logTail.shift();
    },
  });
  api = grouparooClient(grouparoo.url, grouparoo.apiKey);
  setup = grouparooSetup({ baseUrl: grouparoo.url, apiKey: grouparoo.apiKey });
  input = pipeline({ email: 'email', first_name: 'first_name', last_name: 'last_name' });
}, INSTALL_TIMEOUT_MS);

afterAll(async () => {
  await grouparoo?.stop();
});

describe('Grouparoo configuration and runs', () => {
  test(
    'ensurePipeline creates the objects and a sync moves every unified user into the destination table',
    async () => {
      onTestFailed(() => console.error(`Grouparoo's last log lines:\n${logTail.join('\n')}`));
      const ensured = await setup.ensurePipeline(input);
      ids = ensured.ids;
      const keys = ['model', 'app:warehouse', 'source:unified_users', 'schedule:unified_users', 'app:destination:crm', 'destination:crm', ...input.unifiedUsersTable.columns.map((c) => `property:${c}`)];
      expect(Object.keys(ids).sort()).toEqual([...keys].sort());
      expect([...ensured.created].sort()).toEqual([...keys].sort());
      expect(await listing()).toMatchObject({ models: [`${SLUG} users=${ids.model}`], destinations: [`${SLUG} crm=${ids['destination:crm']}`] });

      const before = new Date(Date.now() - 1_000);
      const { runId } = await setup.startSync(ids);
      const view = await settled(runId);
      expect(view).toEqual({ state: 'complete', recordsImported: ROWS.length, exportsCreated: ROWS.length });
      expect(await exported()).toEqual(byEmail(ROWS).map((r) => ({ ...r, display_name: null })));
      expect(await setup.exportCounts(ids['destination:crm'] as string, before)).toEqual({ complete: ROWS.length, failed: 0, pending: 0 });
      expect(await setup.exportCounts(ids['destination:crm'] as string, new Date(Date.now() + 60_000))).toEqual({ complete: 0, failed: 0, pending: 0 });
    },
    6 * 60_000,
  );

  test(
    'ensurePipeline again creates nothing, and a changed mapping reaches the destination',
    async () => {
      onTestFailed(() => console.error(`Grouparoo's last log lines:\n${logTail.join('\n')}`));
      const first = await listing();
      const again = await setup.ensurePipeline(input);
      expect(again).toEqual({ ids, created: [], updated: [], removed: [] });
      expect(await listing()).toEqual(first);

      const remapped = pipeline({ email: 'email', first_name: 'first_name', last_name: 'last_name', display_name: 'full_name' });
      const changed = await setup.ensurePipeline(remapped);
      expect(changed).toMatchObject({ ids, created: [], updated: ['destination:crm'], removed: [] });
      const { destination } = await api.get<{ destination: { mapping: Record<string, string> } }>(`/destination/${ids['destination:crm']}`);
      expect(destination.mapping).toEqual({ email: `${SLUG}__email`, first_name: `${SLUG}__first_name`, last_name: `${SLUG}__last_name`, display_name: `${SLUG}__full_name` });
      // The new mapping is exported on its own, without a sync.
      const rows = await waitFor('display names in the destination', async () => {
        const current = await exported();
        return current.every((r) => r.display_name !== null) ? current : undefined;
      });
      expect(rows).toEqual(byEmail(ROWS).map((r) => ({ ...r, display_name: fullName(r) })));
      expect(await listing()).toEqual(first);
      input = remapped;
    },
    6 * 60_000,
  );

  test(
    'startSync twice adds no rows; a retried start joins the running run; changed data arrives',
    async () => {
      onTestFailed(() => console.error(`Grouparoo's last log lines:\n${logTail.join('\n')}`));
      await sql(warehouseUrl, "UPDATE analytics.unified_users SET first_name = 'Augusta Ada', full_name = 'Augusta Ada Lovelace' WHERE email = 'ada@example.com'");
      const { runId } = await setup.startSync(ids);
      expect((await setup.startSync(ids)).runId).toBe(runId);
      expect((await settled(runId)).state).toBe('complete');
      const second = await setup.startSync(ids);
      expect(second.runId).not.toBe(runId);
      expect(await settled(second.runId)).toMatchObject({ state: 'complete', recordsImported: ROWS.length });
      const rows = await exported();
      expect(rows).toHaveLength(ROWS.length);
      expect(new Set(rows.map((r) => r.email)).size).toBe(ROWS.length);
      expect(rows.find((r) => r.email === 'ada@example.com')).toEqual({ email: 'ada@example.com', first_name: 'Augusta Ada', last_name: 'Lovelace', display_name: 'Augusta Ada Lovelace' });
    },
    8 * 60_000,
  );

  test(
    'a 503 on a read is retried, a start is never sent twice, and a slow answer is a timeout',
    async () => {
      const proxy = await faultProxy(grouparoo.url);
      try {
        const viaProxy = grouparooSetup({ baseUrl: proxy.url, apiKey: grouparoo.apiKey });
        proxy.faults.push({ method: 'GET', path: /^\/api\/v1\/runs$/, times: 1, mode: 'refuse', status: 503 });
        proxy.faults.push({ method: 'POST', path: /\/run$/, times: 1, mode: 'refuse', status: 503 });
        await expect(viaProxy.startSync(ids)).rejects.toMatchObject({ provider: 'grouparoo', failureClass: 'unavailable', step: 'sync', code: 'HTTP 503' });
        expect(proxy.log.filter((line) => line === 'GET /api/v1/runs')).toHaveLength(2);
        expect(proxy.log.filter((line) => line.startsWith('POST '))).toHaveLength(1);

        proxy.faults.push({ method: 'GET', path: /^\/api\/v1\/run\//, times: 1, mode: 'stall', ms: 1_500 });
        await expect(viaProxy.getRun('run_any', { timeoutMs: 500 })).rejects.toMatchObject({ failureClass: 'timeout' });
      } finally {
        await proxy.close();
      }
    },
    60_000,
  );

  test(
    'a create whose answer was lost is found by name on the next ensure, not made twice',
    async () => {
      onTestFailed(() => console.error(`Grouparoo's last log lines:\n${logTail.join('\n')}`));
      const proxy = await faultProxy(grouparoo.url);
      const other = { ...input, slug: 'acme-lost' };
      try {
        const viaProxy = grouparooSetup({ baseUrl: proxy.url, apiKey: grouparoo.apiKey });
        proxy.faults.push({ method: 'POST', path: /^\/api\/v1\/source$/, times: 1, mode: 'lose', status: 502 });
        await expect(viaProxy.ensurePipeline(other)).rejects.toMatchObject({ failureClass: 'unavailable', step: 'provision' });
        const resumed = await viaProxy.ensurePipeline(other);
        expect(resumed.created).not.toContain('source:unified_users');
        expect(resumed.created).not.toContain('model');
        expect(resumed.created).toContain('schedule:unified_users');
        expect(proxy.log.filter((line) => line === 'POST /api/v1/source')).toHaveLength(1);
        const { sources } = await api.get<{ sources: { id: string; name: string; state: string }[] }>('/sources', { limit: 1000 });
        expect(sources.filter((x) => x.name === 'acme-lost unified users')).toMatchObject([{ id: resumed.ids['source:unified_users'], state: 'ready' }]);
      } finally {
        await proxy.close();
        await setup.removePipeline(other.slug);
      }
    },
    2 * 60_000,
  );

  test(
    'removePipeline leaves none of the pipeline’s objects, keeps the destination’s rows, and can run again',
    async () => {
      onTestFailed(() => console.error(`Grouparoo's last log lines:\n${logTail.join('\n')}`));
      const removed = await setup.removePipeline(SLUG);
      expect(removed).toEqual(
        expect.arrayContaining(['schedule:unified_users', 'destination:crm', 'source:unified_users', 'model', 'app:warehouse', 'app:destination:crm', `records:${ROWS.length}`, ...input.unifiedUsersTable.columns.map((c) => `property:${c}`)]),
      );
      expect(await listing()).toEqual({ apps: [], models: [], sources: [], properties: [], schedules: [], destinations: [] });
      expect(await setup.removePipeline(SLUG)).toEqual([]);
      expect(await exported()).toHaveLength(ROWS.length);
    },
    4 * 60_000,
  );

  test('a refused API key is an auth failure that does not carry the key', async () => {
    const refused = grouparooSetup({ baseUrl: grouparoo.url, apiKey: CANARY });
    const error = await refused.ensurePipeline(input).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IntegrationError);
    expect(error).toMatchObject({ provider: 'grouparoo', failureClass: 'auth', field: 'apiKey' });
    const e = error as IntegrationError;
    for (const text of [e.message, e.cause, e.hint, String(e.code), JSON.stringify(e)]) expect(text).not.toContain(CANARY);
    await expect(refused.getRun('run_missing')).rejects.toMatchObject({ failureClass: 'auth' });
  });
});
