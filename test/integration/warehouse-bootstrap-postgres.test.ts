// Warehouse bootstrap and teardown against a real PostgreSQL (the test cluster). The administrator
// is what the wizard asks for, and no more: a role with CREATEROLE that owns the database (not a
// superuser). The service role signs in with a password full of quotes and backslashes and works
// in both schemas; a second run changes nothing; teardown keeps or drops data as asked, never drops
// a schema Tapestry did not create or one another role uses; a third teardown finds nothing. No
// statement text ever carries the password.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IntegrationError } from '@/lib/integrations/errors';
import { bootstrapWarehouse, teardownWarehouse, warehousePlanFor, type ObjectReport, type PostgresAdminConfig } from '@/lib/integrations/warehouse';
import { clusterUrl, createDatabase, sql } from '../support/database';

// Roles are cluster-wide and the cluster is shared by the test files: every name is unique to this run.
const tag = randomBytes(3).toString('hex');
const PASSWORD = `it's "quoted" \\ and \\\\ back'slashed'' ${tag}`;
const ADMIN_PASSWORD = `Admin-${randomBytes(9).toString('hex')}`;

let superUrl: string;
let database: string;
let admin: PostgresAdminConfig;
const plan = () => warehousePlanFor(`rain-${tag}`, { type: 'postgres', config: { database, schema: 'raw' } });

/** Every statement text and parameter the pg client sends from this process, to prove where the password goes. */
const sent: string[] = [];
const sentValues: unknown[] = [];
const originalQuery = pg.Client.prototype.query;

function urlFor(user: string, password: string): string {
  const url = new URL(superUrl);
  url.username = user;
  url.password = password;
  return url.toString();
}

async function signIn(user: string, password: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: urlFor(user, password) });
  await client.connect();
  return client;
}

async function asService(password: string, statements: string[]): Promise<void> {
  const client = await signIn(plan().user, password);
  try {
    for (const statement of statements) await client.query(statement);
  } finally {
    await client.end();
  }
}

const outcomes = (report: ObjectReport[]) => Object.fromEntries(report.map((r) => [`${r.type} ${r.name}`, r.outcome]));

/** Everything a bootstrap grants, to compare runs. */
const grantState = () =>
  sql(
    superUrl,
    `SELECT (SELECT datacl::text FROM pg_database WHERE datname = current_database()) AS db,
            (SELECT json_agg(nspname || ':' || coalesce(nspacl::text, '') ORDER BY nspname) FROM pg_namespace WHERE nspname IN ('raw', 'analytics')) AS schemas,
            (SELECT json_agg(defaclacl::text ORDER BY defaclacl::text) FROM pg_default_acl) AS defaults,
            (SELECT count(*) FROM pg_auth_members m JOIN pg_roles r ON r.oid = m.roleid WHERE r.rolname = $1) AS members`,
    [plan().role],
  );

beforeAll(async () => {
  superUrl = await createDatabase({ fromTemplate: false });
  database = new URL(superUrl).pathname.slice(1);
  const adminRole = `wh_admin_${tag}`;
  await sql(superUrl, `CREATE ROLE ${adminRole} LOGIN CREATEROLE PASSWORD '${ADMIN_PASSWORD}'`);
  await sql(superUrl, `ALTER DATABASE ${database} OWNER TO ${adminRole}`);
  const url = new URL(superUrl);
  admin = { kind: 'postgres', host: url.hostname, port: Number(url.port), username: adminRole, password: ADMIN_PASSWORD, sslMode: 'prefer' };
  pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
    const first = args[0];
    sent.push(typeof first === 'string' ? first : String((first as { text?: unknown })?.text ?? ''));
    if (Array.isArray(args[1])) sentValues.push(...(args[1] as unknown[]));
    return (originalQuery as (...a: unknown[]) => unknown).apply(this, args);
  } as typeof pg.Client.prototype.query;
});

afterAll(async () => {
  pg.Client.prototype.query = originalQuery;
  for (const role of [plan().user, plan().role, `tapestry_shared_${tag}_svc`, `tapestry_shared_${tag}`, `wh_admin_${tag}`]) {
    await sql(clusterUrl('postgres'), `DROP ROLE IF EXISTS ${role}`).catch(() => undefined);
  }
});

describe('bootstrapWarehouse on PostgreSQL', () => {
  it('creates the roles, schemas and grants as a non-superuser administrator', async () => {
    const report = await bootstrapWarehouse(admin, plan(), PASSWORD, { timeoutMs: 10_000 });
    const { role, user } = plan();
    expect(report.every((r) => r.outcome === 'created')).toBe(true);
    expect(outcomes(report)).toEqual({
      [`role ${role}`]: 'created',
      [`user ${user}`]: 'created',
      [`grant ${role} TO ${user}`]: 'created',
      [`schema ${database}.raw`]: 'created',
      [`schema ${database}.analytics`]: 'created',
      [`grant CONNECT, CREATE, TEMPORARY ON DATABASE ${database} TO ${role}`]: 'created',
      [`grant USAGE, CREATE ON SCHEMA raw TO ${role}`]: 'created',
      [`grant USAGE, CREATE ON SCHEMA analytics TO ${role}`]: 'created',
      [`grant DEFAULT PRIVILEGES SELECT ON TABLES IN SCHEMA raw TO ${role}`]: 'created',
      [`grant DEFAULT PRIVILEGES SELECT ON TABLES IN SCHEMA analytics TO ${role}`]: 'created',
    });
    const [roles] = await sql(
      superUrl,
      `SELECT (SELECT rolcanlogin FROM pg_roles WHERE rolname = $1) AS role_login, (SELECT rolcanlogin FROM pg_roles WHERE rolname = $2) AS user_login,
              (SELECT rolpassword FROM pg_authid WHERE rolname = $2) AS stored,
              pg_has_role($2, $1, 'USAGE') AS inherits,
              has_schema_privilege($2, 'raw', 'CREATE') AND has_schema_privilege($2, 'analytics', 'CREATE') AS creates,
              obj_description('raw'::regnamespace, 'pg_namespace') AS marker`,
      [role, user],
    );
    expect(roles).toMatchObject({ role_login: false, user_login: true, inherits: true, creates: true, marker: `Created by Tapestry for ${role}` });
    expect(String(roles?.stored)).toMatch(/^SCRAM-SHA-256\$4096:/);
  });

  it('lets the service role sign in with the quoted, back-slashed password and build in both schemas', async () => {
    await asService(PASSWORD, [
      'CREATE TABLE raw.customers (id int, email text)',
      "INSERT INTO raw.customers VALUES (1, 'ada@example.com')",
      'CREATE TABLE analytics.users AS SELECT * FROM raw.customers',
      // Airbyte creates its own schema for raw tables, and re-creates the target schema if missing.
      'CREATE SCHEMA IF NOT EXISTS airbyte_internal',
      'CREATE SCHEMA IF NOT EXISTS raw',
      'CREATE TABLE airbyte_internal.raw_customers (id int)',
    ]);
    expect(await sql(superUrl, 'SELECT count(*)::int AS n FROM analytics.users')).toEqual([{ n: 1 }]);
  });

  it('never sends the password in statement text, and binds its SCRAM verifier rather than the password', () => {
    expect(sent.length).toBeGreaterThan(10);
    expect(sent.filter((text) => text.includes(PASSWORD))).toEqual([]);
    const setsPassword = sent.filter((text) => /\b(CREATE|ALTER) ROLE\b/i.test(text) && /PASSWORD/i.test(text));
    expect(setsPassword.length).toBeGreaterThan(0);
    expect(setsPassword.every((text) => text.includes("current_setting('tapestry.service_password')"))).toBe(true);
    expect(sentValues).not.toContain(PASSWORD);
    expect(sentValues.some((value) => typeof value === 'string' && value.startsWith('SCRAM-SHA-256$4096:'))).toBe(true);
  });

  it('runs again with nothing new: everything existed, the user is updated, no grant duplicated', async () => {
    const before = await grantState();
    const report = await bootstrapWarehouse(admin, plan(), PASSWORD);
    expect(report.filter((r) => r.outcome !== 'existed')).toEqual([{ type: 'user', name: plan().user, outcome: 'updated' }]);
    expect(report).toHaveLength(10);
    expect(await grantState()).toEqual(before);
    await asService(PASSWORD, ['SELECT 1']);
  });

  it('applies a new password on a later run (rotation), non-ASCII ones too', async () => {
    const rotated = `pässwörd-${tag}`;
    await bootstrapWarehouse(admin, plan(), rotated);
    await expect(asService(PASSWORD, ['SELECT 1'])).rejects.toMatchObject({ code: '28P01' });
    await asService(rotated, ['SELECT 1']);
    await bootstrapWarehouse(admin, plan(), PASSWORD);
  });

  it('names what an administrator without CREATEROLE lacks, and keeps secrets out of the error', async () => {
    const weak = `wh_weak_${tag}`;
    await sql(superUrl, `CREATE ROLE ${weak} LOGIN PASSWORD '${ADMIN_PASSWORD}'`);
    try {
      const other = warehousePlanFor(`weak-${tag}`, { type: 'postgres', config: { database, schema: 'raw' } });
      const error = await bootstrapWarehouse({ ...admin, username: weak }, other, PASSWORD).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(IntegrationError);
      expect((error as IntegrationError).toJSON()).toMatchObject({ provider: 'postgres', failureClass: 'permission', code: '42501', step: 'bootstrap' });
      expect((error as IntegrationError).cause).toContain('CREATEROLE');
      expect(JSON.stringify((error as IntegrationError).toJSON())).not.toContain(ADMIN_PASSWORD);
    } finally {
      await sql(superUrl, `DROP ROLE ${weak}`);
    }
  });
});

describe('teardownWarehouse on PostgreSQL', () => {
  it('without dropData removes the user and role, and hands what they made to the administrator', async () => {
    const report = await teardownWarehouse(admin, plan(), { dropData: false });
    expect(outcomes(report)).toEqual({
      [`schema ${database}.airbyte_internal`]: 'existed',
      [`user ${plan().user}`]: 'dropped',
      [`role ${plan().role}`]: 'dropped',
      [`schema ${database}.raw`]: 'existed',
      [`schema ${database}.analytics`]: 'existed',
    });
    expect(await sql(superUrl, 'SELECT rolname FROM pg_roles WHERE rolname = ANY($1)', [[plan().user, plan().role]])).toEqual([]);
    const owners = await sql(superUrl, `SELECT relname, pg_get_userbyid(relowner) AS owner FROM pg_class WHERE relname IN ('customers', 'users', 'raw_customers') ORDER BY relname`);
    expect(owners).toEqual(['customers', 'raw_customers', 'users'].map((relname) => ({ relname, owner: admin.username })));
    await expect(asService(PASSWORD, ['SELECT 1'])).rejects.toMatchObject({ code: '28P01' });
  });

  it('with dropData (after a fresh bootstrap) drops what the service made and the schemas Tapestry made', async () => {
    await bootstrapWarehouse(admin, plan(), PASSWORD);
    await asService(PASSWORD, ['CREATE SCHEMA scratch', 'CREATE TABLE scratch.t (id int)', 'CREATE TABLE raw.events (id int)']);
    const report = await teardownWarehouse(admin, plan(), { dropData: true });
    expect(outcomes(report)).toEqual({
      [`schema ${database}.scratch`]: 'dropped',
      [`user ${plan().user}`]: 'dropped',
      [`role ${plan().role}`]: 'dropped',
      [`schema ${database}.raw`]: 'dropped',
      [`schema ${database}.analytics`]: 'dropped',
    });
    const left = await sql<{ nspname: string }>(superUrl, `SELECT nspname FROM pg_namespace WHERE nspname IN ('raw', 'analytics', 'scratch', 'airbyte_internal', 'public') ORDER BY nspname`);
    // airbyte_internal was handed to the administrator by the earlier teardown: no longer the service's, so kept.
    expect(left.map((r) => r.nspname)).toEqual(['airbyte_internal', 'public']);
  });

  it('finds nothing the third time: everything is absent, and nothing fails', async () => {
    const report = await teardownWarehouse(admin, plan(), { dropData: true });
    expect(report).toEqual([
      { type: 'user', name: plan().user, outcome: 'absent' },
      { type: 'role', name: plan().role, outcome: 'absent' },
      { type: 'schema', name: `${database}.raw`, outcome: 'absent' },
      { type: 'schema', name: `${database}.analytics`, outcome: 'absent' },
    ]);
  });

  it('keeps public (not Tapestry’s) and a schema another role uses, even with dropData', async () => {
    const shared = warehousePlanFor(`shared-${tag}`, { type: 'postgres', config: { database } });
    expect(shared.rawSchema).toBe('public');
    expect(outcomes(await bootstrapWarehouse(admin, shared, PASSWORD))).toMatchObject({ [`schema ${database}.public`]: 'existed', [`schema ${database}.analytics`]: 'created' });
    const reader = `wh_reader_${tag}`;
    await sql(superUrl, `CREATE ROLE ${reader}`);
    await sql(superUrl, `GRANT USAGE ON SCHEMA analytics TO ${reader}`);
    try {
      expect(outcomes(await teardownWarehouse(admin, shared, { dropData: true }))).toMatchObject({
        [`schema ${database}.public`]: 'existed',
        [`schema ${database}.analytics`]: 'existed',
        [`role ${shared.role}`]: 'dropped',
      });
      expect(await sql(superUrl, `SELECT count(*)::int AS n FROM pg_namespace WHERE nspname IN ('public', 'analytics')`)).toEqual([{ n: 2 }]);
    } finally {
      await sql(superUrl, `DROP OWNED BY ${reader}; DROP ROLE ${reader}`);
    }
  });
});
