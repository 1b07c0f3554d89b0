// Warehouse bootstrap and teardown against the Snowflake stand-in through the real snowflake-sdk:
// everything is created and visible to SHOW as the administrator; the new service user signs in
// with its password and works in both schemas; a second run changes nothing; teardown keeps or
// drops data as asked and only drops what Tapestry made and nobody else uses; a third teardown
// finds nothing. The password travels only as a bind.
import snowflake from 'snowflake-sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSnowflakeStandIn, type SnowflakeStandIn } from '@/infra/local/snowflake';
import { IntegrationError } from '@/lib/integrations/errors';
import { bootstrapWarehouse, teardownWarehouse, warehousePlanFor, type ObjectReport, type SnowflakeAdminConfig } from '@/lib/integrations/warehouse';

snowflake.configure({ logLevel: 'OFF' });

type Row = Record<string, unknown>;

let sf: SnowflakeStandIn;
let admin: SnowflakeAdminConfig;
const open: snowflake.Connection[] = [];
const PASSWORD = `Svc-'Pa"ss\\w0rd-${Date.now()}`;
const plan = warehousePlanFor('rain-shield', { type: 'snowflake', config: { database: 'tapestry_rs', schema: 'raw', warehouse: 'tapestry_rs_wh' } });

function connect(options: Partial<snowflake.ConnectionOptions> = {}): Promise<snowflake.Connection> {
  const connection = snowflake.createConnection({ account: sf.account, accessUrl: sf.url, username: sf.adminUser, password: sf.adminPassword, timeout: 10_000, sfRetryMaxLoginRetries: 0, ...options } as snowflake.ConnectionOptions);
  return new Promise((resolve, reject) =>
    connection.connect((error, conn) => {
      if (error) return reject(error);
      open.push(conn);
      resolve(conn);
    }),
  );
}

function run(connection: snowflake.Connection, sqlText: string): Promise<Row[]> {
  return new Promise((resolve, reject) => connection.execute({ sqlText, complete: (error, _s, rows) => (error ? reject(error) : resolve((rows ?? []) as Row[])) }));
}

async function asAdmin(sqlText: string): Promise<Row[]> {
  return run(await connect(), sqlText);
}

const outcomes = (report: ObjectReport[]) => Object.fromEntries(report.map((r) => [`${r.type} ${r.name}`, r.outcome]));
const grants = (rows: Row[]) => rows.map((g) => `${String(g.privilege)} ${String(g.granted_on)} ${String(g.name)}`).sort();

/** The parts of the account a bootstrap touches, to compare runs. */
const snapshot = () => JSON.stringify([sf.catalog.warehouses, sf.catalog.schemas, sf.catalog.roles, sf.catalog.grants, sf.catalog.futureGrants, sf.catalog.roleGrants, sf.catalog.users.map((u) => u.name)]);

beforeAll(async () => {
  sf = await startSnowflakeStandIn({ recordBodies: true, users: [{ name: 'analyst', password: 'Analyst-Passw0rd', defaultRole: 'reporting' }] });
  admin = { kind: 'snowflake', account: sf.account, accessUrl: sf.url, username: sf.adminUser, password: sf.adminPassword };
});

afterAll(async () => {
  await Promise.all(open.map((c) => new Promise<void>((resolve) => (c.isUp() ? c.destroy(() => resolve()) : resolve()))));
  await sf?.close();
});

describe('bootstrapWarehouse on Snowflake', () => {
  it('creates the warehouse, database, schemas, role, user and grants, owned by SYSADMIN and SECURITYADMIN', async () => {
    const report = await bootstrapWarehouse(admin, plan, PASSWORD, { timeoutMs: 10_000 });
    expect(report.every((r) => r.outcome === 'created')).toBe(true);
    expect(outcomes(report)).toMatchObject({
      'warehouse TAPESTRY_RS_WH': 'created',
      'database TAPESTRY_RS': 'created',
      'schema TAPESTRY_RS.RAW': 'created',
      'schema TAPESTRY_RS.ANALYTICS': 'created',
      'role TAPESTRY_RAIN_SHIELD_ROLE': 'created',
      'user TAPESTRY_RAIN_SHIELD_SVC': 'created',
      'grant ROLE TAPESTRY_RAIN_SHIELD_ROLE TO ROLE SYSADMIN': 'created',
      'grant SELECT ON FUTURE TABLES IN SCHEMA TAPESTRY_RS.RAW TO ROLE TAPESTRY_RAIN_SHIELD_ROLE': 'created',
    });

    const [warehouse] = await asAdmin("SHOW WAREHOUSES LIKE 'TAPESTRY_RS_WH'");
    expect(warehouse).toMatchObject({ size: 'X-Small', auto_suspend: 60, auto_resume: 'true', state: 'SUSPENDED', owner: 'SYSADMIN' });
    const schemas = await asAdmin('SHOW SCHEMAS IN DATABASE tapestry_rs');
    expect(schemas.filter((s) => s.owner === 'SYSADMIN').map((s) => s.name).sort()).toEqual(['ANALYTICS', 'PUBLIC', 'RAW']);
    expect(grants(await asAdmin('SHOW GRANTS TO ROLE tapestry_rain_shield_role'))).toEqual(
      [
        'CREATE SCHEMA DATABASE TAPESTRY_RS',
        'CREATE TABLE SCHEMA TAPESTRY_RS.ANALYTICS',
        'CREATE TABLE SCHEMA TAPESTRY_RS.RAW',
        'CREATE VIEW SCHEMA TAPESTRY_RS.ANALYTICS',
        'CREATE VIEW SCHEMA TAPESTRY_RS.RAW',
        'USAGE DATABASE TAPESTRY_RS',
        'USAGE SCHEMA TAPESTRY_RS.ANALYTICS',
        'USAGE SCHEMA TAPESTRY_RS.RAW',
        'USAGE WAREHOUSE TAPESTRY_RS_WH',
      ].sort(),
    );
    const future = await asAdmin('SHOW FUTURE GRANTS TO ROLE tapestry_rain_shield_role');
    expect(future.map((f) => `${String(f.privilege)} ${String(f.name)}`).sort()).toEqual(['SELECT TAPESTRY_RS.ANALYTICS.<TABLE>', 'SELECT TAPESTRY_RS.RAW.<TABLE>']);
    const holders = await asAdmin('SHOW GRANTS OF ROLE tapestry_rain_shield_role');
    expect(holders.map((g) => `${String(g.granted_to)} ${String(g.grantee_name)}`).sort()).toEqual(['ROLE SYSADMIN', 'USER TAPESTRY_RAIN_SHIELD_SVC']);
    expect(sf.catalog.roles.find((r) => r.name === plan.role)?.owner).toBe('SECURITYADMIN');
    expect(sf.catalog.users.find((u) => u.name === plan.user)).toMatchObject({ defaultRole: plan.role, defaultWarehouse: 'TAPESTRY_RS_WH', hasPassword: true });
  });

  it('lets the service user sign in with its password and work as Airbyte and dbt do', async () => {
    const service = await connect({ username: plan.user, password: PASSWORD });
    expect(await run(service, 'SELECT CURRENT_ROLE(), CURRENT_WAREHOUSE()')).toEqual([{ 'CURRENT_ROLE()': plan.role, 'CURRENT_WAREHOUSE()': 'TAPESTRY_RS_WH' }]);
    await run(service, 'CREATE TABLE tapestry_rs.raw.customers (id NUMBER, email VARCHAR)');
    await run(service, "INSERT INTO tapestry_rs.raw.customers VALUES (1, 'ada@example.com')");
    await run(service, 'CREATE TABLE tapestry_rs.analytics.users AS SELECT id, email FROM tapestry_rs.raw.customers');
    // Airbyte keeps its raw tables in a schema of its own, which it creates.
    await run(service, 'CREATE SCHEMA IF NOT EXISTS tapestry_rs.airbyte_internal');
    await run(service, 'CREATE TABLE tapestry_rs.airbyte_internal.raw_customers (id NUMBER)');
    // Administrators see what the service made, through SYSADMIN.
    const adminSession = await connect();
    await run(adminSession, 'USE ROLE SYSADMIN');
    await run(adminSession, 'USE WAREHOUSE tapestry_rs_wh');
    expect(await run(adminSession, 'SELECT COUNT(*) FROM tapestry_rs.raw.customers')).toEqual([{ 'COUNT(*)': 1 }]);
  });

  it('sends the password only as a bind, never in statement text', () => {
    const bodies = sf.log.list({ operation: 'query' }).map((entry) => JSON.parse(entry.requestBody ?? '{}') as { sqlText?: string; bindings?: Record<string, { value: unknown }> });
    expect(bodies.length).toBeGreaterThan(10);
    expect(bodies.some((b) => b.sqlText?.includes(PASSWORD))).toBe(false);
    const bound = bodies.filter((b) => Object.values(b.bindings ?? {}).some((v) => v.value === PASSWORD));
    expect(bound.map((b) => b.sqlText)).toEqual([expect.stringMatching(/^CREATE USER IF NOT EXISTS "TAPESTRY_RAIN_SHIELD_SVC" PASSWORD = \?/)]);
  });

  it('runs again with nothing new: everything existed, the user is updated, nothing is duplicated', async () => {
    const before = snapshot();
    const report = await bootstrapWarehouse(admin, plan, PASSWORD);
    expect([...new Set(report.map((r) => r.outcome))].sort()).toEqual(['existed', 'updated']);
    expect(report.filter((r) => r.outcome === 'updated')).toEqual([{ type: 'user', name: plan.user, outcome: 'updated' }]);
    // Role to SYSADMIN and to the user, warehouse, database, two schemas, two future grants.
    expect(report.filter((r) => r.type === 'grant')).toHaveLength(8);
    expect(snapshot()).toBe(before);
    const service = await connect({ username: plan.user, password: PASSWORD });
    expect(await run(service, 'SELECT CURRENT_ROLE()')).toEqual([{ 'CURRENT_ROLE()': plan.role }]);
  });

  it('applies a new password on a later run (rotation): the old one stops working', async () => {
    const rotated = `${PASSWORD}-2`;
    await bootstrapWarehouse(admin, plan, rotated);
    await expect(connect({ username: plan.user, password: PASSWORD })).rejects.toMatchObject({ code: '390100' });
    expect(await connect({ username: plan.user, password: rotated })).toBeTruthy();
    await bootstrapWarehouse(admin, plan, PASSWORD);
  });

  it('names what an administrator without SYSADMIN lacks, and keeps secrets out of the error', async () => {
    const analyst: SnowflakeAdminConfig = { ...admin, username: 'analyst', password: 'Analyst-Passw0rd' };
    const error = await bootstrapWarehouse(analyst, plan, PASSWORD).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IntegrationError);
    expect((error as IntegrationError).toJSON()).toMatchObject({ provider: 'snowflake', failureClass: 'permission', code: '003013', step: 'bootstrap' });
    expect((error as IntegrationError).cause).toContain('SYSADMIN');
    expect(JSON.stringify((error as IntegrationError).toJSON())).not.toContain(PASSWORD);
  });

  it('stops at once when cancelled', async () => {
    const error = await bootstrapWarehouse(admin, plan, PASSWORD, { signal: AbortSignal.abort() }).catch((e: unknown) => e);
    expect((error as IntegrationError).failureClass).toBe('cancelled');
  });
});

describe('teardownWarehouse on Snowflake', () => {
  it('without dropData removes the user and role and keeps every schema and its data', async () => {
    const report = await teardownWarehouse(admin, plan, { dropData: false });
    expect(outcomes(report)).toEqual({
      'schema TAPESTRY_RS.AIRBYTE_INTERNAL': 'existed',
      'user TAPESTRY_RAIN_SHIELD_SVC': 'dropped',
      'role TAPESTRY_RAIN_SHIELD_ROLE': 'dropped',
      'schema TAPESTRY_RS.RAW': 'existed',
      'schema TAPESTRY_RS.ANALYTICS': 'existed',
      'database TAPESTRY_RS': 'existed',
      'warehouse TAPESTRY_RS_WH': 'existed',
    });
    expect(await asAdmin("SHOW USERS LIKE 'TAPESTRY_RAIN_SHIELD_SVC'")).toEqual([]);
    expect(await asAdmin("SHOW ROLES LIKE 'TAPESTRY_RAIN_SHIELD_ROLE'")).toEqual([]);
    await expect(connect({ username: plan.user, password: PASSWORD })).rejects.toMatchObject({ code: '390100' });
    expect(await asAdmin('SELECT COUNT(*) FROM tapestry_rs.raw.customers')).toEqual([{ 'COUNT(*)': 1 }]);
  });

  it('with dropData (after a fresh bootstrap) drops what the service made, then the schemas, database and warehouse Tapestry made', async () => {
    await bootstrapWarehouse(admin, plan, PASSWORD);
    const service = await connect({ username: plan.user, password: PASSWORD });
    await run(service, 'CREATE SCHEMA tapestry_rs.scratch');
    const report = await teardownWarehouse(admin, plan, { dropData: true });
    expect(outcomes(report)).toEqual({
      'schema TAPESTRY_RS.SCRATCH': 'dropped',
      'user TAPESTRY_RAIN_SHIELD_SVC': 'dropped',
      'role TAPESTRY_RAIN_SHIELD_ROLE': 'dropped',
      'schema TAPESTRY_RS.RAW': 'dropped',
      'schema TAPESTRY_RS.ANALYTICS': 'dropped',
      'database TAPESTRY_RS': 'dropped',
      'warehouse TAPESTRY_RS_WH': 'dropped',
    });
    expect(sf.catalog.databases.some((d) => d.name === 'TAPESTRY_RS')).toBe(false);
    expect(sf.catalog.warehouses.some((w) => w.name === 'TAPESTRY_RS_WH')).toBe(false);
  });

  it('finds nothing the third time: everything is absent, and nothing fails', async () => {
    const report = await teardownWarehouse(admin, plan, { dropData: true });
    expect(report.map((r) => r.outcome)).toEqual(['absent', 'absent', 'absent', 'absent', 'absent', 'absent']);
    expect(report.map((r) => r.type)).toEqual(['user', 'role', 'schema', 'schema', 'database', 'warehouse']);
  });

  it('keeps a database and warehouse it did not create, and a schema another role still uses, even with dropData', async () => {
    const shared = warehousePlanFor('shared-one', { type: 'snowflake', config: { database: 'customer_db', schema: 'raw', warehouse: 'customer_wh' } });
    const adminSession = await connect();
    await run(adminSession, 'USE ROLE SYSADMIN');
    await run(adminSession, 'CREATE DATABASE customer_db');
    await run(adminSession, 'CREATE WAREHOUSE customer_wh');
    const created = outcomes(await bootstrapWarehouse(admin, shared, PASSWORD));
    expect(created).toMatchObject({ 'database CUSTOMER_DB': 'existed', 'warehouse CUSTOMER_WH': 'existed', 'schema CUSTOMER_DB.RAW': 'created' });
    await run(adminSession, 'USE ROLE SECURITYADMIN');
    await run(adminSession, 'GRANT USAGE ON SCHEMA customer_db.raw TO ROLE reporting');

    const report = outcomes(await teardownWarehouse(admin, shared, { dropData: true }));
    expect(report).toMatchObject({
      'schema CUSTOMER_DB.RAW': 'existed',
      'schema CUSTOMER_DB.ANALYTICS': 'dropped',
      'database CUSTOMER_DB': 'existed',
      'warehouse CUSTOMER_WH': 'existed',
      'role TAPESTRY_SHARED_ONE_ROLE': 'dropped',
    });
    expect(sf.catalog.databases.find((d) => d.name === 'CUSTOMER_DB')?.schemas.sort()).toEqual(['PUBLIC', 'RAW']);
  });
});
