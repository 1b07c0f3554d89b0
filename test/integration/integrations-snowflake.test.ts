// testConnection('snowflake') through snowflake-sdk against the Snowflake stand-in: success with
// the warehouse and role, and wrong password, unknown role, missing warehouse, a dropped and a held
// login each map to their class, field and step; the canary password is in no error text.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSnowflakeStandIn, type SnowflakeStandIn } from '@/infra/local/snowflake';
import type { IntegrationError } from '@/lib/integrations/errors';
import type { SnowflakeConfig } from '@/lib/integrations/snowflake/connection';
import { testConnection } from '@/lib/integrations/test-connection';
import { eventually, failureOf } from '../support/integration-results';

const CANARY = 'canary-Sf-Secret-4d5e-do-not-leak';
let sf: SnowflakeStandIn;

const config = (overrides: Partial<SnowflakeConfig> = {}): SnowflakeConfig => ({
  account: sf.account,
  accessUrl: sf.url,
  username: 'loader',
  password: CANARY,
  role: 'LOADER_ROLE',
  warehouse: 'compute_wh',
  ...overrides,
});

async function failed(overrides: Partial<SnowflakeConfig>, timeoutMs = 5_000): Promise<IntegrationError> {
  const result = await testConnection('snowflake', config(overrides), { timeoutMs });
  return failureOf(result, CANARY);
}

function arm(body: object): Promise<Response> {
  return fetch(`${sf.url}/__sandbox/snowflake/failures`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body), signal: AbortSignal.timeout(5_000) });
}


beforeAll(async () => {
  sf = await startSnowflakeStandIn({ users: [{ name: 'loader', password: CANARY, defaultRole: 'loader_role' }] });
  const admin = await testConnection('snowflake', { account: sf.account, accessUrl: sf.url, username: sf.adminUser, password: sf.adminPassword });
  expect(admin.ok).toBe(true);
  // Lets the loader's role use the admin's warehouse, as a real setup grants it.
  const grant = await fetch(`${sf.url}/session/v1/login-request`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ data: { ACCOUNT_NAME: sf.account, LOGIN_NAME: sf.adminUser, PASSWORD: sf.adminPassword } }),
  });
  const token = ((await grant.json()) as { data: { token: string } }).data.token;
  const granted = await fetch(`${sf.url}/queries/v1/query-request`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Snowflake Token="${token}"` },
    body: JSON.stringify({ sqlText: 'GRANT USAGE ON WAREHOUSE compute_wh TO ROLE loader_role' }),
  });
  expect(((await granted.json()) as { success: boolean }).success).toBe(true);
});

afterAll(async () => {
  await sf?.close();
});

describe('Snowflake warehouse', () => {
  it('logs in, uses the warehouse and reports version, role and warehouse', async () => {
    const result = await testConnection('snowflake', config());
    expect(result).toMatchObject({ ok: true, detail: { role: 'LOADER_ROLE', warehouse: 'COMPUTE_WH', version: expect.stringMatching(/^\d+\.\d+/) } });
  });

  it('maps a wrong password to auth (390100) on the password field', async () => {
    expect(await failed({ password: `${CANARY}-wrong` })).toMatchObject({ failureClass: 'auth', code: '390100', field: 'password', step: 'login' });
  });

  it('maps a role not granted to permission (390189) on the role field', async () => {
    expect(await failed({ role: 'NO_SUCH_ROLE' })).toMatchObject({ failureClass: 'permission', code: '390189', field: 'role' });
  });

  it('maps a missing warehouse to not_found (002043) on the warehouse field', async () => {
    expect(await failed({ warehouse: 'NO_SUCH_WH' })).toMatchObject({ failureClass: 'not_found', code: '002043', field: 'warehouse', step: 'warehouse' });
  });

  it('maps a forced no-warehouse answer to 000606 and a dropped login to network', async () => {
    expect((await arm({ query: 'warehouse', times: 1 })).status).toBe(200);
    expect(await failed({})).toMatchObject({ failureClass: 'config', code: '000606', field: 'warehouse' });
    expect((await arm({ login: 'network', times: 1 })).status).toBe(200);
    expect(await failed({})).toMatchObject({ failureClass: 'network', field: 'account' });
  });

  it('cuts a held login at the timeout, reports timeout, and the request is dropped', async () => {
    expect((await arm({ login: 'hang', times: 1 })).status).toBe(200);
    const started = Date.now();
    expect(await failed({}, 500)).toMatchObject({ failureClass: 'timeout' });
    expect(Date.now() - started).toBeLessThan(3_000);
    await eventually(() => expect(sf.log.list({ operation: 'login' }).at(-1)).toMatchObject({ status: 0, fault: 'hang' }));
  });

  it('retries a throttled login and succeeds', async () => {
    sf.log.clear();
    sf.faults.addRule({ kind: 'throttle', operation: 'login', times: 1 });
    const result = await testConnection('snowflake', config());
    expect(result.ok).toBe(true);
    // A login held by the previous test may still be logged (dropped, status 0) after the clear.
    const logins = sf.log.list({ operation: 'login' }).filter((e) => e.fault !== 'hang');
    expect(logins.slice(-2).map((e) => e.status)).toEqual([429, 200]);
  });
});
