// The Airbyte stand-in driven over HTTP with plain fetch, as Tapestry's Airbyte client will drive
// the real one: token → workspace → Stripe source + Postgres warehouse → connection → streams →
// sync polled to the end, with the warehouse's rows counted against what the job reports.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAirbyteStandIn, type AirbyteStandIn } from '@/infra/local/airbyte';
import { SandboxWorld } from '@/infra/local/core/world';
import { createDatabase, sql } from '../../support/database';
import type { LooseJson } from '../../support/loose-json';

let airbyte: AirbyteStandIn;
let world: SandboxWorld;
let token: string;
let warehouseUrl: string;
let warehouse: Record<string, unknown>;
let workspaceId: string;

type Json = LooseJson;

async function call(method: string, path: string, body?: unknown, auth = true): Promise<{ status: number; body: Json }> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (auth) headers.authorization = `Bearer ${token}`;
  const res = await fetch(`${airbyte.apiUrl}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), signal: AbortSignal.timeout(10_000) });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as Json) : {} };
}

async function waitForJob(jobId: number, done: (job: Json) => boolean = (j) => ['succeeded', 'failed', 'cancelled'].includes(j.status as string)): Promise<Json> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const { body } = await call('GET', `/jobs/${jobId}`);
    if (done(body)) return body;
    if (Date.now() > deadline) throw new Error(`job ${jobId} still ${String(body.status)}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function count(table: string): Promise<number> {
  const rows = await sql<{ n: string }>(warehouseUrl, `SELECT count(*)::text AS n FROM ${table}`);
  return Number(rows[0]?.n);
}

const stripeConfig = { sourceType: 'stripe', account_id: 'acct_1Sandbox', client_secret: 'sk_test_very_secret', start_date: '2025-01-01T00:00:00Z' };

async function createSource(config: Json = stripeConfig, name = 'Stripe'): Promise<string> {
  const res = await call('POST', '/sources', { name, workspaceId, configuration: config });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body.sourceId as string;
}

async function createWarehouse(name = 'Warehouse'): Promise<string> {
  const res = await call('POST', '/destinations', { name, workspaceId, configuration: warehouse });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body.destinationId as string;
}

beforeAll(async () => {
  world = new SandboxWorld();
  airbyte = await startAirbyteStandIn({ world, timeScale: 0.005, clientId: 'tapestry', clientSecret: 'sandbox-secret' });
  warehouseUrl = await createDatabase({ fromTemplate: false });
  const url = new URL(warehouseUrl);
  warehouse = {
    destinationType: 'postgres',
    host: url.hostname,
    port: Number(url.port),
    database: url.pathname.slice(1),
    schema: 'raw_stripe',
    username: decodeURIComponent(url.username),
    password: decodeURIComponent(url.password),
    ssl_mode: { mode: 'disable' },
    tunnel_method: { tunnel_method: 'NO_TUNNEL' },
  };
  const res = await call('POST', '/applications/token', { client_id: 'tapestry', client_secret: 'sandbox-secret', grant_type: 'client_credentials' }, false);
  expect(res.status).toBe(200);
  expect(res.body).toMatchObject({ token_type: 'Bearer', expires_in: 900 });
  token = res.body.access_token as string;
  workspaceId = (await call('POST', '/workspaces', { name: 'Tapestry' })).body.workspaceId as string;
});

afterAll(async () => {
  await airbyte?.close();
});

describe('application token', () => {
  it('refuses wrong client credentials and calls without a live bearer token, in Airbyte shapes', async () => {
    const wrong = await call('POST', '/applications/token', { client_id: 'tapestry', client_secret: 'nope', grant_type: 'client_credentials' }, false);
    expect(wrong.status).toBe(401);
    expect(Object.keys(wrong.body)).toEqual(['errorId']);
    const anonymous = await call('GET', '/workspaces', undefined, false);
    expect(anonymous.status).toBe(401);
    expect(anonymous.body).toMatchObject({ status: 401, title: 'invalid-api-key', type: 'https://reference.airbyte.com/reference/errors#invalid-api-key' });
    const form = await fetch(`${airbyte.apiUrl}/applications/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'client_id=tapestry&client_secret=sandbox-secret&grant_type=client_credentials',
    });
    expect(form.status).toBe(200);
  });
});

describe('a Stripe → Postgres sync', () => {
  let sourceId: string;
  let destinationId: string;
  let connectionId: string;

  it('masks secrets on every read', async () => {
    sourceId = await createSource();
    destinationId = await createWarehouse();
    const source = await call('GET', `/sources/${sourceId}`);
    expect(source.body).toMatchObject({ sourceType: 'stripe', definitionId: 'e094cb9a-26de-4645-8761-65c0c425d1de', configuration: { account_id: 'acct_1Sandbox', client_secret: '**********' } });
    expect(source.body.configuration).not.toHaveProperty('sourceType');
    const listed = await call('GET', `/destinations?workspaceIds=${workspaceId}`);
    expect(listed.body.data[0].configuration).toMatchObject({ password: '**********', host: warehouse.host });
    // Sending the mask back keeps the stored secret (the sync below still logs in with it).
    const patched = await call('PATCH', `/destinations/${destinationId}`, { configuration: { password: '**********', port: warehouse.port } });
    expect(patched.status).toBe(200);
    expect(JSON.stringify(airbyte.log.list())).not.toContain('sk_test_very_secret');
  });

  it('lists the streams Stripe offers with the sync modes the warehouse allows', async () => {
    const res = await call('GET', `/streams?sourceId=${sourceId}&destinationId=${destinationId}`);
    expect(res.status).toBe(200);
    const customers = (res.body as unknown as Json[]).find((s) => s.streamName === 'customers');
    expect(customers).toMatchObject({
      syncModes: ['full_refresh_append', 'full_refresh_overwrite', 'incremental_append', 'incremental_deduped_history'],
      defaultCursorField: ['updated'],
      sourceDefinedCursorField: true,
      sourceDefinedPrimaryKey: [['id']],
    });
    expect(customers?.propertyFields).toContainEqual(['email']);
    const withoutDestination = await call('GET', `/streams?sourceId=${sourceId}`);
    expect((withoutDestination.body as unknown as Json[])[0]).not.toHaveProperty('syncModes');
  });

  it('syncs into real tables holding exactly the rows the job reports, and refuses a second sync meanwhile', async () => {
    const created = await call('POST', '/connections', {
      sourceId,
      destinationId,
      name: 'Stripe to warehouse',
      configurations: { streams: [{ name: 'customers', syncMode: 'incremental_append' }, { name: 'charges', syncMode: 'full_refresh_overwrite' }] },
      schedule: { scheduleType: 'cron', cronExpression: '0 0 * * * ?' },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(200);
    expect(created.body.schedule).toEqual({ scheduleType: 'cron', cronExpression: '0 0 * * * ? UTC' });
    connectionId = created.body.connectionId as string;

    const job = await call('POST', '/jobs', { connectionId, jobType: 'sync' });
    expect(job.status).toBe(200);
    expect(job.body).toMatchObject({ status: 'pending', jobType: 'sync', connectionId });
    const again = await call('POST', '/jobs', { connectionId, jobType: 'sync' });
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ title: 'try-again-later', data: { message: `A sync is already running for: ${connectionId}` } });

    const done = await waitForJob(job.body.jobId as number);
    expect(done).toMatchObject({ status: 'succeeded' });
    expect(done.duration).toMatch(/^PT(\d+H)?(\d+M)?(\d+S)?$/);
    expect(done.lastUpdatedAt).toBeTypeOf('string');
    const customers = await count('raw_stripe.customers');
    const charges = await count('raw_stripe.charges');
    expect(customers).toBeGreaterThan(0);
    expect(customers + charges).toBe(done.rowsSynced);
    expect(done.bytesSynced).toBeGreaterThan(done.rowsSynced as number);
    const columns = await sql<{ column_name: string; data_type: string }>(
      warehouseUrl,
      `SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = 'raw_stripe' AND table_name = 'customers' ORDER BY ordinal_position`,
    );
    expect(columns.slice(0, 4).map((c) => c.column_name)).toEqual(['_airbyte_raw_id', '_airbyte_extracted_at', '_airbyte_meta', '_airbyte_generation_id']);
    expect(columns).toContainEqual({ column_name: 'email', data_type: 'character varying' });
    expect(columns).toContainEqual({ column_name: 'updated', data_type: 'bigint' });
  });

  it('adds nothing on an unchanged incremental re-sync, replaces the overwritten stream, and picks up only new records', async () => {
    const charges = await count('raw_stripe.charges');
    const customers = await count('raw_stripe.customers');
    const second = await waitForJob((await call('POST', '/jobs', { connectionId, jobType: 'sync' })).body.jobId as number);
    expect(second.status).toBe('succeeded');
    expect(second.rowsSynced).toBe(charges);
    expect(await count('raw_stripe.customers')).toBe(customers);
    expect(await count('raw_stripe.charges')).toBe(charges);

    airbyte.addSourceRecords(sourceId, { stream: 'customers', count: 3 });
    const third = await waitForJob((await call('POST', '/jobs', { connectionId, jobType: 'sync' })).body.jobId as number);
    expect(third.rowsSynced).toBe(charges + 3);
    expect(await count('raw_stripe.customers')).toBe(customers + 3);
    const generations = await sql<{ g: string }>(warehouseUrl, 'SELECT DISTINCT _airbyte_generation_id::text AS g FROM raw_stripe.charges');
    expect(generations).toEqual([{ g: '3' }]);
  });

  it('keeps its busy time on the Airbyte host in the sandbox world', () => {
    const activities = world.activitiesOn('airbyte', 0, Date.now() + 1000);
    expect(activities.length).toBeGreaterThanOrEqual(3);
    expect(activities.every((a) => a.label === 'sync Stripe to warehouse' && a.end !== undefined)).toBe(true);
  });

  it('lists jobs by connection, newest first on request, with pagination links', async () => {
    const res = await call('GET', `/jobs?connectionId=${connectionId}&limit=2&orderBy=createdAt|DESC`);
    expect(res.status).toBe(200);
    expect(res.body.data).toHaveLength(2);
    expect((res.body.data[0].jobId as number) > (res.body.data[1].jobId as number)).toBe(true);
    expect(res.body.next).toBe(`${airbyte.apiUrl}/jobs?connectionId=${connectionId}&limit=2&offset=2`);
    expect(res.body.previous).toBe('');
  });
});

describe('overlapping people across sources', () => {
  it('lands Salesforce contacts whose emails match Stripe customers once lowercased', async () => {
    const salesforce = await createSource({ sourceType: 'salesforce', client_id: 'id', client_secret: 'secret', refresh_token: 'refresh' }, 'Salesforce');
    const destinationId = await createWarehouse('Warehouse for CRM');
    await call('PATCH', `/destinations/${destinationId}`, { configuration: { schema: 'raw_salesforce' } });
    const connection = await call('POST', '/connections', { sourceId: salesforce, destinationId, configurations: { streams: [{ name: 'Contact' }] } });
    expect(connection.body.name).toBe('Salesforce <> Warehouse for CRM');
    const job = await waitForJob((await call('POST', '/jobs', { connectionId: connection.body.connectionId, jobType: 'sync' })).body.jobId as number);
    expect(job.status).toBe('succeeded');
    const shared = await sql<{ n: string }>(
      warehouseUrl,
      'SELECT count(*)::text AS n FROM raw_salesforce."Contact" c JOIN raw_stripe.customers s ON lower(c."Email") = lower(s.email)',
    );
    expect(Number(shared[0]?.n)).toBeGreaterThan(5);
  });
});
