// The Snowflake stand-in keeps its account in a state file, as Snowflake keeps it across a restart
// of its services: driven by the real snowflake-sdk, a bootstrap (warehouse, database, schemas,
// role, user, grants and future grants) and a load survive a stop; the admin password, the new
// user's password and default role, grants, row counts and a locked user read the same on a new
// instance; tokens issued before the stop still work; the file is 0600 and holds no user password.
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import snowflake from 'snowflake-sdk';
import { afterAll, describe, expect, it } from 'vitest';
import { startSnowflakeStandIn, type SnowflakeStandIn } from '@/infra/local/snowflake';

snowflake.configure({ logLevel: 'OFF' });

type Row = Record<string, unknown>;

const dir = mkdtempSync(path.join(tmpdir(), 'snowflake-state-'));
const file = path.join(dir, 'snowflake.json');
const LOADER_PASSWORD = 'Loader-Persisted-Passw0rd';
const SHY_PASSWORD = 'Shy-Persisted-Passw0rd';
const connections: snowflake.Connection[] = [];
const started: SnowflakeStandIn[] = [];

async function start(port?: number): Promise<SnowflakeStandIn> {
  const standIn = await startSnowflakeStandIn({ stateFile: file, recordBodies: true, port });
  started.push(standIn);
  return standIn;
}

function login(sf: SnowflakeStandIn, username = sf.adminUser, password = sf.adminPassword): Promise<snowflake.Connection> {
  const connection = snowflake.createConnection({ account: sf.account, accessUrl: sf.url, username, password, timeout: 10_000, sfRetryMaxLoginRetries: 0 } as snowflake.ConnectionOptions);
  connections.push(connection);
  return new Promise((resolve, reject) => connection.connect((error, conn) => (error ? reject(error) : resolve(conn))));
}

function query(connection: snowflake.Connection, sqlText: string, binds?: snowflake.Binds): Promise<Row[]> {
  return new Promise((resolve, reject) => connection.execute({ sqlText, binds, complete: (error, _s, rows) => (error ? reject(error) : resolve((rows ?? []) as Row[])) }));
}

async function refusal(promise: Promise<unknown>): Promise<{ code?: string | number }> {
  const outcome = await promise.then(
    () => undefined,
    (error: unknown) => error as { code?: string | number },
  );
  if (!outcome) throw new Error('expected the login to be refused');
  return outcome;
}

/** Runs a statement over plain HTTP with a token issued earlier (the SDK cannot be pointed at a saved token). */
async function withToken(sf: SnowflakeStandIn, token: string, sqlText: string): Promise<{ success: boolean; code: string | null; data: { rowset?: unknown[][] } }> {
  const response = await fetch(`${sf.url}/queries/v1/query-request`, {
    method: 'POST',
    body: JSON.stringify({ sqlText }),
    headers: { 'content-type': 'application/json', authorization: `Snowflake Token="${token}"` },
    signal: AbortSignal.timeout(5_000),
  });
  return (await response.json()) as { success: boolean; code: string | null; data: { rowset?: unknown[][] } };
}

/** Tapestry's warehouse bootstrap, every statement idempotent. */
const BOOTSTRAP: Array<[string, snowflake.Binds?]> = [
  ['USE ROLE ACCOUNTADMIN'],
  ["CREATE WAREHOUSE IF NOT EXISTS tapestry_wh WITH WAREHOUSE_SIZE = 'SMALL' AUTO_SUSPEND = 60 AUTO_RESUME = TRUE INITIALLY_SUSPENDED = TRUE"],
  ['CREATE DATABASE IF NOT EXISTS tapestry'],
  ['CREATE SCHEMA IF NOT EXISTS tapestry.raw'],
  ['CREATE SCHEMA IF NOT EXISTS tapestry.analytics'],
  ['CREATE ROLE IF NOT EXISTS tapestry_role'],
  ['GRANT ROLE tapestry_role TO ROLE SYSADMIN'],
  ['CREATE USER IF NOT EXISTS tapestry_loader PASSWORD = ? DEFAULT_ROLE = tapestry_role DEFAULT_WAREHOUSE = tapestry_wh', [LOADER_PASSWORD]],
  ['GRANT ROLE tapestry_role TO USER tapestry_loader'],
  ['GRANT USAGE, OPERATE ON WAREHOUSE tapestry_wh TO ROLE tapestry_role'],
  ['GRANT USAGE ON DATABASE tapestry TO ROLE tapestry_role'],
  ['GRANT USAGE, CREATE TABLE ON SCHEMA tapestry.raw TO ROLE tapestry_role'],
  ['GRANT USAGE ON SCHEMA tapestry.analytics TO ROLE tapestry_role'],
  ['GRANT SELECT, INSERT ON FUTURE TABLES IN SCHEMA tapestry.raw TO ROLE tapestry_role'],
  ['GRANT SELECT ON FUTURE TABLES IN DATABASE tapestry TO ROLE tapestry_role'],
];

async function bootstrap(connection: snowflake.Connection): Promise<string[]> {
  const statuses: string[] = [];
  for (const [sql, binds] of BOOTSTRAP) statuses.push(String((await query(connection, sql, binds))[0]?.status));
  return statuses;
}

/** What must read identically after a restart (on TAPESTRY_WH, so looking resumes no other warehouse). */
async function observe(sf: SnowflakeStandIn, admin: snowflake.Connection) {
  await query(admin, 'USE WAREHOUSE tapestry_wh');
  return {
    grants: await query(admin, 'SHOW GRANTS TO ROLE tapestry_role'),
    future: await query(admin, 'SHOW FUTURE GRANTS IN SCHEMA tapestry.raw'),
    count: await query(admin, 'SELECT COUNT(*) AS n FROM tapestry.raw.orders'),
    tables: await query(admin, "SELECT table_name, row_count, bytes, last_altered FROM tapestry.information_schema.tables WHERE table_schema = 'RAW'"),
    warehouses: sf.catalog.warehouses,
    users: sf.catalog.users,
    roleGrants: sf.catalog.roleGrants,
  };
}

/** The session token the stand-in issued at its latest login (the log keeps bodies with recordBodies). */
function lastIssuedToken(sf: SnowflakeStandIn): string {
  const body = sf.log.list({ operation: 'login' }).at(-1)?.responseBody ?? '{}';
  return (JSON.parse(body) as { data: { token: string } }).data.token;
}

afterAll(async () => {
  await Promise.all(connections.map((c) => new Promise<void>((resolve) => (c.isUp() ? c.destroy(() => resolve()) : resolve()))));
  for (const standIn of started) await standIn.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the Snowflake account survives a restart of the stand-in', () => {
  it('keeps objects, rows, users, grants, lockouts, sessions and results; bootstrap stays a no-op', { timeout: 15_000 }, async () => {
    const first = await start();
    const admin = await login(first);
    const created = await bootstrap(admin);
    expect([created[1], created[7]]).toEqual(['Warehouse TAPESTRY_WH successfully created.', 'User TAPESTRY_LOADER successfully created.']);
    await query(admin, 'CREATE USER IF NOT EXISTS shy PASSWORD = ? DEFAULT_ROLE = tapestry_role', [SHY_PASSWORD]);
    await query(admin, 'GRANT ROLE tapestry_role TO USER shy');
    for (let attempt = 0; attempt < 5; attempt++) expect(await refusal(login(first, 'shy', 'wrong'))).toMatchObject({ code: '390100' });

    const loader = await login(first, 'tapestry_loader', LOADER_PASSWORD);
    await query(loader, 'CREATE TABLE tapestry.raw.orders (id NUMBER, customer VARCHAR)');
    await query(loader, 'INSERT INTO tapestry.raw.orders (id, customer) VALUES (?, ?), (?, ?), (?, ?)', [1, 'ada', 2, 'grace', 3, 'edsger']);
    const loaderToken = lastIssuedToken(first);
    const asyncId = await new Promise<string>((resolve, reject) =>
      loader.execute({ sqlText: 'SELECT customer FROM tapestry.raw.orders WHERE id = 2', asyncExec: true, complete: (error, statement) => (error ? reject(error) : resolve(statement.getQueryId())) }),
    );
    const before = await observe(first, admin);
    expect(before.count).toEqual([{ N: 3 }]);
    expect(before.tables).toEqual([expect.objectContaining({ TABLE_NAME: 'ORDERS', ROW_COUNT: 3 })]);
    expect(before.grants.map((g) => `${String(g.privilege)} ${String(g.granted_on)} ${String(g.name)}`)).toEqual(expect.arrayContaining(['INSERT TABLE TAPESTRY.RAW.ORDERS', 'SELECT TABLE TAPESTRY.RAW.ORDERS']));
    const statementsBefore = first.statements().length;
    const { adminPassword } = first;
    await first.close();

    // The file: private, and no password a user set or token the stand-in issued is in it.
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const saved = readFileSync(file, 'utf8');
    for (const secret of [LOADER_PASSWORD, SHY_PASSWORD, loaderToken]) expect(saved).not.toContain(secret);
    expect(saved).toContain('"passwordHash":"scrypt$');

    const second = await start();
    expect(second.url).not.toBe(first.url);
    expect(second.adminPassword).toBe(adminPassword);
    const admin2 = await login(second);
    expect(await observe(second, admin2)).toEqual(before);
    expect(second.statements().slice(0, statementsBefore)).toEqual(first.statements());

    const loader2 = await login(second, 'TAPESTRY_LOADER', LOADER_PASSWORD);
    expect(await query(loader2, 'SELECT CURRENT_ROLE() AS r, CURRENT_WAREHOUSE() AS w')).toEqual([{ R: 'TAPESTRY_ROLE', W: 'TAPESTRY_WH' }]);
    expect(await refusal(login(second, 'shy', SHY_PASSWORD))).toMatchObject({ code: '390102' });
    // The loader's session from before the stop is still valid, and its async result still readable.
    expect(await withToken(second, loaderToken, 'SELECT CURRENT_USER()')).toMatchObject({ success: true, data: { rowset: [['TAPESTRY_LOADER']] } });
    const fetched = await loader2.getResultsFromQueryId({ queryId: asyncId, sqlText: '' });
    const asyncRows = await new Promise<Row[]>((resolve, reject) => {
      const rows: Row[] = [];
      fetched.streamRows().on('data', (row: Row) => rows.push(row)).on('end', () => resolve(rows)).on('error', reject);
    });
    expect(asyncRows).toEqual([{ CUSTOMER: 'grace' }]);

    const catalogBefore = JSON.stringify(second.catalog);
    const again = await bootstrap(admin2);
    expect(again[1]).toBe('TAPESTRY_WH already exists, statement succeeded.');
    expect(again[7]).toBe('TAPESTRY_LOADER already exists, statement succeeded.');
    expect(JSON.stringify(second.catalog)).toBe(catalogBefore);
    expect(await observe(second, admin2)).toEqual({ ...before, count: [{ N: 3 }] });
  });

  it('lets a connected SDK carry on across a restart on its port, and counts every row once', { timeout: 15_000 }, async () => {
    const current = started.at(-1);
    if (!current) throw new Error('the previous test leaves the restarted stand-in running');
    const loader = await login(current, 'tapestry_loader', LOADER_PASSWORD);
    const sessionId = (JSON.parse(current.log.list({ operation: 'login' }).at(-1)?.responseBody ?? '{}') as { data: { sessionId: number } }).data.sessionId;
    await query(loader, 'INSERT INTO tapestry.raw.orders (id, customer) VALUES (?, ?)', [4, 'barbara']);
    await current.close();

    const restarted = await start(current.port);
    expect(await query(loader, 'SELECT COUNT(*) AS n, MAX(id) AS top FROM tapestry.raw.orders')).toEqual([{ N: 4, TOP: 4 }]);
    await login(restarted);
    const newSessionId = (JSON.parse(restarted.log.list({ operation: 'login' }).at(-1)?.responseBody ?? '{}') as { data: { sessionId: number } }).data.sessionId;
    expect(newSessionId).toBeGreaterThan(sessionId);
    expect(restarted.catalog.tables.find((t) => t.name === 'ORDERS')).toMatchObject({ rowCount: 4, owner: 'TAPESTRY_ROLE' });
  });
});
