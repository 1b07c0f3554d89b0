// airbyteProvisioner against the Airbyte stand-in over HTTP: every ensure run twice leaves one
// object (the stand-in's request log counts the creates, REL-1), a changed configuration on the
// second run is PATCHed in, concurrent ensures in one process or from two "processes" settle on
// one object, a create whose answer was lost is found by name instead of made again, creates are
// never retried blindly, and deletes are idempotent. The last block checks every request the
// adapter sent against Airbyte's official OpenAPI document when ../shared/specs is present.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startAirbyteStandIn, type AirbyteStandIn } from '@/infra/local/airbyte';
import { airbyteProvisioner, createAirbyteClient, type AirbyteProvisioner } from '@/lib/integrations/airbyte';
import type { IntegrationError } from '@/lib/integrations/errors';
import { failureOf } from '../support/integration-results';
import { loadOpenApi } from '../support/openapi-validator';

const repoRoot = path.resolve(import.meta.dirname, '../..');
const specFile = path.resolve(repoRoot, '../shared/specs/airbyte-public-api.yaml');
const specsPresent = existsSync(specFile);
if (!specsPresent) console.warn(`${specFile} not found: the Airbyte provisioning requests are not checked against the official document`);

const SECRET = 'canary-sk_live_provision-0d1e';
let airbyte: AirbyteStandIn;
let provisioner: AirbyteProvisioner;
let workspaceId: string;

const newProvisioner = () => airbyteProvisioner(createAirbyteClient({ baseUrl: airbyte.url, clientId: airbyte.clientId, clientSecret: airbyte.clientSecret }));
const zoom = () => ({ sourceType: 'zoom', account_id: 'a', client_id: 'c', client_secret: SECRET, authorization_endpoint: 'https://zoom.us/oauth/token' });
const stripe = (overrides: Record<string, unknown> = {}) => ({ sourceType: 'stripe', account_id: 'acct_1', client_secret: SECRET, start_date: '2025-01-01T00:00:00Z', ...overrides });
const warehouse = (schema = 'raw') => ({
  destinationType: 'postgres',
  host: '127.0.0.1',
  port: 5432,
  database: 'warehouse',
  schema,
  username: 'loader',
  password: SECRET,
  ssl_mode: { mode: 'disable' },
  tunnel_method: { tunnel_method: 'NO_TUNNEL' },
});

/** Requests of an operation since the last mark (dropped ones count too, with status 0). */
let mark = 0;
const markLog = () => {
  mark = airbyte.log.list().at(-1)?.seq ?? 0;
};
const calls = (operation: string) => airbyte.log.list({ operation, after: mark });

async function live(kind: 'sources' | 'destinations' | 'connections' | 'workspaces', inWorkspace = true): Promise<{ name: string; [k: string]: unknown }[]> {
  const token = (await (await fetch(`${airbyte.apiUrl}/applications/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ client_id: airbyte.clientId, client_secret: airbyte.clientSecret }) })).json()) as { access_token: string };
  const query = inWorkspace ? `?workspaceIds=${workspaceId}&limit=100` : '?limit=100';
  const res = await fetch(`${airbyte.apiUrl}/${kind}${query}`, { headers: { authorization: `Bearer ${token.access_token}` } });
  return ((await res.json()) as { data: { name: string }[] }).data;
}


/** The error a call rejected with, checked for the canary in every text it carries (failureOf). */
const failure = async (work: Promise<unknown>) => failureOf(await work.then(() => ({ ok: true as const }), (error: IntegrationError) => ({ ok: false as const, error })), SECRET);

beforeAll(async () => {
  airbyte = await startAirbyteStandIn({ timeScale: 0.005, recordBodies: true });
  provisioner = newProvisioner();
  workspaceId = (await provisioner.ensureWorkspace('tapestry-p1')).workspaceId;
});

afterAll(async () => {
  await airbyte?.close();
});

beforeEach(() => {
  airbyte.faults.clear();
});

describe('ensure, run twice', () => {
  it('makes one workspace', async () => {
    markLog();
    const again = await provisioner.ensureWorkspace('tapestry-p1');
    expect(again).toEqual({ workspaceId, created: false });
    const other = await provisioner.ensureWorkspace('tapestry-p2');
    expect(other.created).toBe(true);
    expect(await provisioner.ensureWorkspace('tapestry-p2')).toEqual({ workspaceId: other.workspaceId, created: false });
    expect(calls('createWorkspace')).toHaveLength(1);
    expect((await live('workspaces', false)).filter((w) => w.name.startsWith('tapestry-p')).map((w) => w.name)).toEqual(['tapestry-p1', 'tapestry-p2']);
  });

  it('makes one source and applies a changed configuration (a rotated secret) on the second run', async () => {
    markLog();
    const first = await provisioner.ensureSource({ workspaceId, name: 'p1 stripe', configuration: stripe() });
    const second = await provisioner.ensureSource({ workspaceId, name: 'p1 stripe', configuration: stripe({ account_id: 'acct_2', client_secret: `${SECRET}-rotated` }) });
    expect(first.created).toBe(true);
    expect(second).toEqual({ sourceId: first.sourceId, created: false });
    expect(calls('createSource')).toHaveLength(1);
    const patches = calls('patchSource');
    expect(patches.map((p) => p.status)).toEqual([200]);
    expect(patches[0]?.requestBody).toContain(`${SECRET}-rotated`);
    const sources = await live('sources');
    expect(sources).toHaveLength(1);
    expect(sources[0]).toMatchObject({ sourceId: first.sourceId, configuration: { account_id: 'acct_2', client_secret: '**********' } });
  });

  it('makes one destination, patched on the second run', async () => {
    markLog();
    const first = await provisioner.ensureDestination({ workspaceId, name: 'p1 warehouse', configuration: warehouse() });
    const second = await provisioner.ensureDestination({ workspaceId, name: 'p1 warehouse', configuration: warehouse('raw_v2') });
    expect(second).toEqual({ destinationId: first.destinationId, created: false });
    expect(calls('createDestination')).toHaveLength(1);
    expect((await live('destinations'))[0]).toMatchObject({ destinationId: first.destinationId, configuration: { schema: 'raw_v2' } });
  });

  it('makes one connection and applies changed streams, prefix and status', async () => {
    const sourceId = (await provisioner.ensureSource({ workspaceId, name: 'p1 stripe', configuration: stripe() })).sourceId;
    const destinationId = (await provisioner.ensureDestination({ workspaceId, name: 'p1 warehouse', configuration: warehouse() })).destinationId;
    markLog();
    const input = { workspaceId, name: 'p1 stripe → warehouse', sourceId, destinationId, schedule: { scheduleType: 'manual' as const }, status: 'active' as const };
    const first = await provisioner.ensureConnection({ ...input, streams: [{ name: 'customers', syncMode: 'incremental_append' }] });
    const second = await provisioner.ensureConnection({
      ...input,
      prefix: 'stripe_',
      status: 'inactive',
      streams: [
        { name: 'customers', syncMode: 'incremental_append', cursorField: ['updated'] },
        { name: 'charges', syncMode: 'full_refresh_overwrite' },
      ],
    });
    expect(first.created).toBe(true);
    expect(second).toEqual({ connectionId: first.connectionId, created: false });
    expect(calls('createConnection')).toHaveLength(1);
    const [connection] = await live('connections');
    expect(connection).toMatchObject({ name: 'p1 stripe → warehouse', prefix: 'stripe_', status: 'inactive', schedule: { scheduleType: 'manual' }, namespaceDefinition: 'destination' });
    expect((connection?.configurations as { streams: { name: string }[] }).streams.map((s) => s.name).sort()).toEqual(['charges', 'customers']);
    expect(await provisioner.findByName('connection', workspaceId, 'p1 stripe → warehouse')).toBe(first.connectionId);
    expect(await provisioner.findByName('connection', workspaceId, 'nothing of that name')).toBeUndefined();
  });
});

describe('ensure, run concurrently', () => {
  it('in one process: two ensures of a name make one source', async () => {
    markLog();
    const both = await Promise.all([0, 1].map(() => provisioner.ensureSource({ workspaceId, name: 'p1 zoom', configuration: zoom() })));
    expect(new Set(both.map((b) => b.sourceId)).size).toBe(1);
    expect(both.map((b) => b.created).sort()).toEqual([false, true]);
    expect(calls('createSource')).toHaveLength(1);
  });

  it('from two processes (two clients): they settle on one destination, the younger twin deleted', async () => {
    markLog();
    const [a, b] = [newProvisioner(), newProvisioner()];
    const input = { workspaceId, name: 'p1 second warehouse', configuration: warehouse() };
    // Both first lookups are answered before either create: each sees no such destination and creates one.
    airbyte.faults.addRule({ kind: 'latency', operation: 'listDestinations', latencyMs: 100, times: 2 });
    const both = await Promise.all([a.ensureDestination(input), b.ensureDestination(input)]);
    expect(both[0].destinationId).toBe(both[1].destinationId);
    expect(both.map((x) => x.created).sort()).toEqual([false, true]);
    expect(calls('createDestination')).toHaveLength(2);
    expect(calls('deleteDestination').map((c) => c.status)).toEqual([204]);
    expect((await live('destinations')).filter((d) => d.name === input.name).map((d) => d.destinationId)).toEqual([both[0].destinationId]);
  });
});

describe('lost answers and failures', () => {
  it('a create whose answer was lost is found by name on the next ensure, not made again', async () => {
    markLog();
    airbyte.faults.addRule({ kind: 'lose-response', operation: 'createSource', times: 1 });
    const input = { workspaceId, name: 'p1 hubspot', configuration: { sourceType: 'hubspot', credentials: { credentials_title: 'Private App Credentials', access_token: SECRET } } };
    expect(await failure(provisioner.ensureSource(input))).toMatchObject({ provider: 'airbyte', failureClass: 'network', step: 'provision' });
    const again = await provisioner.ensureSource(input);
    expect(again.created).toBe(false);
    expect(calls('createSource').map((c) => c.status)).toEqual([0]);
    expect((await live('sources')).filter((s) => s.name === 'p1 hubspot').map((s) => s.sourceId)).toEqual([again.sourceId]);
  });

  it('a create that failed with 5xx is not retried; reads and patches are', async () => {
    markLog();
    airbyte.faults.addRule({ kind: 'server-error', operation: 'createSource', status: 503, times: 1 });
    const input = { workspaceId, name: 'p1 salesforce', configuration: { sourceType: 'salesforce', client_id: 'id', client_secret: SECRET, refresh_token: 'r' } };
    expect(await failure(provisioner.ensureSource(input))).toMatchObject({ failureClass: 'unavailable', code: 'HTTP 503' });
    expect(calls('createSource').map((c) => c.status)).toEqual([503]);
    markLog();
    airbyte.faults.addRule({ kind: 'throttle', operation: 'listSources', times: 1 });
    airbyte.faults.addRule({ kind: 'server-error', operation: 'patchSource', times: 1 });
    expect((await provisioner.ensureSource(input)).created).toBe(true);
    expect((await provisioner.ensureSource(input)).created).toBe(false);
    expect(calls('listSources').map((c) => c.status)).toEqual([429, 200, 200, 200]);
    expect(calls('patchSource').map((c) => c.status)).toEqual([500, 200]);
  });

  it('persistent throttling ends in a throttled error after three attempts', async () => {
    markLog();
    airbyte.faults.addRule({ kind: 'throttle', operation: 'listDestinations' });
    expect(await failure(provisioner.ensureDestination({ workspaceId, name: 'p1 warehouse', configuration: warehouse() }))).toMatchObject({ failureClass: 'throttled', step: 'provision' });
    expect(calls('listDestinations')).toHaveLength(3);
  });

  it('refuses to turn a source of one connector type into another', async () => {
    const error = await failure(provisioner.ensureSource({ workspaceId, name: 'p1 stripe', configuration: zoom() }));
    expect(error).toMatchObject({ failureClass: 'config', step: 'provision' });
    expect(error.cause).toContain('"stripe"');
  });
});

describe('delete', () => {
  it('removes each kind, and a second delete of the same object is fine (404)', async () => {
    const ws = await provisioner.ensureWorkspace('tapestry-teardown');
    const sourceId = (await provisioner.ensureSource({ workspaceId: ws.workspaceId, name: 's', configuration: stripe() })).sourceId;
    const destinationId = (await provisioner.ensureDestination({ workspaceId: ws.workspaceId, name: 'd', configuration: warehouse() })).destinationId;
    const { connectionId } = await provisioner.ensureConnection({ workspaceId: ws.workspaceId, name: 'c', sourceId, destinationId, schedule: { scheduleType: 'manual' }, status: 'active' });
    markLog();
    for (let round = 0; round < 2; round++) {
      await provisioner.deleteConnection(connectionId);
      await provisioner.deleteSource(sourceId);
      await provisioner.deleteDestination(destinationId);
      await provisioner.deleteWorkspace(ws.workspaceId);
    }
    for (const operation of ['deleteConnection', 'deleteSource', 'deleteDestination', 'deleteWorkspace']) {
      expect(calls(operation).map((c) => c.status), operation).toEqual([204, 404]);
    }
    expect(await provisioner.findByName('source', ws.workspaceId, 's')).toBeUndefined();
  });
});

describe.skipIf(!specsPresent)('requests against the official document (../shared/specs)', () => {
  it('every request the provisioner sent validates', () => {
    const spec = loadOpenApi(specFile, '/api/public/v1');
    const sent = airbyte.log.list().filter((e) => e.method !== 'GET' && e.operation !== 'createAccessToken' && e.requestBody);
    expect(new Set(sent.map((e) => e.operation))).toEqual(new Set(['createWorkspace', 'createSource', 'patchSource', 'createDestination', 'patchDestination', 'createConnection', 'patchConnection']));
    const problems = sent.map((e) => ({ op: e.operation, errors: spec.checkRequest(e.method, e.path, JSON.parse(e.requestBody ?? '{}')).errors })).filter((p) => p.errors.length > 0);
    expect(problems).toEqual([]);
    // The check itself bites: a connection without its source is refused.
    expect(spec.checkRequest('POST', '/api/public/v1/connections', { destinationId: 'x' }).errors).not.toEqual([]);
  });
});
