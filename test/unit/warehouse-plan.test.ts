// The warehouse plan and the statements the review page shows: names from pipeline slugs (cut
// and hashed to fit identifier limits, odd characters made safe), strict checking and quoting of
// configured names, and no password anywhere in the statements, only its bind placeholder.
import { describe, expect, it } from 'vitest';
import { IntegrationError } from '@/lib/integrations/errors';
import {
  bootstrapStatements,
  quotePostgresIdentifier,
  quoteSnowflakeIdentifier,
  SERVICE_PASSWORD_BIND,
  warehousePlanFor,
  type WarehousePlan,
} from '@/lib/integrations/warehouse';
import { scramSha256Verifier, verifierIsExact } from '@/lib/integrations/warehouse/scram';

const PASSWORD_WITH_QUOTES = `it's "quoted" \\ too`;
const snowflake = (slug: string, config: Record<string, unknown> = {}) =>
  warehousePlanFor(slug, { type: 'snowflake', config: { database: 'tapestry', schema: 'raw', warehouse: 'tapestry_wh', ...config } });
const postgres = (slug: string, config: Record<string, unknown> = {}) => warehousePlanFor(slug, { type: 'postgres', config: { database: 'Warehouse', ...config } });

function configError(run: () => unknown): IntegrationError {
  try {
    run();
  } catch (error) {
    if (error instanceof IntegrationError) return error;
    throw error;
  }
  throw new Error('expected a config error');
}

describe('warehousePlanFor', () => {
  it('names Snowflake objects in stored (upper-case) form from the slug and the destination settings', () => {
    expect(snowflake('rain-shield')).toEqual({
      kind: 'snowflake',
      database: 'TAPESTRY',
      rawSchema: 'RAW',
      analyticsSchema: 'ANALYTICS',
      role: 'TAPESTRY_RAIN_SHIELD_ROLE',
      user: 'TAPESTRY_RAIN_SHIELD_SVC',
      warehouse: 'TAPESTRY_WH',
    });
  });

  it('names PostgreSQL objects in lower case, keeps the database as given and defaults the raw schema to public', () => {
    expect(postgres('rain-shield')).toEqual({
      kind: 'postgres',
      database: 'Warehouse',
      rawSchema: 'public',
      analyticsSchema: 'analytics',
      role: 'tapestry_rain_shield',
      user: 'tapestry_rain_shield_svc',
    });
    expect(postgres('rain-shield', { schema: 'landing' }).rawSchema).toBe('landing');
  });

  it('cuts a long slug to fit the identifier limit and keeps two such slugs apart with a hash', () => {
    const long = `${'a'.repeat(30)}-${'b'.repeat(32)}`;
    expect(long).toHaveLength(63);
    const plan = postgres(long);
    expect(plan.user.length).toBeLessThanOrEqual(63);
    expect(plan.user).toMatch(/^tapestry_a{30}_b+_[0-9a-f]{6}_svc$/);
    expect(plan.role).toBe(plan.user.replace(/_svc$/, ''));
    const sibling = postgres(`${long.slice(0, -1)}c`);
    expect(sibling.user).not.toBe(plan.user);
    expect(sibling.user.slice(0, -11)).toBe(plan.user.slice(0, -11));

    // Snowflake's limit is 255: a 63-character slug fits whole; a very long (odd) one is cut there.
    expect(snowflake(long).role).toBe(`TAPESTRY_${'A'.repeat(30)}_${'B'.repeat(32)}_ROLE`);
    const huge = snowflake('x'.repeat(400));
    expect(huge.role.length).toBeLessThanOrEqual(255);
    expect(huge.role).toMatch(/^TAPESTRY_X+_[0-9A-F]{6}_ROLE$/);
  });

  it('makes odd characters safe, and never lets an odd slug collide with a canonical one', () => {
    const odd = postgres('Rain Shield!"; DROP ROLE x');
    expect(odd.role).toMatch(/^tapestry_rain_shield_drop_role_x_[0-9a-f]{6}$/);
    expect(postgres('a_b').role).not.toBe(postgres('a-b').role);
    expect(postgres('a-b').role).toBe('tapestry_a_b');
    expect(configError(() => postgres('---')).toJSON()).toMatchObject({ failureClass: 'config', field: 'slug' });
  });

  it('refuses configured names that are not plain identifiers, naming the field', () => {
    expect(configError(() => snowflake('p', { database: 'my-db' })).toJSON()).toMatchObject({ provider: 'snowflake', failureClass: 'config', field: 'database' });
    expect(configError(() => snowflake('p', { schema: 'RAW"; DROP DATABASE X; --' })).toJSON()).toMatchObject({ field: 'schema' });
    expect(configError(() => snowflake('p', { warehouse: '' })).toJSON()).toMatchObject({ field: 'warehouse' });
    expect(configError(() => postgres('p', { schema: 'raw data' })).toJSON()).toMatchObject({ provider: 'postgres', field: 'schema' });
    expect(configError(() => postgres('p', { database: 'd'.repeat(64) })).toJSON()).toMatchObject({ field: 'database' });
  });
});

describe('quoting', () => {
  it('doubles a quote inside a name, in both dialects', () => {
    expect(quoteSnowflakeIdentifier('we"ird')).toBe('"we""ird"');
    expect(quoteSnowflakeIdentifier('RAW')).toBe('"RAW"');
    expect(quotePostgresIdentifier('we"ird')).toBe('"we""ird"');
    expect(quotePostgresIdentifier('Raw')).toBe('"Raw"');
  });

  it('checks a plan again before it becomes SQL (a stored plan may have been tampered with)', () => {
    const tampered: WarehousePlan = { ...snowflake('p'), rawSchema: 'RAW" CASCADE; --' };
    expect(configError(() => bootstrapStatements(tampered)).failureClass).toBe('config');
  });
});

describe('bootstrapStatements', () => {
  const PASSWORD = "Sv'c-Pa$$w0rd\\\"";

  it('lists the Snowflake bootstrap: objects as SYSADMIN, principals and grants as SECURITYADMIN, every name quoted', () => {
    const statements = bootstrapStatements(snowflake('rain-shield'));
    const sql = statements.map((s) => s.sql);
    expect(sql[0]).toBe('USE ROLE "SYSADMIN"');
    expect(sql).toContain(
      `CREATE WAREHOUSE IF NOT EXISTS "TAPESTRY_WH" WITH WAREHOUSE_SIZE = 'XSMALL' AUTO_SUSPEND = 60 AUTO_RESUME = TRUE INITIALLY_SUSPENDED = TRUE COMMENT = 'Created by Tapestry for TAPESTRY_RAIN_SHIELD_ROLE'`,
    );
    expect(sql).toContain('GRANT SELECT ON FUTURE TABLES IN SCHEMA "TAPESTRY"."ANALYTICS" TO ROLE "TAPESTRY_RAIN_SHIELD_ROLE"');
    expect(sql).toContain('GRANT ROLE "TAPESTRY_RAIN_SHIELD_ROLE" TO ROLE "SYSADMIN"');
    expect(sql.indexOf('USE ROLE "SECURITYADMIN"')).toBeLessThan(sql.findIndex((s) => s.startsWith('CREATE ROLE')));
    const withPassword = statements.filter((s) => s.binds.length > 0);
    expect(withPassword.map((s) => s.sql)).toEqual([expect.stringMatching(/^CREATE USER IF NOT EXISTS "TAPESTRY_RAIN_SHIELD_SVC" PASSWORD = \? /), expect.stringMatching(/^ALTER USER "TAPESTRY_RAIN_SHIELD_SVC" SET PASSWORD = \? /)]);
    expect(withPassword.every((s) => s.binds.length === 1 && s.binds[0] === SERVICE_PASSWORD_BIND)).toBe(true);
    expect(withPassword[1]?.note).toMatch(/already exists/);
  });

  it('lists the PostgreSQL bootstrap with the password only as the bound value of a transaction-local setting', () => {
    const statements = bootstrapStatements(postgres('rain-shield', { schema: 'raw' }));
    const sql = statements.map((s) => s.sql);
    expect(sql).toContain('CREATE ROLE "tapestry_rain_shield" NOLOGIN');
    expect(sql).toContain('CREATE SCHEMA "analytics"');
    expect(sql).toContain('GRANT CONNECT, CREATE, TEMPORARY ON DATABASE "Warehouse" TO "tapestry_rain_shield"');
    expect(sql).toContain('ALTER DEFAULT PRIVILEGES IN SCHEMA "raw" GRANT SELECT ON TABLES TO "tapestry_rain_shield"');
    const bound = statements.filter((s) => s.binds.includes(SERVICE_PASSWORD_BIND));
    expect(bound).toHaveLength(2);
    expect(bound.every((s) => s.sql.startsWith('SELECT set_config('))).toBe(true);
    // The DO blocks read the setting; no statement interpolates a value.
    expect(sql.filter((s) => s.startsWith('DO ')).every((s) => s.includes("current_setting('tapestry.service_password')"))).toBe(true);
  });

  it('never contains a password, whichever plan', () => {
    for (const plan of [snowflake('rain-shield'), postgres('rain-shield'), snowflake('x'.repeat(300)), postgres('Odd Slug')]) {
      const text = JSON.stringify(bootstrapStatements(plan));
      expect(text).not.toContain(PASSWORD);
      expect(text).not.toMatch(/PASSWORD\s*=\s*'/i);
    }
  });
});

describe('SCRAM verifier', () => {
  it('is PostgreSQL’s stored form, salted anew each time, and used only for printable ASCII passwords', () => {
    const first = scramSha256Verifier('pencil');
    expect(first).toMatch(/^SCRAM-SHA-256\$4096:[A-Za-z0-9+/]{22}==\$[A-Za-z0-9+/]{43}=:[A-Za-z0-9+/]{43}=$/);
    expect(scramSha256Verifier('pencil')).not.toBe(first);
    const salt = Buffer.from('W22ZaJ0SNY7soEsUEjb6gQ==', 'base64');
    expect(scramSha256Verifier('pencil', salt)).toBe(scramSha256Verifier('pencil', salt));
    expect(verifierIsExact(PASSWORD_WITH_QUOTES)).toBe(true);
    expect(verifierIsExact('pässwörd')).toBe(false);
  });
});
