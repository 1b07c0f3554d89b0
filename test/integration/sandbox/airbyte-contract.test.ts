// The Airbyte stand-in against Airbyte's official documents (../shared/specs): every request and
// response body of a session touching each public endpoint validates against the public API's
// OpenAPI document, and the committed connector catalog equals what the generator makes from the
// official connector documents today.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { startAirbyteStandIn, type AirbyteStandIn } from '@/infra/local/airbyte';
import { CATALOG_OUTPUT, generateAirbyteConnectorCatalog } from '@/scripts/contracts/airbyte-connectors';
import { loadOpenApi } from '../../support/openapi-validator';
import type { LooseJson } from '../../support/loose-json';

const repoRoot = path.resolve(import.meta.dirname, '../../..');
const specsDir = path.resolve(repoRoot, '../shared/specs');
const specsPresent = existsSync(path.join(specsDir, 'airbyte-public-api.yaml'));
if (!specsPresent) console.warn('../shared/specs not found: Airbyte contract comparison not run');

type Json = LooseJson;

/** Walks every public endpoint once, successfully; returns nothing but leaves the traffic in the log. */
async function session(airbyte: AirbyteStandIn): Promise<void> {
  let bearer = '';
  const call = async (method: string, route: string, body?: unknown): Promise<Json> => {
    const res = await fetch(`${airbyte.apiUrl}${route}`, {
      method,
      headers: { 'content-type': 'application/json', authorization: `Bearer ${bearer}` },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(10_000),
    });
    expect(res.status, `${method} ${route}`).toBeLessThan(300);
    const text = await res.text();
    return text ? (JSON.parse(text) as Json) : {};
  };
  bearer = (await call('POST', '/applications/token', { client_id: airbyte.clientId, client_secret: airbyte.clientSecret, grant_type: 'client_credentials' })).access_token as string;
  const { workspaceId } = await call('POST', '/workspaces', { name: 'Contract' });
  await call('PATCH', `/workspaces/${workspaceId}`, { name: 'Contract workspace' });
  await call('GET', `/workspaces/${workspaceId}`);
  await call('GET', '/workspaces?limit=5');
  const { sourceId } = await call('POST', '/sources', { name: 'Zendesk', workspaceId, configuration: { sourceType: 'zendesk-support', subdomain: 'acme', credentials: { credentials: 'api_token', email: 'ops@acme.test', api_token: 't' } } });
  await call('PATCH', `/sources/${sourceId}`, { name: 'Zendesk Support' });
  await call('PUT', `/sources/${sourceId}`, { name: 'Zendesk', configuration: { subdomain: 'acme', credentials: { credentials: 'api_token', email: 'ops@acme.test', api_token: '**********' } } });
  await call('GET', `/sources/${sourceId}`);
  await call('GET', `/sources?workspaceIds=${workspaceId}`);
  const destination = { destinationType: 'snowflake', host: 'acme-xy12345.snowflakecomputing.com', role: 'R', warehouse: 'W', database: 'D', schema: 'S', username: 'U', credentials: { auth_type: 'Username and Password', password: 'p' } };
  const { destinationId } = await call('POST', '/destinations', { name: 'Snowflake', workspaceId, configuration: destination });
  await call('PATCH', `/destinations/${destinationId}`, { configuration: { schema: 'RAW' } });
  await call('PUT', `/destinations/${destinationId}`, { name: 'Snowflake', configuration: destination });
  await call('GET', `/destinations/${destinationId}`);
  await call('GET', '/destinations?offset=0&limit=10');
  await call('GET', `/streams?sourceId=${sourceId}&destinationId=${destinationId}`);
  await call('GET', `/streams?sourceId=${sourceId}`);
  const { connectionId } = await call('POST', '/connections', {
    sourceId,
    destinationId,
    configurations: { streams: [{ name: 'tickets', syncMode: 'incremental_deduped_history' }, { name: 'users' }] },
    schedule: { scheduleType: 'manual' },
  });
  await call('PATCH', `/connections/${connectionId}`, { schedule: { scheduleType: 'cron', cronExpression: '0 0 6 * * ?' }, status: 'active' });
  await call('GET', `/connections/${connectionId}`);
  await call('GET', `/connections?workspaceIds=${workspaceId}`);
  const { jobId } = await call('POST', '/jobs', { connectionId, jobType: 'sync' });
  const deadline = Date.now() + 10_000;
  while ((await call('GET', `/jobs/${jobId}`)).status !== 'succeeded' && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  const second = await call('POST', '/jobs', { connectionId, jobType: 'sync' });
  await call('DELETE', `/jobs/${second.jobId}`);
  await call('GET', `/jobs?connectionId=${connectionId}&jobType=sync&status=succeeded`);
  await call('GET', '/jobs?orderBy=updatedAt|DESC&limit=1');
  await call('POST', '/jobs', { connectionId, jobType: 'reset' });
  await call('DELETE', `/connections/${connectionId}`);
  await call('DELETE', `/sources/${sourceId}`);
  await call('DELETE', `/destinations/${destinationId}`);
  await call('DELETE', `/workspaces/${workspaceId}`);
}

describe.skipIf(!specsPresent)('Airbyte contract (../shared/specs)', () => {
  let airbyte: AirbyteStandIn | undefined;

  afterAll(async () => {
    await airbyte?.close();
  });

  it('answers a session over every public endpoint with bodies the official OpenAPI document accepts', async () => {
    airbyte = await startAirbyteStandIn({ recordBodies: true, timeScale: 0.005 });
    await session(airbyte);
    // Ajv warns about every `format: UUID` (Airbyte's spelling, unknown to JSON Schema) it skips.
    const quiet = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const openapi = loadOpenApi(path.join(specsDir, 'airbyte-public-api.yaml'), '/api/public/v1');
    const exchanges = airbyte.log.list();
    const operations = new Set<string>();
    const errors: string[] = [];
    for (const e of exchanges) {
      operations.add(e.operation);
      if (e.requestBody) errors.push(...openapi.checkRequest(e.method, e.path, JSON.parse(e.requestBody)).errors);
      if (e.responseBody) errors.push(...openapi.checkResponse(e.method, e.path, e.status, JSON.parse(e.responseBody)).errors);
    }
    quiet.mockRestore();
    expect(errors).toEqual([]);
    expect(exchanges.every((e) => openapi.operationFor(e.method, e.path) === e.operation)).toBe(true);
    expect([...operations].sort()).toEqual(
      [
        'createAccessToken',
        ...['create', 'update', 'get', 'list', 'delete'].map((verb) => `${verb}Workspace${verb === 'list' ? 's' : ''}`),
        ...['Source', 'Destination'].flatMap((m) => ['create', 'patch', 'put', 'get', 'list', 'delete'].map((verb) => `${verb}${m}${verb === 'list' ? 's' : ''}`)),
        ...['create', 'patch', 'get', 'list', 'delete'].map((verb) => `${verb}Connection${verb === 'list' ? 's' : ''}`),
        'getStreamProperties',
        'createJob',
        'getJob',
        'listJobs',
        'cancelJob',
      ].sort(),
    );
  });

  it('keeps a connector catalog equal to what the generator makes from the official documents', () => {
    expect(readFileSync(path.join(repoRoot, CATALOG_OUTPUT), 'utf8')).toBe(generateAirbyteConnectorCatalog(specsDir));
  });
});
