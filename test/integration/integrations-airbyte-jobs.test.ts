// airbyteJobs against the Airbyte stand-in, syncing a Stripe source into a real PostgreSQL
// warehouse: two concurrent starts on one connection make one job (the second attaches through
// the 409, REL-5), the job reaches `succeeded` with the rows and bytes that landed, a stalled job
// is cancelled (and cancelling it again is fine), reads are retried through throttling and 5xx
// while a start is not, and a persistent failure ends in an IntegrationError.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startAirbyteStandIn, type AirbyteStandIn } from '@/infra/local/airbyte';
import { airbyteJobs, airbyteProvisioner, createAirbyteClient, type AirbyteJob, type AirbyteJobs, type AirbyteProvisioner } from '@/lib/integrations/airbyte';
import type { IntegrationError } from '@/lib/integrations/errors';
import { failureOf } from '../support/integration-results';
import { createDatabase, sql } from '../support/database';
import { until } from '../support/until';

let airbyte: AirbyteStandIn;
let jobs: AirbyteJobs;
let provisioner: AirbyteProvisioner;
let warehouseUrl: string;
let workspaceId: string;
let sourceId: string;
let destinationId: string;
let connectionId: string;
let mark = 0;

const markLog = () => {
  mark = airbyte.log.list().at(-1)?.seq ?? 0;
};
const statuses = (operation: string) => airbyte.log.list({ operation, after: mark }).map((e) => e.status);

function finished(jobId: number): Promise<AirbyteJob> {
  return until(`job ${jobId} to end`, async () => {
    const job = await jobs.getJob(jobId);
    return ['succeeded', 'failed', 'cancelled'].includes(job.status) ? job : undefined;
  });
}


async function connection(name: string, status: 'active' | 'inactive' = 'active'): Promise<string> {
  const input = { workspaceId, name, sourceId, destinationId, schedule: { scheduleType: 'manual' as const }, status, streams: [{ name: 'customers', syncMode: 'full_refresh_overwrite' }] };
  return (await provisioner.ensureConnection(input)).connectionId;
}

/** The error a call rejected with, checked for the canary in every text it carries (failureOf). */
const rejection = async (work: Promise<unknown>) => failureOf(await work.then(() => ({ ok: true as const }), (error: IntegrationError) => ({ ok: false as const, error })), airbyte.clientSecret);

beforeAll(async () => {
  airbyte = await startAirbyteStandIn({ timeScale: 0.005 });
  const client = createAirbyteClient({ baseUrl: airbyte.url, clientId: airbyte.clientId, clientSecret: airbyte.clientSecret });
  jobs = airbyteJobs(client);
  provisioner = airbyteProvisioner(client);
  warehouseUrl = await createDatabase({ fromTemplate: false });
  workspaceId = (await provisioner.ensureWorkspace('tapestry-jobs')).workspaceId;
  sourceId = (await provisioner.ensureSource({ workspaceId, name: 'stripe', configuration: { sourceType: 'stripe', account_id: 'acct_1', client_secret: 'sk_test_jobs', start_date: '2025-01-01T00:00:00Z' } })).sourceId;
  const { hostname: host, port, pathname, username, password } = new URL(warehouseUrl);
  const login = { username: decodeURIComponent(username), password: decodeURIComponent(password) };
  const warehouse = { destinationType: 'postgres', host, port: Number(port), database: pathname.slice(1), schema: 'raw_stripe', ...login, ssl_mode: { mode: 'disable' }, tunnel_method: { tunnel_method: 'NO_TUNNEL' } };
  destinationId = (await provisioner.ensureDestination({ workspaceId, name: 'warehouse', configuration: warehouse })).destinationId;
  connectionId = await connection('stripe → warehouse');
});

afterAll(async () => {
  await airbyte?.close();
});

beforeEach(() => {
  airbyte.faults.clear();
  markLog();
});

describe('a sync', () => {
  let jobId: number;

  it('started twice at once is one job: the second attaches to the first through the 409', async () => {
    const [a, b] = await Promise.all([jobs.startSync(connectionId), jobs.startSync(connectionId)]);
    expect(a.jobId).toBe(b.jobId);
    expect([a.attached, b.attached].sort()).toEqual([false, true]);
    expect(statuses('createJob').sort()).toEqual([200, 409]);
    jobId = a.jobId;
  });

  it('reaches succeeded with the rows and bytes that landed in the warehouse', async () => {
    const job = await finished(jobId);
    expect(job).toMatchObject({ jobId, status: 'succeeded', startTime: expect.any(String), lastUpdatedAt: expect.any(String), duration: expect.stringMatching(/^PT/) });
    const rows = await sql<{ n: number }>(warehouseUrl, 'SELECT count(*)::int AS n FROM raw_stripe.customers');
    expect(job.rowsSynced).toBeGreaterThan(0);
    expect(job.rowsSynced).toBe(rows[0]?.n);
    expect(job.bytesSynced).toBeGreaterThan(job.rowsSynced);
  });

  it('is listed first among the connection’s recent jobs', async () => {
    const second = await jobs.startSync(connectionId);
    expect(second.attached).toBe(false);
    await finished(second.jobId);
    const recent = await jobs.recentJobs(connectionId, 5);
    expect(recent.map((j) => [j.jobId, j.status])).toEqual([
      [second.jobId, 'succeeded'],
      [jobId, 'succeeded'],
    ]);
    expect(recent[0]?.startTime).toEqual(expect.any(String));
  });
});

describe('cancel', () => {
  it('cancels a running (stalled) job; a second cancel of the ended job is fine', async () => {
    airbyte.planNextSync(connectionId, { outcome: 'stall' });
    const { jobId } = await jobs.startSync(connectionId);
    await until('the job to run', async () => ((await jobs.getJob(jobId)).status === 'running' ? true : undefined));
    await jobs.cancelJob(jobId);
    expect((await finished(jobId)).status).toBe('cancelled');
    await jobs.cancelJob(jobId);
    expect(statuses('cancelJob')).toEqual([200, 409]);
  });

  it('an unknown job is not_found', async () => {
    expect(await rejection(jobs.getJob(987654))).toMatchObject({ failureClass: 'not_found', step: 'sync' });
    expect(await rejection(jobs.cancelJob(987654))).toMatchObject({ failureClass: 'not_found' });
  });
});

describe('throttling and failures', () => {
  it('retries a throttled or failing read and succeeds', async () => {
    airbyte.faults.addRule({ kind: 'throttle', operation: 'getJob', times: 1 });
    airbyte.faults.addRule({ kind: 'server-error', operation: 'getJob', status: 502, times: 1 });
    const [latest] = await jobs.recentJobs(connectionId, 1);
    expect((await jobs.getJob(latest?.jobId ?? 0)).status).toBe('cancelled');
    expect(statuses('getJob')).toEqual([429, 502, 200]);
  });

  it('a persistent 5xx ends in an unavailable error after three attempts', async () => {
    airbyte.faults.addRule({ kind: 'server-error', operation: 'listJobs', status: 503 });
    expect(await rejection(jobs.recentJobs(connectionId, 3))).toMatchObject({ provider: 'airbyte', failureClass: 'unavailable', code: 'HTTP 503', step: 'sync' });
    expect(statuses('listJobs')).toEqual([503, 503, 503]);
  });

  it('a start is not retried on 5xx (it is not idempotent)', async () => {
    airbyte.faults.addRule({ kind: 'server-error', operation: 'createJob', times: 1 });
    expect(await rejection(jobs.startSync(connectionId))).toMatchObject({ failureClass: 'unavailable' });
    expect(statuses('createJob')).toEqual([500]);
  });

  it('a start on an inactive connection fails plainly (409, nothing to attach to)', async () => {
    const paused = await connection('paused', 'inactive');
    const error = await rejection(jobs.startSync(paused));
    expect(error).toMatchObject({ failureClass: 'config', code: 'HTTP 409', step: 'sync' });
    expect(statuses('createJob')).toEqual([409, 409]);
  });
});
