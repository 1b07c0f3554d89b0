// The Snowflake stand-in driven by the real snowflake-sdk: a warehouse bootstrap as Tapestry runs
// it (idempotent), a load and its counts as the new user, Snowflake's error codes for the failure
// classes a "Test connection" must tell apart, token renewal and throttling as the SDK survives
// them, and bad input over plain HTTP.
import { gzipSync } from 'node:zlib';
import snowflake from 'snowflake-sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSnowflakeStandIn, type SnowflakeStandIn } from '@/infra/local/snowflake';

snowflake.configure({ logLevel: 'OFF' });

type Row = Record<string, unknown>;
interface SdkError extends Error {
  code?: string | number;
  sqlState?: string;
  data?: { queryId?: string };
}

let sf: SnowflakeStandIn;
const open: snowflake.Connection[] = [];
const LOADER_PASSWORD = 'Loader-Passw0rd-for-tests';

function connect(options: Partial<snowflake.ConnectionOptions> = {}): Promise<snowflake.Connection> {
  const connection = snowflake.createConnection({
    account: sf.account,
    accessUrl: sf.url,
    username: sf.adminUser,
    password: sf.adminPassword,
    timeout: 10_000,
    sfRetryMaxLoginRetries: 0,
    ...options,
  } as snowflake.ConnectionOptions);
  return new Promise((resolve, reject) =>
    connection.connect((error, conn) => {
      if (error) return reject(error);
      open.push(conn);
      resolve(conn);
    }),
  );
}

function run(connection: snowflake.Connection, sqlText: string, binds?: snowflake.Binds): Promise<Row[]> {
  return new Promise((resolve, reject) =>
    connection.execute({ sqlText, binds, complete: (error, _statement, rows) => (error ? reject(error) : resolve((rows ?? []) as Row[])) }),
  );
}

async function failure(promise: Promise<unknown>): Promise<SdkError> {
  try {
    await promise;
  } catch (error) {
    return error as SdkError;
  }
  throw new Error('expected the SDK to report an error');
}

/** Retries an assertion for up to two seconds (the stand-in logs a dropped request once it notices). */
async function eventually(check: () => void): Promise<void> {
  const deadline = Date.now() + 2_000;
  for (;;) {
    try {
      return check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }
}

function control(path: string, init: RequestInit = {}): Promise<Response> {
  return fetch(`${sf.url}/__sandbox/snowflake${path}`, { ...init, headers: { 'content-type': 'application/json' }, signal: AbortSignal.timeout(5_000) });
}

/** Tapestry's warehouse bootstrap, one statement per request as it issues them. */
const BOOTSTRAP: Array<[string, snowflake.Binds?]> = [
  ['USE ROLE ACCOUNTADMIN'],
  ["CREATE WAREHOUSE IF NOT EXISTS tapestry_wh WITH WAREHOUSE_SIZE = 'XSMALL' AUTO_SUSPEND = 60 AUTO_RESUME = TRUE INITIALLY_SUSPENDED = TRUE"],
  ['CREATE DATABASE IF NOT EXISTS tapestry'],
  ['CREATE SCHEMA IF NOT EXISTS tapestry.raw'],
  ['CREATE SCHEMA IF NOT EXISTS IDENTIFIER(?)', ['TAPESTRY.ANALYTICS']],
  ['CREATE ROLE IF NOT EXISTS tapestry_role'],
  ['GRANT ROLE tapestry_role TO ROLE SYSADMIN'],
  ['CREATE USER IF NOT EXISTS tapestry_loader PASSWORD = ? DEFAULT_ROLE = tapestry_role DEFAULT_WAREHOUSE = tapestry_wh MUST_CHANGE_PASSWORD = FALSE', [LOADER_PASSWORD]],
  ['GRANT ROLE tapestry_role TO USER tapestry_loader'],
  ['GRANT USAGE, OPERATE ON WAREHOUSE tapestry_wh TO ROLE tapestry_role'],
  ['GRANT USAGE ON DATABASE tapestry TO ROLE tapestry_role'],
  ['GRANT USAGE, CREATE TABLE ON SCHEMA tapestry.raw TO ROLE tapestry_role'],
  ['GRANT USAGE, CREATE TABLE, CREATE VIEW ON SCHEMA tapestry.analytics TO ROLE tapestry_role'],
  ['GRANT SELECT, INSERT ON FUTURE TABLES IN SCHEMA tapestry.raw TO ROLE tapestry_role'],
  ['GRANT SELECT ON FUTURE TABLES IN DATABASE tapestry TO ROLE tapestry_role'],
  ['USE WAREHOUSE tapestry_wh'],
  ['USE SCHEMA tapestry.raw'],
];

async function bootstrap(connection: snowflake.Connection): Promise<string[]> {
  const statuses: string[] = [];
  for (const [sql, binds] of BOOTSTRAP) {
    const rows = await run(connection, sql, binds);
    statuses.push(String(rows[0]?.status));
  }
  return statuses;
}

beforeAll(async () => {
  sf = await startSnowflakeStandIn({ recordBodies: true, users: [{ name: 'analyst', password: 'Analyst-Passw0rd', defaultRole: 'reporting' }] });
});

afterAll(async () => {
  await Promise.all(open.map((c) => new Promise<void>((resolve) => (c.isUp() ? c.destroy(() => resolve()) : resolve()))));
  await sf?.close();
});

describe('bootstrap and load through the real snowflake-sdk', () => {
  it('runs the bootstrap, and running it again changes nothing', async () => {
    const admin = await connect();
    expect(await run(admin, 'SELECT CURRENT_ROLE(), CURRENT_WAREHOUSE()')).toEqual([{ 'CURRENT_ROLE()': 'ACCOUNTADMIN', 'CURRENT_WAREHOUSE()': 'COMPUTE_WH' }]);
    const first = await bootstrap(admin);
    expect(first[1]).toBe('Warehouse TAPESTRY_WH successfully created.');
    expect(first[7]).toBe('User TAPESTRY_LOADER successfully created.');
    const warehouse = sf.catalog.warehouses.find((w) => w.name === 'TAPESTRY_WH');
    expect(warehouse).toMatchObject({ size: 'X-Small', autoSuspend: 60, autoResume: true, state: 'SUSPENDED', owner: 'ACCOUNTADMIN' });
    expect(sf.catalog.databases.find((d) => d.name === 'TAPESTRY')?.schemas.sort()).toEqual(['ANALYTICS', 'PUBLIC', 'RAW']);
    expect(sf.catalog.users.find((u) => u.name === 'TAPESTRY_LOADER')).toMatchObject({ defaultRole: 'TAPESTRY_ROLE', defaultWarehouse: 'TAPESTRY_WH', hasPassword: true, roles: expect.arrayContaining(['TAPESTRY_ROLE']) });

    const before = JSON.stringify([sf.catalog.warehouses, sf.catalog.schemas, sf.catalog.roles, sf.catalog.users, sf.catalog.grants, sf.catalog.futureGrants, sf.catalog.roleGrants]);
    const again = await bootstrap(admin);
    expect(again[1]).toBe('TAPESTRY_WH already exists, statement succeeded.');
    expect(again[2]).toBe('TAPESTRY already exists, statement succeeded.');
    expect(again[7]).toBe('TAPESTRY_LOADER already exists, statement succeeded.');
    const after = JSON.stringify([sf.catalog.warehouses, sf.catalog.schemas, sf.catalog.roles, sf.catalog.users, sf.catalog.grants, sf.catalog.futureGrants, sf.catalog.roleGrants]);
    expect(after).toBe(before);
  });

  it('lists what was granted with SHOW GRANTS TO ROLE and SHOW FUTURE GRANTS, in Snowflake columns', async () => {
    const admin = await connect();
    const grants = await run(admin, 'SHOW GRANTS TO ROLE tapestry_role');
    expect(Object.keys(grants[0] ?? {})).toEqual(['created_on', 'privilege', 'granted_on', 'name', 'granted_to', 'grantee_name', 'grant_option', 'granted_by']);
    const triples = grants.map((g) => `${String(g.privilege)} ${String(g.granted_on)} ${String(g.name)}`);
    expect(triples).toEqual(
      expect.arrayContaining([
        'USAGE WAREHOUSE TAPESTRY_WH',
        'OPERATE WAREHOUSE TAPESTRY_WH',
        'USAGE DATABASE TAPESTRY',
        'USAGE SCHEMA TAPESTRY.RAW',
        'CREATE TABLE SCHEMA TAPESTRY.RAW',
        'CREATE VIEW SCHEMA TAPESTRY.ANALYTICS',
      ]),
    );
    expect(grants.every((g) => g.granted_to === 'ROLE' && g.grantee_name === 'TAPESTRY_ROLE' && g.granted_by === 'ACCOUNTADMIN')).toBe(true);
    const future = await run(admin, 'SHOW FUTURE GRANTS IN SCHEMA tapestry.raw');
    expect(future.map((f) => `${String(f.privilege)} ${String(f.grant_on)} ${String(f.name)}`).sort()).toEqual(['INSERT TABLE TAPESTRY.RAW.<TABLE>', 'SELECT TABLE TAPESTRY.RAW.<TABLE>']);
    const of = await run(admin, 'SHOW GRANTS OF ROLE tapestry_role');
    expect(of.map((g) => `${String(g.granted_to)} ${String(g.grantee_name)}`).sort()).toEqual(['ROLE SYSADMIN', 'USER TAPESTRY_LOADER']);
  });

  it('lets the new user load a table and reports true counts and information_schema figures', async () => {
    const loader = await connect({ username: 'tapestry_loader', password: LOADER_PASSWORD });
    expect(await run(loader, 'SELECT CURRENT_USER(), CURRENT_ROLE(), CURRENT_WAREHOUSE(), CURRENT_DATABASE()')).toEqual([
      { 'CURRENT_USER()': 'TAPESTRY_LOADER', 'CURRENT_ROLE()': 'TAPESTRY_ROLE', 'CURRENT_WAREHOUSE()': 'TAPESTRY_WH', 'CURRENT_DATABASE()': null },
    ]);
    await run(loader, 'CREATE TABLE tapestry.raw.customers (id NUMBER(38,0) NOT NULL, email VARCHAR, created_at TIMESTAMP_NTZ)');
    const inserted = await run(loader, "INSERT INTO tapestry.raw.customers VALUES (1, 'ada@example.com', '2026-01-02 03:04:05'), (2, 'bob@example.com', NULL), (3, 'cy@example.com', '2026-01-03')");
    expect(inserted).toEqual([{ 'number of rows inserted': 3 }]);
    const bulk = await run(loader, 'INSERT INTO tapestry.raw.customers (id, email) VALUES (?, ?)', [
      [4, 'dee@example.com'],
      [5, 'eve@example.com'],
    ]);
    expect(bulk).toEqual([{ 'number of rows inserted': 2 }]);
    expect(await run(loader, 'SELECT COUNT(*) FROM tapestry.raw.customers')).toEqual([{ 'COUNT(*)': 5 }]);
    expect(await run(loader, "SELECT COUNT(*) AS n FROM tapestry.raw.customers WHERE email LIKE '%e@example.com'")).toEqual([{ N: 2 }]);

    const tables = await run(loader, "SELECT table_name, row_count, bytes, last_altered FROM tapestry.information_schema.tables WHERE table_schema = 'RAW' ORDER BY table_name");
    expect(tables).toHaveLength(1);
    expect(tables[0]).toMatchObject({ TABLE_NAME: 'CUSTOMERS', ROW_COUNT: 5 });
    expect(Number(tables[0]?.BYTES)).toBeGreaterThan(0);
    expect(tables[0]?.LAST_ALTERED).toBeInstanceOf(Date);

    const columns = await run(loader, "SELECT column_name, data_type, is_nullable FROM tapestry.information_schema.columns WHERE table_name = 'CUSTOMERS' ORDER BY ordinal_position");
    expect(columns).toEqual([
      { COLUMN_NAME: 'ID', DATA_TYPE: 'NUMBER', IS_NULLABLE: 'NO' },
      { COLUMN_NAME: 'EMAIL', DATA_TYPE: 'TEXT', IS_NULLABLE: 'YES' },
      { COLUMN_NAME: 'CREATED_AT', DATA_TYPE: 'TIMESTAMP_NTZ', IS_NULLABLE: 'YES' },
    ]);
    const [first] = await run(loader, 'SELECT id, created_at FROM tapestry.raw.customers ORDER BY id LIMIT 1');
    expect(first?.ID).toBe(1);
    expect(String((first?.CREATED_AT as Date).toJSON())).toMatch(/^2026-01-02[ T]03:04:05/);
    // The suspended warehouse resumed on its own for the first query that needed it.
    expect(sf.catalog.warehouses.find((w) => w.name === 'TAPESTRY_WH')?.state).toBe('STARTED');
    expect(sf.catalog.tables.find((t) => t.name === 'CUSTOMERS')).toMatchObject({ owner: 'TAPESTRY_ROLE', rowCount: 5 });
  });

  it('enforces privileges: no roles or users from a non-admin role, no warehouse without USAGE', async () => {
    const loader = await connect({ username: 'TAPESTRY_LOADER', password: LOADER_PASSWORD });
    const role = await failure(run(loader, 'CREATE ROLE sneaky'));
    expect(role).toMatchObject({ code: '003001', sqlState: '42501', message: "SQL access control error:\nInsufficient privileges to operate on account 'SANDBOX'" });
    const user = await failure(run(loader, "CREATE USER sneaky PASSWORD = 'x'"));
    expect(user.code).toBe('003001');
    expect(await run(loader, 'SHOW WAREHOUSES')).toEqual([expect.objectContaining({ name: 'TAPESTRY_WH' })]);
    const use = await failure(run(loader, 'USE WAREHOUSE compute_wh'));
    expect(use).toMatchObject({ code: '002043', sqlState: '02000' });
    const escalate = await failure(run(loader, 'USE ROLE accountadmin'));
    expect(escalate).toMatchObject({ code: '003013', sqlState: '42501' });
    expect(await run(loader, 'USE ROLE public')).toEqual([{ status: 'Statement executed successfully.' }]);
    expect(await run(loader, 'SELECT CURRENT_ROLE()')).toEqual([{ 'CURRENT_ROLE()': 'PUBLIC' }]);
    const hidden = await failure(run(loader, 'SELECT COUNT(*) FROM tapestry.public.nothing'));
    expect(hidden).toMatchObject({ code: '002003', sqlState: '02000' });
  });

  it('applies future grants to tables others create, schema-level ones taking precedence', async () => {
    const admin = await connect();
    await run(admin, 'CREATE TABLE tapestry.raw.events (id NUMBER)');
    await run(admin, 'CREATE TABLE tapestry.analytics.report (id NUMBER)');
    const onEvents = await run(admin, 'SHOW GRANTS ON TABLE tapestry.raw.events');
    expect(onEvents.map((g) => `${String(g.privilege)} ${String(g.grantee_name)}`).sort()).toEqual(['INSERT TAPESTRY_ROLE', 'OWNERSHIP ACCOUNTADMIN', 'SELECT TAPESTRY_ROLE']);
    const loader = await connect({ username: 'TAPESTRY_LOADER', password: LOADER_PASSWORD });
    expect(await run(loader, 'INSERT INTO tapestry.raw.events VALUES (1)')).toEqual([{ 'number of rows inserted': 1 }]);
    // ANALYTICS has no schema-level future grants, so the database-level SELECT applies, and only it.
    expect(await run(loader, 'SELECT COUNT(*) FROM tapestry.analytics.report')).toEqual([{ 'COUNT(*)': 0 }]);
    const insert = await failure(run(loader, 'INSERT INTO tapestry.analytics.report VALUES (1)'));
    expect(insert).toMatchObject({ code: '003001', sqlState: '42501', message: "SQL access control error:\nInsufficient privileges to operate on table 'REPORT'" });
  });
});

describe('errors as Snowflake reports them to the SDK', () => {
  it('reports a wrong password, an unknown role and a missing warehouse with their codes', async () => {
    const password = await failure(connect({ password: 'wrong' }));
    expect(password).toMatchObject({ code: '390100', message: 'Incorrect username or password was specified.' });
    const unknownUser = await failure(connect({ username: 'nobody', password: 'whatever' }));
    expect(unknownUser.code).toBe('390100');
    const role = await failure(connect({ role: 'no_such_role' }));
    expect(role.code).toBe('390189');
    expect(role.message).toContain("Role 'NO_SUCH_ROLE' specified in the connect string is not granted to this user");

    const noWarehouse = await connect({ warehouse: 'no_such_wh' });
    expect(await run(noWarehouse, 'SELECT CURRENT_WAREHOUSE()')).toEqual([{ 'CURRENT_WAREHOUSE()': null }]);
    const missing = await failure(run(noWarehouse, 'SELECT COUNT(*) FROM tapestry.raw.customers'));
    expect(missing).toMatchObject({ code: '000606', sqlState: '57P03' });
    expect(missing.message).toContain('No active warehouse selected in the current session');
    expect(missing.data?.queryId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('reports syntax errors, missing and existing objects, and unsupported statements', async () => {
    const admin = await connect();
    const syntax = await failure(run(admin, 'SELEC 1'));
    expect(syntax).toMatchObject({ code: '001003', sqlState: '42000', message: "SQL compilation error:\nsyntax error line 1 at position 0 unexpected 'SELEC'." });
    const trailing = await failure(run(admin, 'SELECT 1 FROM'));
    expect(trailing.message).toBe("SQL compilation error:\nsyntax error line 1 at position 13 unexpected '<EOF>'.");
    const exists = await failure(run(admin, 'CREATE DATABASE tapestry'));
    expect(exists).toMatchObject({ code: '002002', sqlState: '42710', message: "SQL compilation error:\nObject 'TAPESTRY' already exists." });
    const nothing = await failure(run(admin, 'DROP DATABASE nowhere'));
    expect(nothing).toMatchObject({ code: '002003', sqlState: '02000', message: "SQL compilation error:\nDatabase 'NOWHERE' does not exist or not authorized." });
    const unsupported = await failure(run(admin, 'CREATE VIEW tapestry.raw.v AS SELECT 1'));
    expect(unsupported).toMatchObject({ code: '000002', sqlState: '0A000' });
    expect(unsupported.message).toContain("Unsupported feature 'CREATE VIEW'");
  });

  it('records every statement in order with user, role and outcome, passwords masked', async () => {
    const statements = sf.statements();
    const loaderCreate = statements.find((s) => s.sqlText.startsWith('CREATE USER IF NOT EXISTS tapestry_loader'));
    expect(loaderCreate).toMatchObject({ user: 'TAPESTRY_ADMIN', role: 'ACCOUNTADMIN', ok: true });
    expect(statements.some((s) => s.sqlText.includes(LOADER_PASSWORD))).toBe(false);
    const texts = statements.map((s) => s.sqlText);
    expect(texts.indexOf('SELEC 1')).toBeGreaterThan(texts.indexOf('GRANT ROLE tapestry_role TO USER tapestry_loader'));
    expect(statements.find((s) => s.sqlText === 'SELEC 1')).toMatchObject({ ok: false, errorCode: '001003', user: 'TAPESTRY_ADMIN' });
    expect(statements.find((s) => s.sqlText === 'CREATE ROLE sneaky')).toMatchObject({ ok: false, errorCode: '003001', user: 'TAPESTRY_LOADER', role: 'TAPESTRY_ROLE' });
    const at = statements.map((s) => Date.parse(s.at));
    expect([...at].sort((a, b) => a - b)).toEqual(at);
    const viaHttp = (await (await control('/statements')).json()) as { statements: unknown[] };
    expect(viaHttp.statements).toHaveLength(statements.length);
  });
});

describe('the rest of the SDK protocol', () => {
  it('runs a multi-statement request when MULTI_STATEMENT_COUNT allows it, and refuses it otherwise', async () => {
    const admin = await connect();
    const results: Row[][] = [];
    await new Promise<void>((resolve, reject) =>
      admin.execute({
        sqlText: 'CREATE DATABASE IF NOT EXISTS scratch; CREATE SCHEMA IF NOT EXISTS scratch.work; SELECT CURRENT_DATABASE(), CURRENT_SCHEMA()',
        parameters: { MULTI_STATEMENT_COUNT: 0 },
        complete: (error, statement, rows) => {
          if (error) return reject(error);
          results.push((rows ?? []) as Row[]);
          // hasNext / NextResult exist at run time but are missing from the SDK's typings.
          const multi = statement as unknown as { hasNext?: () => boolean; NextResult: () => void };
          if (multi.hasNext?.()) multi.NextResult();
          else resolve();
        },
      }),
    );
    expect(results).toEqual([[{ status: 'Database SCRATCH successfully created.' }], [{ status: 'Schema WORK successfully created.' }], [{ 'CURRENT_DATABASE()': 'SCRATCH', 'CURRENT_SCHEMA()': 'WORK' }]]);
    const refused = await failure(run(admin, 'SELECT 1; SELECT 2'));
    expect(refused).toMatchObject({ code: '000008', sqlState: '0A000' });
  });

  it('answers asyncExec, query status and result look-ups, heartbeats, and ends the session on destroy', async () => {
    const admin = await connect();
    const id = await new Promise<string>((resolve, reject) =>
      admin.execute({ sqlText: 'SELECT 42 AS answer', asyncExec: true, complete: (error, statement) => (error ? reject(error) : resolve(statement.getQueryId())) }),
    );
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(await admin.getQueryStatus(id)).toBe('SUCCESS');
    const fetched = await admin.getResultsFromQueryId({ queryId: id, sqlText: '' });
    const rows = await new Promise<Row[]>((resolve, reject) => {
      const out: Row[] = [];
      fetched.streamRows().on('data', (row: Row) => out.push(row)).on('end', () => resolve(out)).on('error', reject);
    });
    expect(rows).toEqual([{ ANSWER: 42 }]);
    expect(await admin.isValidAsync()).toBe(true);
    expect(sf.log.count('heartbeat')).toBeGreaterThan(0);

    const token = (JSON.parse(sf.log.list({ operation: 'login' }).at(-1)?.responseBody ?? '{}') as { data: { token: string } }).data.token;
    await new Promise<void>((resolve, reject) => admin.destroy((error) => (error ? reject(error) : resolve())));
    const gone = await fetch(`${sf.url}/queries/v1/query-request`, {
      method: 'POST',
      body: JSON.stringify({ sqlText: 'SELECT 1' }),
      headers: { 'content-type': 'application/json', authorization: `Snowflake Token="${token}"` },
      signal: AbortSignal.timeout(5_000),
    });
    expect(await gone.json()).toMatchObject({ success: false, code: '390111' });
  });
});

describe('sessions, renewal and injected faults', () => {
  it('renews an expired session token with the master token and carries on', async () => {
    const admin = await connect();
    const renewalsBefore = sf.log.count('renew');
    expect(await (await control('/sessions/expire', { method: 'POST', body: '{}' })).json()).toMatchObject({ expired: expect.any(Number) });
    expect(await run(admin, 'SELECT 1')).toEqual([{ 1: 1 }]);
    expect(sf.log.count('renew')).toBe(renewalsBefore + 1);
    const expiredAnswers = sf.log.list({ operation: 'query' }).filter((e) => e.responseBody?.includes('"390112"'));
    expect(expiredAnswers.length).toBeGreaterThan(0);
  });

  it('refuses renewal with 390114 once the master token has expired; the SDK then reports a terminated connection', async () => {
    const admin = await connect();
    await control('/sessions/expire', { method: 'POST', body: JSON.stringify({ master: true }) });
    const error = await failure(run(admin, 'SELECT 1'));
    // What snowflake-sdk 3.3 surfaces: its own fatal client error, after GS answered 390114.
    expect(error).toMatchObject({ name: 'ClientError', code: 407002, sqlState: '08003', message: 'Unable to perform operation using terminated connection.' });
    expect(sf.log.list({ operation: 'renew' }).at(-1)?.responseBody).toContain('"code":"390114"');
    expect(admin.isUp()).toBe(false);
  });

  it('survives a throttled query (HTTP 429): the SDK retries and gets the answer', async () => {
    const admin = await connect();
    sf.faults.addRule({ kind: 'throttle', operation: 'query', times: 1 });
    expect(await run(admin, 'SELECT CURRENT_VERSION()')).toEqual([{ 'CURRENT_VERSION()': expect.stringMatching(/^\d+\.\d+\.\d+$/) }]);
    const queries = sf.log.list({ operation: 'query' }).slice(-2);
    expect(queries.map((q) => q.status)).toEqual([429, 200]);
  });

  it('injects each "Test connection" failure class through the control route', async () => {
    const arm = async (body: object) => expect((await control('/failures', { method: 'PUT', body: JSON.stringify(body) })).status).toBe(200);
    await arm({ login: 'auth', times: 1 });
    expect((await failure(connect())).code).toBe('390100');
    await arm({ login: 'locked', times: 1 });
    expect((await failure(connect())).code).toBe('390102');
    await arm({ login: 'role', times: 1 });
    expect((await failure(connect())).code).toBe('390189');
    const admin = await connect();
    await arm({ query: 'warehouse', times: 1 });
    expect((await failure(run(admin, 'SELECT 1'))).code).toBe('000606');
    await arm({ query: 'permission', times: 1 });
    expect((await failure(run(admin, 'SELECT 1'))).sqlState).toBe('42501');
    expect(await run(admin, 'SELECT 1')).toEqual([{ 1: 1 }]);
    await arm({ login: 'network', times: 1 });
    const network = await failure(connect());
    expect(network.name).toBe('NetworkError');
    expect(await connect()).toBeTruthy();
    // A hung login holds the connection until the client gives up; the stand-in sees it go.
    await arm({ login: 'hang', times: 1 });
    const hung = await failure(connect({ timeout: 300 }));
    expect(hung.name).toBe('NetworkError');
    await eventually(() => expect(sf.log.list({ operation: 'login' }).at(-1)).toMatchObject({ status: 0, fault: 'hang' }));
    expect((await control('/failures', { method: 'PUT', body: '{"login":"sideways"}' })).status).toBe(400);
  });
});

describe('bad input over plain HTTP', () => {
  const post = (path: string, body: string | Buffer, headers: Record<string, string> = {}) =>
    fetch(`${sf.url}${path}`, { method: 'POST', body: typeof body === 'string' ? body : new Uint8Array(body), headers: { 'content-type': 'application/json', ...headers }, signal: AbortSignal.timeout(5_000) });

  it('answers malformed JSON, a missing token and an unknown token with Snowflake envelopes, never a 500', async () => {
    const bad = await post('/session/v1/login-request', '{"data": ');
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ success: false, code: '390400' });
    const missing = await post('/queries/v1/query-request', JSON.stringify({ sqlText: 'SELECT 1' }));
    expect(missing.status).toBe(401);
    expect(await missing.json()).toMatchObject({ success: false, code: '390104' });
    const unknown = await post('/queries/v1/query-request', JSON.stringify({ sqlText: 'SELECT 1' }), { authorization: 'Snowflake Token="forged"' });
    expect(unknown.status).toBe(401);
    const nowhere = await post('/nowhere', '{}');
    expect(nowhere.status).toBe(404);
  });

  it('reads odd bindings leniently and reports a missing one, never failing internally', async () => {
    const login = await post('/session/v1/login-request', JSON.stringify({ data: { ACCOUNT_NAME: sf.account, LOGIN_NAME: sf.adminUser, PASSWORD: sf.adminPassword } }));
    const token = ((await login.json()) as { data: { token: string } }).data.token;
    const query = (body: object) => post('/queries/v1/query-request', JSON.stringify(body), { authorization: `Snowflake Token="${token}"` }).then((r) => r.json());
    expect(await query({ sqlText: 'SELECT ?, ?', bindings: { 1: 5, 2: { nonsense: true } } })).toMatchObject({ success: true, data: { rowset: [['5', null]] } });
    expect(await query({ sqlText: 'SELECT ?', bindings: 'junk' })).toMatchObject({ success: false, code: '002049', data: { sqlState: '42601' } });
    expect(await query({ sqlText: 42 })).toMatchObject({ success: false, code: '000900' });
  });

  it('accepts gzip bodies as the SDK sends them and answers an expired token with 390112', async () => {
    const loginBody = gzipSync(JSON.stringify({ data: { ACCOUNT_NAME: sf.account, LOGIN_NAME: sf.adminUser, PASSWORD: sf.adminPassword } }));
    const login = await post('/session/v1/login-request', loginBody, { 'content-encoding': 'gzip' });
    const session = (await login.json()) as { success: boolean; data: { token: string; sessionInfo: { roleName: string } } };
    expect(session).toMatchObject({ success: true, data: { sessionInfo: { roleName: 'ACCOUNTADMIN' } } });
    const auth = { authorization: `Snowflake Token="${session.data.token}"` };
    const query = await post('/queries/v1/query-request', gzipSync(JSON.stringify({ sqlText: 'SELECT 1 AS one' })), { ...auth, 'content-encoding': 'gzip' });
    expect(await query.json()).toMatchObject({ success: true, data: { rowtype: [{ name: 'ONE', type: 'fixed' }], rowset: [['1']], statementTypeId: 4096 } });
    await control('/sessions/expire', { method: 'POST', body: '{}' });
    const expired = await post('/queries/v1/query-request', JSON.stringify({ sqlText: 'SELECT 1' }), auth);
    expect(expired.status).toBe(200);
    expect(await expired.json()).toMatchObject({ success: false, code: '390112' });
    const wrongAccount = await post('/session/v1/login-request', JSON.stringify({ data: { ACCOUNT_NAME: 'elsewhere', LOGIN_NAME: sf.adminUser, PASSWORD: sf.adminPassword } }));
    expect(wrongAccount.status).toBe(403);
  });
});
