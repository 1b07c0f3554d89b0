// The Airbyte stand-in across restarts, driven with plain fetch as Tapestry drives Airbyte: objects
// created before a restart read the same after it (secrets still masked, and still usable), a sync
// interrupted by the restart carries on and lands every record exactly once — also when the saved
// state lags behind what the warehouse already committed — and a client configured before the
// restart keeps its credentials and its token.
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAirbyteStandIn, type AirbyteStandIn } from '@/infra/local/airbyte';
import { decodeSnapshot, type Snapshot } from '@/infra/local/core/state-codec';
import { SandboxWorld } from '@/infra/local/core/world';
import { createDatabase, sql } from '../../support/database';
import type { LooseJson } from '../../support/loose-json';
import { until } from '../../support/until';

type Json = LooseJson;

/** Slow enough to stop a sync between its batches (about 100 ms apart), fast enough for a test. */
const TIME_SCALE = 0.1;

let dir: string;
let file: string;
let warehouseUrl: string;
let warehouse: Json;
const opened: AirbyteStandIn[] = [];

async function open(options: { timeScale?: number; world?: SandboxWorld } = {}): Promise<AirbyteStandIn> {
  const standIn = await startAirbyteStandIn({ stateFile: file, timeScale: TIME_SCALE, ...options });
  opened.push(standIn);
  return standIn;
}

async function request(url: string, token: string | undefined, method: string, body?: unknown): Promise<{ status: number; body: Json }> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  const res = await fetch(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), signal: AbortSignal.timeout(10_000) });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as Json) : {} };
}

/** A public API call (`route` under `/api/public/v1`). */
function call(standIn: AirbyteStandIn, token: string | undefined, method: string, route: string, body?: unknown): Promise<{ status: number; body: Json }> {
  return request(`${standIn.apiUrl}${route}`, token, method, body);
}

async function tokenFor(standIn: AirbyteStandIn, clientId: string, clientSecret: string): Promise<{ status: number; token: string }> {
  const res = await call(standIn, undefined, 'POST', '/applications/token', { client_id: clientId, client_secret: clientSecret, grant_type: 'client_credentials' });
  return { status: res.status, token: res.body.access_token as string };
}

async function finished(standIn: AirbyteStandIn, token: string, jobId: number, ms?: number): Promise<Json> {
  return until(
    `job ${jobId} to end`,
    async () => {
      const { body } = await call(standIn, token, 'GET', `/jobs/${jobId}`);
      return ['succeeded', 'failed', 'cancelled'].includes(body.status as string) ? body : undefined;
    },
    ms,
  );
}

async function count(table: string, where = 'true'): Promise<number> {
  const rows = await sql<{ n: string }>(warehouseUrl, `SELECT count(*)::text AS n FROM ${table} WHERE ${where}`);
  return Number(rows[0]?.n);
}

async function tableExists(table: string): Promise<boolean> {
  const rows = await sql<{ t: string | null }>(warehouseUrl, 'SELECT to_regclass($1)::text AS t', [table]);
  return Boolean(rows[0]?.t);
}

/** The job as the state file holds it right now (the test reads the file the way a restart would). */
function savedJob(jobId: number): Json | undefined {
  try {
    const saved = JSON.parse(readFileSync(file, 'utf8')) as { state: Snapshot<{ jobs: Json[] }> };
    return decodeSnapshot(saved.state).jobs.find((j) => j.jobId === jobId);
  } catch {
    return undefined; // between a write and its rename
  }
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'airbyte-state-'));
  file = path.join(dir, 'airbyte.json');
  warehouseUrl = await createDatabase({ fromTemplate: false });
  // The warehouse as a Postgres destination names it (the stand-in logs in with these, as Airbyte would).
  const { hostname, port, pathname, username, password } = new URL(warehouseUrl);
  const login = { username: decodeURIComponent(username), password: decodeURIComponent(password) };
  const plain = { ssl_mode: { mode: 'disable' }, tunnel_method: { tunnel_method: 'NO_TUNNEL' } };
  warehouse = { destinationType: 'postgres', host: hostname, port: Number(port), database: pathname.slice(1), schema: 'raw_stripe', ...login, ...plain };
});

afterAll(async () => {
  for (const standIn of opened) await standIn.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('an Airbyte stand-in restarted on its state file', () => {
  let first: AirbyteStandIn;
  let second: AirbyteStandIn;
  let oldToken: string;
  let workspaceId: string;
  let sourceId: string;
  let connectionId: string;
  const reads = new Map<string, Json>();
  const readsOf = ['workspaces', 'sources', 'destinations', 'connections'];
  let interrupted: { jobId: number; rowsAtStop: number };

  it('stops in the middle of a sync with its committed progress on disk, in a 0600 file', async () => {
    first = await open();
    oldToken = (await tokenFor(first, first.clientId, first.clientSecret)).token;
    const api = (method: string, route: string, body?: unknown) => call(first, oldToken, method, route, body);
    workspaceId = (await api('POST', '/workspaces', { name: 'Tapestry' })).body.workspaceId as string;
    const source = await api('POST', '/sources', { name: 'Stripe', workspaceId, configuration: { sourceType: 'stripe', account_id: 'acct_1', client_secret: 'sk_test_persisted', start_date: '2025-01-01T00:00:00Z' } });
    sourceId = source.body.sourceId as string;
    const destination = await api('POST', '/destinations', { name: 'Warehouse', workspaceId, configuration: warehouse });
    expect(destination.status, JSON.stringify(destination.body)).toBe(200);
    const connection = await api('POST', '/connections', {
      sourceId,
      destinationId: destination.body.destinationId,
      configurations: { streams: [{ name: 'customers', syncMode: 'incremental_append' }, { name: 'charges', syncMode: 'full_refresh_overwrite' }] },
      schedule: { scheduleType: 'cron', cronExpression: '0 0 * * * ?' },
    });
    connectionId = connection.body.connectionId as string;
    const ids = { workspaces: workspaceId, sources: sourceId, destinations: destination.body.destinationId as string, connections: connectionId };
    for (const kind of readsOf) reads.set(kind, (await api('GET', `/${kind}/${ids[kind as keyof typeof ids]}`)).body);

    const jobId = (await api('POST', '/jobs', { connectionId, jobType: 'sync' })).body.jobId as number;
    await until('a first committed batch', async () => {
      const { body } = await api('GET', `/jobs/${jobId}`);
      return body.status === 'running' && (body.rowsSynced as number) > 0 ? body : undefined;
    });
    await first.close();

    const atStop = first.job(jobId);
    expect(atStop?.status).toBe('running');
    const rowsAtStop = atStop?.rowsSynced ?? 0;
    expect(rowsAtStop).toBeGreaterThan(0);
    expect(rowsAtStop).toBeLessThan(100);
    // What the warehouse committed is what the saved job says (the overwrite fills its temporary table).
    const tmp = (await tableExists('raw_stripe.charges_airbyte_tmp')) ? await count('raw_stripe.charges_airbyte_tmp') : 0;
    expect((await count('raw_stripe.customers')) + tmp).toBe(rowsAtStop);
    expect(savedJob(jobId)).toMatchObject({ status: 'running', rowsSynced: rowsAtStop });
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, 'utf8')).not.toContain(oldToken);
    interrupted = { jobId, rowsAtStop };
  });

  it('finishes the interrupted sync at once when it fell due while the stand-in was down, every record exactly once', async () => {
    // At believable-times-ten speed the rest of the sync takes minutes; the clock says ten minutes
    // passed while the stand-in was down (tokens live fifteen), so all of it fell due meanwhile.
    const later = new SandboxWorld({ now: () => Date.now() + 10 * 60_000 });
    const catchingUp = await open({ timeScale: 10, world: later });
    const done = await finished(catchingUp, oldToken, interrupted.jobId, 5_000);
    expect(done).toMatchObject({ status: 'succeeded', jobId: interrupted.jobId, rowsSynced: 100 });
    await catchingUp.close();
    expect(await count('raw_stripe.customers')).toBe(40);
    expect(await count('raw_stripe.charges')).toBe(60);
    expect(await count('raw_stripe.customers')).toBe(await sql<{ n: string }>(warehouseUrl, 'SELECT count(DISTINCT id)::text AS n FROM raw_stripe.customers').then((r) => Number(r[0]?.n)));
    expect(await count('raw_stripe.charges', `"_airbyte_meta"->>'sync_id' = '${interrupted.jobId}'`)).toBe(60);
    expect(await tableExists('raw_stripe.charges_airbyte_tmp')).toBe(false);
  });

  it('keeps the client credentials and the token issued before the restart', async () => {
    second = await open();
    expect(second.clientId).toBe(first.clientId);
    expect((await call(second, oldToken, 'GET', '/workspaces')).status).toBe(200);
    const again = await tokenFor(second, first.clientId, first.clientSecret);
    expect(again.status).toBe(200);
    expect((await tokenFor(second, first.clientId, 'not-the-secret')).status).toBe(401);
  });

  it('reads every object as before, secrets still masked', async () => {
    for (const kind of readsOf) {
      const before = reads.get(kind) ?? {};
      const id = Object.values(before)[0] as string;
      expect((await call(second, oldToken, 'GET', `/${kind}/${id}`)).body, kind).toEqual(before);
    }
    expect(reads.get('sources')?.configuration).toMatchObject({ client_secret: '**********' });
    expect(reads.get('destinations')?.configuration).toMatchObject({ password: '**********' });
  });

  it('syncs again into the warehouse with the saved password, adding nothing new incrementally, under a new job id', async () => {
    const created = await call(second, oldToken, 'POST', '/jobs', { connectionId, jobType: 'sync' });
    expect(created.body.jobId).toBe(interrupted.jobId + 1);
    const done = await finished(second, oldToken, created.body.jobId as number);
    expect(done).toMatchObject({ status: 'succeeded', rowsSynced: 60 }); // charges overwritten; no customer past the cursor
    expect(await count('raw_stripe.customers')).toBe(40);
    expect(await count('raw_stripe.charges')).toBe(60);
    expect(await count('raw_stripe.charges', `"_airbyte_meta"->>'sync_id' = '${done.jobId}'`)).toBe(60);
    const jobs = (await call(second, oldToken, 'GET', `/jobs?connectionId=${connectionId}`)).body.data as Json[];
    expect(jobs.map((j) => [j.jobId, j.status])).toEqual([
      [interrupted.jobId, 'succeeded'],
      [interrupted.jobId + 1, 'succeeded'],
    ]);
  });

  it('keeps what was planned: a stalled sync stays stalled until released, the next planned failure strikes, forced check failures hold', async () => {
    const api = (method: string, route: string, body?: unknown) => call(second, oldToken, method, route, body);
    const source = await api('POST', '/sources', { name: 'Faker', workspaceId, configuration: { sourceType: 'faker' } });
    const destination = await api('POST', '/destinations', {
      name: 'Snowflake',
      workspaceId,
      configuration: { destinationType: 'snowflake', host: 'acme-xy12345.snowflakecomputing.com', role: 'R', warehouse: 'W', database: 'RAW', schema: 'FAKER', username: 'U', credentials: { auth_type: 'Username and Password', password: 'pw' } },
    });
    const id = (await api('POST', '/connections', { sourceId: source.body.sourceId, destinationId: destination.body.destinationId })).body.connectionId as string;
    second.planNextSync(id, { outcome: 'stall' });
    const stalled = (await api('POST', '/jobs', { connectionId: id, jobType: 'sync' })).body.jobId as number;
    await until('the stalled job to run', async () => ((await api('GET', `/jobs/${stalled}`)).body.status === 'running' ? true : undefined));
    const plan = await request(`${second.url}/__sandbox/airbyte/connections/${id}/next-sync`, oldToken, 'PUT', { outcome: 'fail', message: 'Faker API returned 503', failureType: 'transient_error' });
    expect(plan.status).toBe(204);
    second.forceCheckFailure({ failure: 'auth', sourceType: 'faker', times: 2 });
    await second.close();

    second = await open();
    await new Promise((r) => setTimeout(r, 700)); // an unstalled sync of this size would be over by now
    expect((await call(second, oldToken, 'GET', `/jobs/${stalled}`)).body).toMatchObject({ status: 'running', rowsSynced: 0 });
    expect(second.resumeJob(stalled)).toBe(true);
    expect(await finished(second, oldToken, stalled)).toMatchObject({ status: 'succeeded', rowsSynced: 55 });
    const failing = await finished(second, oldToken, (await call(second, oldToken, 'POST', '/jobs', { connectionId: id, jobType: 'sync' })).body.jobId as number);
    expect(failing.status).toBe('failed');
    const detail = await request(`${second.url}/api/v1/jobs/get_without_logs`, oldToken, 'POST', { id: failing.jobId });
    expect(detail.body.attempts[0].attempt.failureSummary.failures[0]).toMatchObject({ failureOrigin: 'source', failureType: 'transient_error', externalMessage: 'Faker API returned 503' });
    const checks = await request(`${second.url}/__sandbox/airbyte/checks`, oldToken, 'GET');
    expect(checks.body.rules).toEqual([{ failure: 'auth', sourceType: 'faker', times: 2 }]);
  });

  it('writes nothing twice when the saved state lags behind the warehouse', async () => {
    const api = (method: string, route: string, body?: unknown) => call(second, oldToken, method, route, body);
    const destination = await api('POST', '/destinations', { name: 'Second warehouse', workspaceId, configuration: { ...warehouse, schema: 'raw_lag' } });
    const connection = await api('POST', '/connections', { sourceId, destinationId: destination.body.destinationId, configurations: { streams: [{ name: 'customers', syncMode: 'incremental_append' }] } });
    const jobId = (await api('POST', '/jobs', { connectionId: connection.body.connectionId, jobType: 'sync' })).body.jobId as number;
    // The job is saved before its first row is written: keep that state, as a crash would leave it.
    const stale = await until('the job saved before its first write', () => {
      const text = readFileSync(file, 'utf8');
      return savedJob(jobId)?.progress?.workStartedAt !== undefined ? text : undefined;
    });
    await until('two committed batches', async () => ((await api('GET', `/jobs/${jobId}`)).body.rowsSynced >= 20 ? true : undefined));
    await second.close();
    const committed = await count('raw_lag.customers');
    expect(committed).toBeGreaterThanOrEqual(20);
    writeFileSync(file, stale);

    const third = await open();
    const done = await finished(third, oldToken, jobId);
    expect(done).toMatchObject({ status: 'succeeded', rowsSynced: 40 });
    expect(await count('raw_lag.customers')).toBe(40);
    const distinct = await sql<{ n: string }>(warehouseUrl, 'SELECT count(DISTINCT id)::text AS n FROM raw_lag.customers');
    expect(Number(distinct[0]?.n)).toBe(40);
    // The incremental state was rebuilt from what the warehouse held: a re-sync adds nothing.
    const resync = await finished(third, oldToken, (await call(third, oldToken, 'POST', '/jobs', { connectionId: connection.body.connectionId, jobType: 'sync' })).body.jobId as number);
    expect(resync).toMatchObject({ status: 'succeeded', rowsSynced: 0 });
    expect(await count('raw_lag.customers')).toBe(40);
  });
});

describe('an Airbyte state file this version cannot read', () => {
  it('is set aside and the stand-in starts empty instead of refusing to start or overwriting it', async () => {
    const own = mkdtempSync(path.join(os.tmpdir(), 'airbyte-unreadable-'));
    const unreadable = path.join(own, 'airbyte.json');
    try {
      writeFileSync(unreadable, JSON.stringify({ format: 2, savedAt: new Date().toISOString(), state: { json: 'not a snapshot' } }));
      const standIn = await startAirbyteStandIn({ stateFile: unreadable, timeScale: TIME_SCALE });
      try {
        const token = await request(`${standIn.apiUrl}/applications/token`, undefined, 'POST', {
          client_id: standIn.clientId,
          client_secret: standIn.clientSecret,
        });
        const workspaces = await request(`${standIn.apiUrl}/workspaces`, token.body.access_token as string, 'GET');
        expect(workspaces.body.data).toEqual([]);
      } finally {
        await standIn.close();
      }
      expect(readFileSync(`${unreadable}.unreadable`, 'utf8')).toContain('not a snapshot');
    } finally {
      rmSync(own, { recursive: true, force: true });
    }
  });
});
