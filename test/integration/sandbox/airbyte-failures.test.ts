// What goes wrong, on purpose or by mistake, at the Airbyte stand-in: connection tests that fail
// for each reason the product must explain, configurations refused naming the field, malformed
// and mistaken requests answered in Airbyte's shapes (never a 500), fault knobs, and syncs that
// fail, stall or are cancelled.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAirbyteStandIn, type AirbyteStandIn } from '@/infra/local/airbyte';
import { createDatabase } from '../../support/database';
import type { LooseJson } from '../../support/loose-json';

let airbyte: AirbyteStandIn;
let bearer: string;
let workspaceId: string;
let warehouse: Record<string, unknown>;

type Json = LooseJson;

/** Sends a raw body (or none) to the stand-in with the bearer token; returns status and parsed JSON. */
async function send(method: string, path: string, raw?: string): Promise<{ status: number; body: Json }> {
  const res = await fetch(`${airbyte.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${bearer}`, 'content-type': 'application/json' },
    body: raw,
    signal: AbortSignal.timeout(15_000),
  });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as Json) : {} };
}

const api = (method: string, path: string, body?: unknown) => send(method, `/api/public/v1${path}`, body === undefined ? undefined : JSON.stringify(body));
const configApi = (path: string, body: unknown) => send('POST', `/api/v1${path}`, JSON.stringify(body));

const STRIPE = 'e094cb9a-26de-4645-8761-65c0c425d1de';
const POSTGRES_DESTINATION = '25c5221d-dce2-4163-ade9-739ef790f503';
const SNOWFLAKE = '424892c4-daac-4491-b35d-c6688ba547ba';
const stripeConfig = { account_id: 'acct_1', client_secret: 'sk_test_1' };
const snowflakeConfig = {
  destinationType: 'snowflake',
  host: 'acme-xy12345.snowflakecomputing.com',
  role: 'AIRBYTE_ROLE',
  warehouse: 'AIRBYTE_WH',
  database: 'RAW',
  schema: 'STRIPE',
  username: 'AIRBYTE_USER',
  credentials: { auth_type: 'Username and Password', password: 'pw' },
};

beforeAll(async () => {
  airbyte = await startAirbyteStandIn({ timeScale: 0.005, clientId: 'c', clientSecret: 's' });
  const token = await fetch(`${airbyte.apiUrl}/applications/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ client_id: 'c', client_secret: 's', grant_type: 'client_credentials' }),
  });
  bearer = ((await token.json()) as Json).access_token as string;
  workspaceId = (await api('POST', '/workspaces', { name: 'W' })).body.workspaceId as string;
  const url = new URL(await createDatabase({ fromTemplate: false }));
  warehouse = { host: url.hostname, port: Number(url.port), database: url.pathname.slice(1), schema: 'raw', username: url.username, password: decodeURIComponent(url.password) };
});

afterAll(async () => {
  await airbyte?.close();
});

describe('check connection', () => {
  const checkStripe = () => configApi('/scheduler/sources/check_connection', { sourceDefinitionId: STRIPE, workspaceId, connectionConfiguration: stripeConfig });

  it('succeeds for a valid configuration and a reachable warehouse', async () => {
    expect((await checkStripe()).body).toMatchObject({ status: 'succeeded', jobInfo: { configType: 'check_connection_source', succeeded: true } });
    const pg = await configApi('/scheduler/destinations/check_connection', { destinationDefinitionId: POSTGRES_DESTINATION, workspaceId, connectionConfiguration: warehouse });
    expect(pg.body).toMatchObject({ status: 'succeeded' });
  });

  it('really tries the warehouse: a wrong password fails with PostgreSQL’s own error', async () => {
    const res = await configApi('/scheduler/destinations/check_connection', {
      destinationDefinitionId: POSTGRES_DESTINATION,
      workspaceId,
      connectionConfiguration: { ...warehouse, password: 'wrong' },
    });
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('failed');
    expect(res.body.message).toMatch(/State code: 28P01.*password authentication failed for user "postgres"/);
  });

  it('fails an invalid configuration naming the field, as the connector’s spec check does', async () => {
    const res = await configApi('/scheduler/sources/check_connection', { sourceDefinitionId: STRIPE, workspaceId, connectionConfiguration: { client_secret: 'x' } });
    expect(res.body).toMatchObject({ status: 'failed', message: "Config validation error: $: required property 'account_id' not found" });
  });

  it.each([
    ['dns', /Failed to resolve 'api.stripe.com'/],
    ['tls', /CERTIFICATE_VERIFY_FAILED/],
    ['auth', /401 Client Error: Unauthorized/],
    ['permission', /403 Client Error: Forbidden/],
  ])('fails with a %s failure when one is forced', async (failure, message) => {
    const forced = await send('PUT', '/__sandbox/airbyte/checks', JSON.stringify({ failure, sourceType: 'stripe', times: 1 }));
    expect(forced.status).toBe(200);
    const res = await checkStripe();
    expect(res.body.status).toBe('failed');
    expect(res.body.message).toMatch(message);
    expect((await checkStripe()).body.status).toBe('succeeded');
  });

  it('times out as a failed check job, after the delay asked for', async () => {
    airbyte.forceCheckFailure({ failure: 'timeout', destinationType: 'snowflake', times: 1, delayMs: 20_000 });
    const started = Date.now();
    const res = await configApi('/scheduler/destinations/check_connection', { destinationDefinitionId: SNOWFLAKE, workspaceId, connectionConfiguration: snowflakeConfig });
    expect(Date.now() - started).toBeGreaterThanOrEqual(90); // 20 s scaled by 0.005
    expect(res.body).toMatchObject({ status: 'failed', jobInfo: { succeeded: false, failureReason: { failureOrigin: 'destination' } } });
    expect(res.body.message).toMatch(/Connect timed out/);
  });

  it('answers unknown definitions and missing fields as the configuration API does', async () => {
    const unknown = await configApi('/scheduler/sources/check_connection', { sourceDefinitionId: '00000000-0000-0000-0000-000000000000', workspaceId, connectionConfiguration: {} });
    expect(unknown.status).toBe(404);
    expect(Object.keys(unknown.body)).toEqual(['errorId']);
    const missing = await configApi('/scheduler/sources/check_connection', { workspaceId });
    expect(missing.status).toBe(400);
  });
});

describe('configurations', () => {
  it('refuses an invalid configuration with Airbyte’s 422 naming each field', async () => {
    const res = await api('POST', '/destinations', { name: 'pg', workspaceId, configuration: { ...warehouse, destinationType: 'postgres', port: 'five', ssl_mode: { mode: 'verify-ca' } } });
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({ status: 422, title: 'unprocessable-entity', type: 'https://reference.airbyte.com/reference/errors#unprocessable-entity' });
    expect(res.body.data.message).toContain('$.port: string found, integer expected');
    expect(res.body.data.message).toContain("$.ssl_mode: required property 'ca_certificate' not found");
  });

  it('refuses an unknown or missing connector type', async () => {
    const unknown = await api('POST', '/sources', { name: 's', workspaceId, configuration: { sourceType: 'not-a-connector' } });
    expect(unknown).toMatchObject({ status: 400, body: { title: 'value-not-found', data: { value: 'not-a-connector' } } });
    const missing = await api('POST', '/sources', { name: 's', workspaceId, configuration: stripeConfig });
    expect(missing).toMatchObject({ status: 422, body: { title: 'unprocessable-entity' } });
  });

  it('validates a patch merged with what is stored', async () => {
    const created = await api('POST', '/sources', { name: 's', workspaceId, configuration: { sourceType: 'stripe', ...stripeConfig } });
    const id = created.body.sourceId as string;
    const bad = await api('PATCH', `/sources/${id}`, { configuration: { num_workers: 99 } });
    expect(bad.status).toBe(422);
    expect(bad.body.data.message).toContain('$.num_workers: must have a maximum value of 20');
    const good = await api('PATCH', `/sources/${id}`, { configuration: { num_workers: 4 } });
    expect(good.body.configuration).toEqual({ account_id: 'acct_1', client_secret: '**********', num_workers: 4 });
  });
});

describe('bad input', () => {
  it('answers malformed JSON, unmappable bodies and missing bodies without a 500', async () => {
    const malformed = await send('POST', '/api/public/v1/workspaces', '{"name":');
    expect(malformed.status).toBe(422);
    expect(Object.keys(malformed.body)).toEqual(['errorId']);
    expect((await api('POST', '/sources', { name: 's', workspaceId: 42, configuration: {} })).status).toBe(422);
    expect((await api('POST', '/sources', { name: 's', workspaceId, configuration: 'text' })).status).toBe(422);
    expect((await send('POST', '/api/public/v1/workspaces', JSON.stringify([1]))).status).toBe(422);
    const empty = await send('POST', '/api/public/v1/jobs');
    expect(empty.status).toBe(400);
    expect(empty.body._embedded.errors[0].message).toBe('Required Body [jobCreateRequest] not specified');
  });

  it('answers unknown ids with 404 problems and malformed ids with 400', async () => {
    const unknown = await api('GET', '/connections/6f0b4fd4-5a4e-4c62-9d2c-5f1e0a7f3c11');
    expect(unknown.status).toBe(404);
    expect(unknown.body).toMatchObject({ title: 'resource-not-found', data: { resourceId: '6f0b4fd4-5a4e-4c62-9d2c-5f1e0a7f3c11' } });
    expect((await api('GET', '/sources/not-a-uuid')).status).toBe(400);
    expect((await api('GET', '/sources/%E0%A4%A')).status).toBe(400);
    expect((await api('GET', '/jobs/abc')).status).toBe(400);
    expect((await api('GET', '/jobs/999999')).status).toBe(404);
    const job = await api('POST', '/jobs', { connectionId: '6f0b4fd4-5a4e-4c62-9d2c-5f1e0a7f3c11', jobType: 'sync' });
    expect(job.body).toMatchObject({ status: 404, title: 'resource-not-found' });
  });

  it('answers wrong query values, unknown paths and wrong methods the way the server’s framework does', async () => {
    expect((await api('GET', '/sources?limit=0')).status).toBe(400);
    expect((await api('GET', '/sources?limit=abc')).status).toBe(400);
    expect((await api('GET', '/streams')).body._embedded.errors[0].message).toBe('Required QueryValue [sourceId] not specified');
    expect((await api('GET', '/nothing-here')).status).toBe(404);
    expect((await api('PUT', '/jobs')).status).toBe(405);
  });

  it('never answers junk with a 500', async () => {
    const id = '6f0b4fd4-5a4e-4c62-9d2c-5f1e0a7f3c11';
    const routes = [
      ['POST', '/api/public/v1/applications/token'],
      ['POST', '/api/public/v1/workspaces'],
      ['PATCH', `/api/public/v1/workspaces/${workspaceId}`],
      ['POST', '/api/public/v1/sources'],
      ['POST', '/api/public/v1/destinations'],
      ['PUT', `/api/public/v1/sources/${id}`],
      ['POST', '/api/public/v1/connections'],
      ['POST', '/api/public/v1/jobs'],
      ['POST', '/api/v1/scheduler/sources/check_connection'],
      ['POST', '/api/v1/scheduler/destinations/check_connection'],
      ['POST', '/api/v1/sources/check_connection'],
      ['POST', '/api/v1/jobs/get'],
    ];
    const junk = ['null', '[]', '"text"', '{}', '{"name":{"a":1},"workspaceId":[],"configuration":7,"connectionId":true,"jobType":"SYNC","id":"x"}', '{"configurations":{"streams":[null,{"name":1,"syncMode":"nope"}]},"schedule":"daily"}', '\u0000'];
    for (const [method, path] of routes) {
      for (const body of junk) {
        const res = await send(method!, path!, body);
        expect(res.status, `${method} ${path} ${body}`).toBeLessThan(500);
      }
    }
  });

  it('ignores unknown fields, as Jackson is configured to', async () => {
    const res = await api('POST', '/workspaces', { name: 'Extra', surprise: true });
    expect(res.status).toBe(200);
    expect(res.body).not.toHaveProperty('surprise');
  });

  it('checks schedules and stream configurations with Airbyte’s messages', async () => {
    const source = (await api('POST', '/sources', { name: 'pg-src', workspaceId, configuration: { sourceType: 'postgres', ...warehouse } })).body.sourceId as string;
    const destination = (await api('POST', '/destinations', { name: 'sf', workspaceId, configuration: snowflakeConfig })).body.destinationId as string;
    const base = { sourceId: source, destinationId: destination };
    const everySecond = await api('POST', '/connections', { ...base, schedule: { scheduleType: 'cron', cronExpression: '* * * * * ?' } });
    expect(everySecond.body.data.message).toMatch(/seconds and minutes values cannot be `\*`/);
    const noCursor = await api('POST', '/connections', { ...base, configurations: { streams: [{ name: 'orders', syncMode: 'incremental_append' }] } });
    expect(noCursor.body.data.message).toBe('No default cursor field for stream: orders. Please include a cursor field configuration for this stream.');
    const noStream = await api('POST', '/connections', { ...base, configurations: { streams: [{ name: 'invoices' }] } });
    expect(noStream.body).toMatchObject({ status: 400, title: 'bad-request' });
    const ok = await api('POST', '/connections', { ...base, configurations: { streams: [{ name: 'orders', syncMode: 'incremental_append', cursorField: ['updated_at'] }] } });
    expect(ok.body.configurations.streams[0]).toMatchObject({ name: 'orders', cursorField: ['updated_at'], primaryKey: [['id']] });
  });
});

describe('fault knobs', () => {
  it('throttles with a 429 and fails with a 5xx in Airbyte’s shapes', async () => {
    airbyte.faults.addRule({ kind: 'throttle', operation: 'listWorkspaces', times: 1 });
    const throttled = await api('GET', '/workspaces');
    expect(throttled).toEqual({ status: 429, body: { message: 'You are being rate limited.' } });
    airbyte.faults.addRule({ kind: 'server-error', operation: 'listWorkspaces', status: 503, times: 1 });
    const failed = await api('GET', '/workspaces');
    expect(failed).toMatchObject({ status: 503, body: { status: 503, title: 'service-unavailable' } });
    expect((await api('GET', '/workspaces')).status).toBe(200);
    expect(airbyte.log.count('listWorkspaces')).toBeGreaterThanOrEqual(3);
  });
});

describe('syncs that go wrong', () => {
  let connectionId: string;

  beforeAll(async () => {
    const source = (await api('POST', '/sources', { name: 'faker', workspaceId, configuration: { sourceType: 'faker' } })).body.sourceId as string;
    const destination = (await api('POST', '/destinations', { name: 'sf2', workspaceId, configuration: snowflakeConfig })).body.destinationId as string;
    connectionId = (await api('POST', '/connections', { sourceId: source, destinationId: destination })).body.connectionId as string;
  });

  async function settle(jobId: number): Promise<Json> {
    const deadline = Date.now() + 10_000;
    for (;;) {
      const job = (await api('GET', `/jobs/${jobId}`)).body;
      if (['succeeded', 'failed', 'cancelled'].includes(job.status as string) || Date.now() > deadline) return job;
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  it('fails the next sync with the planned reason, then recovers', async () => {
    const planned = await send('PUT', `/__sandbox/airbyte/connections/${connectionId}/next-sync`, JSON.stringify({ outcome: 'fail', message: 'Stripe API returned 500', failureType: 'transient_error' }));
    expect(planned.status).toBe(204);
    const failed = await settle((await api('POST', '/jobs', { connectionId, jobType: 'sync' })).body.jobId as number);
    expect(failed.status).toBe('failed');
    const detail = await configApi('/jobs/get', { id: failed.jobId });
    expect(detail.body.job).toMatchObject({ id: failed.jobId, configType: 'sync', status: 'failed' });
    expect(detail.body.attempts[0].attempt.failureSummary.failures[0]).toMatchObject({
      failureOrigin: 'source',
      failureType: 'transient_error',
      externalMessage: 'Stripe API returned 500',
      retryable: true,
    });
    expect(detail.body.attempts[0].logs.logLines.join('\n')).toContain('source > ERROR Stripe API returned 500');
    expect((await settle((await api('POST', '/jobs', { connectionId, jobType: 'sync' })).body.jobId as number)).status).toBe('succeeded');
  });

  it('stalls a sync with no progress until it is cancelled; cancelling it again is a conflict', async () => {
    airbyte.planNextSync(connectionId, { outcome: 'stall' });
    const jobId = (await api('POST', '/jobs', { connectionId, jobType: 'sync' })).body.jobId as number;
    const deadline = Date.now() + 5_000;
    while ((await api('GET', `/jobs/${jobId}`)).body.status !== 'running' && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    const first = (await api('GET', `/jobs/${jobId}`)).body;
    await new Promise((r) => setTimeout(r, 200)); // a whole unstalled sync would be over by now
    const later = (await api('GET', `/jobs/${jobId}`)).body;
    expect(later).toMatchObject({ status: 'running', rowsSynced: 0 });
    expect(later.duration).toBe(first.duration);
    const cancelled = await api('DELETE', `/jobs/${jobId}`);
    expect(cancelled.body).toMatchObject({ status: 'cancelled', jobId });
    const again = await api('DELETE', `/jobs/${jobId}`);
    expect(again.body).toMatchObject({ status: 409, title: 'state-conflict', data: { message: 'Job is not currently running' } });
  });

  it('resumes a stalled sync on request', async () => {
    airbyte.planNextSync(connectionId, { outcome: 'stall' });
    const jobId = (await api('POST', '/jobs', { connectionId, jobType: 'sync' })).body.jobId as number;
    const deadline = Date.now() + 5_000;
    while (!airbyte.resumeJob(jobId) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    expect((await settle(jobId)).status).toBe('succeeded');
  });

  it('refuses to sync an inactive connection, and a token revoked is a 401', async () => {
    await api('PATCH', `/connections/${connectionId}`, { status: 'inactive' });
    const res = await api('POST', '/jobs', { connectionId, jobType: 'sync' });
    expect(res.body).toMatchObject({ status: 409, title: 'state-conflict' });
    expect((await send('DELETE', '/__sandbox/airbyte/tokens')).status).toBe(204);
    expect((await api('GET', '/workspaces')).status).toBe(401);
  });
});
