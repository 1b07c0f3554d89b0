// testConnection('airbyte-source' / 'airbyte-destination') against the Airbyte stand-in: the
// configuration API's check with the configuration inline succeeds, each forced failure class and
// an invalid configuration map to their class, a timed-out check and a Cancel end promptly (the
// stand-in logs the dropped request), bad application credentials are auth, throttling is retried,
// and the canary client secret never appears in any error text.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAirbyteStandIn, type AirbyteStandIn } from '@/infra/local/airbyte';
import type { AirbyteConfig } from '@/lib/integrations/airbyte/client';
import type { IntegrationError } from '@/lib/integrations/errors';
import { testConnection } from '@/lib/integrations/test-connection';
import { eventually, failureOf } from '../support/integration-results';

const CANARY = 'canary-Ab-Secret-0c8d-do-not-leak';
let airbyte: AirbyteStandIn;
let workspaceId: string;

const stripe = () => ({ account_id: 'acct_123', client_secret: CANARY, start_date: '2024-01-01T00:00:00Z' });
const source = (airbyteConfig: Partial<AirbyteConfig> = {}, configuration: Record<string, unknown> = stripe()) => ({
  airbyte: { baseUrl: airbyte.url, clientId: airbyte.clientId, clientSecret: airbyte.clientSecret, workspaceId, ...airbyteConfig },
  sourceType: 'stripe',
  configuration,
});

async function failed(config: ReturnType<typeof source>, options: { timeoutMs?: number; signal?: AbortSignal } = {}): Promise<IntegrationError> {
  const result = await testConnection('airbyte-source', config, { timeoutMs: 5_000, ...options });
  return failureOf(result, CANARY);
}

function force(rule: object): Promise<Response> {
  return fetch(`${airbyte.url}/__sandbox/airbyte/checks`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(rule), signal: AbortSignal.timeout(5_000) });
}


beforeAll(async () => {
  airbyte = await startAirbyteStandIn({ timeScale: 0.01, clientSecret: CANARY });
  const token = await fetch(`${airbyte.apiUrl}/applications/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ client_id: airbyte.clientId, client_secret: CANARY }) });
  const { access_token } = (await token.json()) as { access_token: string };
  const created = await fetch(`${airbyte.apiUrl}/workspaces`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${access_token}` }, body: JSON.stringify({ name: 'tests' }) });
  workspaceId = ((await created.json()) as { workspaceId: string }).workspaceId;
});

afterAll(async () => {
  await airbyte?.close();
});

describe('Airbyte source and destination checks', () => {
  it('checks a valid Stripe source (first listed workspace when none is named)', async () => {
    const result = await testConnection('airbyte-source', source({ workspaceId: undefined }));
    expect(result).toMatchObject({ ok: true, detail: { workspaceId, jobId: expect.any(String) } });
  });

  it('maps each forced failure class to its own class, with a hint', async () => {
    const expected = { dns: 'dns', tls: 'tls', auth: 'auth', permission: 'permission' } as const;
    for (const [failure, failureClass] of Object.entries(expected)) {
      expect((await force({ failure, sourceType: 'stripe', times: 1 })).status).toBe(200);
      const error = await failed(source());
      expect(error, failure).toMatchObject({ failureClass, step: 'check', provider: 'airbyte' });
      expect(error.hint.length).toBeGreaterThan(10);
    }
    expect((await force({ failure: 'auth', sourceType: 'stripe', times: 1 })).status).toBe(200);
    expect(await failed(source())).toMatchObject({ code: 'HTTP 401' });
  });

  it('maps a timed-out check job to timeout', async () => {
    expect((await force({ failure: 'timeout', sourceType: 'stripe', times: 1 })).status).toBe(200);
    expect(await failed(source())).toMatchObject({ failureClass: 'timeout' });
  });

  it('maps an invalid configuration to config, naming the field', async () => {
    const { client_secret: _omitted, ...withoutSecret } = stripe();
    expect(await failed(source({}, withoutSecret))).toMatchObject({ failureClass: 'config', field: 'client_secret' });
  });

  it('checks a Postgres destination for real: a closed port fails as network', async () => {
    const result = await testConnection('airbyte-destination', {
      airbyte: source().airbyte,
      destinationType: 'postgres',
      configuration: { host: '127.0.0.1', port: 9, database: 'x', schema: 'public', username: 'u', password: CANARY, ssl_mode: { mode: 'disable' }, tunnel_method: { tunnel_method: 'NO_TUNNEL' } },
    });
    expect(result).toMatchObject({ ok: false, error: { failureClass: 'network', code: '08001' } });
    expect(JSON.stringify(result)).not.toContain(CANARY);
  });

  it('cuts a slow check at the timeout and, on Cancel, drops the request (status 0 in the log)', async () => {
    expect((await force({ failure: 'timeout', sourceType: 'stripe', times: 2, delayMs: 60_000 })).status).toBe(200);
    expect(await failed(source(), { timeoutMs: 300 })).toMatchObject({ failureClass: 'timeout' });
    const cancel = new AbortController();
    setTimeout(() => cancel.abort(), 100);
    const started = Date.now();
    expect(await failed(source(), { signal: cancel.signal })).toMatchObject({ failureClass: 'cancelled' });
    expect(Date.now() - started).toBeLessThan(2_000);
    // The stand-in logs the exchange once its (scaled, 600 ms) check ends, with the client gone.
    await eventually(() => expect(airbyte.log.list({ operation: 'executeSourceCheckConnection' }).slice(-2).map((e) => e.status)).toEqual([0, 0]));
  });

  it('reports wrong application credentials as auth on the client secret', async () => {
    expect(await failed(source({ clientSecret: `${CANARY}-wrong` }))).toMatchObject({ failureClass: 'auth', field: 'clientSecret', step: 'token', code: 'HTTP 401' });
  });

  it('retries a throttled check and succeeds', async () => {
    airbyte.faults.addRule({ kind: 'throttle', operation: 'executeSourceCheckConnection', times: 1 });
    const result = await testConnection('airbyte-source', source());
    expect(result.ok).toBe(true);
    expect(airbyte.log.list({ operation: 'executeSourceCheckConnection' }).slice(-2).map((e) => e.status)).toEqual([429, 200]);
  });
});
