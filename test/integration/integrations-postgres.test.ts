// testConnection('postgres') against a real PostgreSQL from the test harness: success on a fresh
// database, and wrong password, unknown database, a user without CREATE, a closed port and an
// unresolvable host each map to their class and field, with the canary password in no error text.
import { describe, expect, it } from 'vitest';
import type { IntegrationError } from '@/lib/integrations/errors';
import type { PostgresWarehouseConfig } from '@/lib/integrations/postgres/test-warehouse';
import { testConnection } from '@/lib/integrations/test-connection';
import { failureOf } from '../support/integration-results';
import { createDatabase, sql } from '../support/database';

const CANARY = 'canary-Pg-Secret-91b2-do-not-leak';

function configOf(url: string, overrides: Partial<PostgresWarehouseConfig> = {}): PostgresWarehouseConfig {
  const u = new URL(url);
  return { host: u.hostname, port: Number(u.port), database: u.pathname.slice(1), user: decodeURIComponent(u.username), password: decodeURIComponent(u.password), ...overrides };
}

async function failed(config: PostgresWarehouseConfig): Promise<IntegrationError> {
  const result = await testConnection('postgres', config, { timeoutMs: 5_000 });
  return failureOf(result, CANARY);
}

describe('PostgreSQL warehouse', () => {
  it('logs in, queries and finds it may create tables (sslmode prefer falls back to plain)', async () => {
    const url = await createDatabase({ fromTemplate: false });
    const result = await testConnection('postgres', configOf(url));
    expect(result).toMatchObject({ ok: true, detail: { database: configOf(url).database, schema: 'public', serverVersion: expect.stringMatching(/^\d+/) } });
  });

  it('maps a wrong password to auth (28P01) on the password field', async () => {
    const url = await createDatabase({ fromTemplate: false });
    expect(await failed(configOf(url, { password: CANARY }))).toMatchObject({ failureClass: 'auth', code: '28P01', field: 'password' });
  });

  it('maps an unknown database to not_found (3D000)', async () => {
    const url = await createDatabase({ fromTemplate: false });
    expect(await failed(configOf(url, { database: 'no_such_db_here' }))).toMatchObject({ failureClass: 'not_found', code: '3D000', field: 'database' });
  });

  it('maps a user without CREATE on the schema to permission, naming the grant', async () => {
    const url = await createDatabase({ fromTemplate: false });
    const role = `reader_${Date.now()}`;
    await sql(url, `CREATE ROLE ${role} LOGIN PASSWORD '${CANARY}'`);
    await sql(url, 'REVOKE CREATE ON SCHEMA public FROM PUBLIC');
    const error = await failed(configOf(url, { user: role, password: CANARY }));
    expect(error).toMatchObject({ failureClass: 'permission', code: '42501', field: 'schema' });
    expect(error.hint).toContain('GRANT USAGE, CREATE ON SCHEMA');
  });

  it('maps a closed port to network and an unknown host to dns', async () => {
    const url = await createDatabase({ fromTemplate: false });
    expect(await failed(configOf(url, { port: 9, password: CANARY }))).toMatchObject({ failureClass: 'network', code: 'ECONNREFUSED', field: 'port' });
    expect(await failed(configOf(url, { host: 'no-such-host.invalid', password: CANARY }))).toMatchObject({ failureClass: 'dns', field: 'host' });
  });

  it('maps a TLS demand the server cannot meet to tls', async () => {
    const url = await createDatabase({ fromTemplate: false });
    expect(await failed(configOf(url, { sslMode: 'require', password: CANARY }))).toMatchObject({ failureClass: 'tls', field: 'sslMode' });
  });

  it('reports Cancel before the work starts as cancelled', async () => {
    const url = await createDatabase({ fromTemplate: false });
    const result = await testConnection('postgres', configOf(url), { signal: AbortSignal.abort() });
    expect(result).toMatchObject({ ok: false, error: { failureClass: 'cancelled' } });
  });
});
