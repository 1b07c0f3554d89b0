// Removes one pipeline's Snowflake principal and, when asked, its data. The user and role always
// go. With dropData, schemas the service role itself made (Airbyte's internal schema) go first;
// then the plan's schemas, database and warehouse go only when Tapestry created them for this
// pipeline (the COMMENT the bootstrap wrote says so) and no other role holds a grant on them, so
// an object the customer made, or one another pipeline shares, is kept and reported 'existed'.
// Snowflake hands whatever a dropped role still owned to the role that drops it (SECURITYADMIN).
import type { CallOptions } from '../call-limits';
import { sf, sfSchema } from './identifiers';
import { ownershipMarker, planSchemas } from './plan';
import { reportOf, type ReportBook } from './report-book';
import { isMissingObject, SnowflakeAdminSession } from './snowflake-admin';
import type { ObjectReport, SnowflakeAdminConfig, WarehousePlan } from './types';

interface Found {
  name: string;
  owner: string;
  comment: string;
}

const SYSTEM_SCHEMAS = new Set(['INFORMATION_SCHEMA', 'PUBLIC']);

/** SHOW … LIKE takes a literal; plan names passed the strict identifier check, so none holds a quote. */
function likeLiteral(name: string): string {
  return `'${name.replace(/[\\'%_]/g, (c) => `\\${c}`)}'`;
}

function found(rows: Record<string, unknown>[]): Found[] {
  return rows.map((row) => ({ name: String(row.name), owner: String(row.owner ?? ''), comment: String(row.comment ?? '') }));
}

class SnowflakeTeardown {
  constructor(
    private readonly session: SnowflakeAdminSession,
    private readonly plan: WarehousePlan,
    private readonly book: ReportBook,
  ) {}

  private need(what: string): string {
    return `SYSADMIN, which owns ${what}`;
  }

  /** The database's schemas, or undefined when the database is gone (or SYSADMIN cannot see it). */
  async schemas(): Promise<Found[] | undefined> {
    try {
      return found(await this.session.run(`SHOW SCHEMAS IN DATABASE ${sf(this.plan.database)}`, [], this.need(`database ${this.plan.database}`)));
    } catch (error) {
      if (isMissingObject(error)) return undefined;
      throw error;
    }
  }

  async one(kind: 'DATABASES' | 'WAREHOUSES', name: string): Promise<Found | undefined> {
    const rows = found(await this.session.run(`SHOW ${kind} LIKE ${likeLiteral(name)}`, [], this.need(name)));
    return rows.find((row) => row.name === name);
  }

  /** Another role holds a privilege on it (or a future grant inside it): someone else uses it. */
  async inUse(on: 'WAREHOUSE' | 'DATABASE' | 'SCHEMA', quoted: string): Promise<boolean> {
    const need = this.need(quoted);
    const grants = await this.session.run(`SHOW GRANTS ON ${on} ${quoted}`, [], need);
    if (grants.some((g) => g.privilege !== 'OWNERSHIP')) return true;
    if (on === 'WAREHOUSE') return false;
    return (await this.session.run(`SHOW FUTURE GRANTS IN ${on} ${quoted}`, [], need)).length > 0;
  }

  private ours(object: Found): boolean {
    return object.comment === ownershipMarker(this.plan);
  }

  async dropServiceSchemas(dropData: boolean): Promise<void> {
    for (const schema of (await this.schemas())?.filter((s) => s.owner === this.plan.role) ?? []) {
      const name = `${this.plan.database}.${schema.name}`;
      if (!dropData) this.book.record('schema', name, 'existed');
      else {
        await this.session.run(`DROP SCHEMA IF EXISTS ${sfSchema(this.plan.database, schema.name)} CASCADE`, [], this.need(name));
        this.book.record('schema', name, 'dropped');
      }
    }
  }

  async dropPrincipal(type: 'USER' | 'ROLE', name: string): Promise<void> {
    const status = await this.session.status(`DROP ${type} IF EXISTS ${sf(name)}`, [], `ownership of ${type.toLowerCase()} ${name} (SECURITYADMIN, which created it)`);
    this.book.record(type === 'USER' ? 'user' : 'role', name, /successfully dropped/i.test(status) ? 'dropped' : 'absent');
  }

  async dropPlanSchemas(dropData: boolean): Promise<void> {
    const present = await this.schemas();
    for (const schema of planSchemas(this.plan)) {
      const name = `${this.plan.database}.${schema}`;
      const object = present?.find((s) => s.name === schema);
      const quoted = sfSchema(this.plan.database, schema);
      if (!object) this.book.record('schema', name, 'absent');
      else if (!dropData || !this.ours(object) || (await this.inUse('SCHEMA', quoted))) this.book.record('schema', name, 'existed');
      else {
        await this.session.run(`DROP SCHEMA IF EXISTS ${quoted} CASCADE`, [], this.need(name));
        this.book.record('schema', name, 'dropped');
      }
    }
  }

  /** Anything left in the database that is not an empty PUBLIC schema. */
  private async holdsOtherData(): Promise<boolean> {
    const left = (await this.schemas()) ?? [];
    if (left.some((s) => !SYSTEM_SCHEMAS.has(s.name))) return true;
    if (!left.some((s) => s.name === 'PUBLIC')) return false;
    return (await this.session.run(`SHOW TABLES IN SCHEMA ${sfSchema(this.plan.database, 'PUBLIC')}`, [], this.need(this.plan.database))).length > 0;
  }

  async dropDatabase(dropData: boolean): Promise<void> {
    const { database } = this.plan;
    const object = await this.one('DATABASES', database);
    if (!object) return this.book.record('database', database, 'absent');
    const keep = !dropData || !this.ours(object) || (await this.inUse('DATABASE', sf(database))) || (await this.holdsOtherData());
    if (keep) return this.book.record('database', database, 'existed');
    await this.session.run(`DROP DATABASE IF EXISTS ${sf(database)}`, [], this.need(database));
    this.book.record('database', database, 'dropped');
  }

  async dropWarehouse(dropData: boolean, warehouse: string): Promise<void> {
    const object = await this.one('WAREHOUSES', warehouse);
    if (!object) this.book.record('warehouse', warehouse, 'absent');
    else if (!dropData || !this.ours(object) || (await this.inUse('WAREHOUSE', sf(warehouse)))) this.book.record('warehouse', warehouse, 'existed');
    else {
      await this.session.run(`DROP WAREHOUSE IF EXISTS ${sf(warehouse)}`, [], this.need(warehouse));
      this.book.record('warehouse', warehouse, 'dropped');
    }
  }
}

async function teardown(session: SnowflakeAdminSession, plan: WarehousePlan, dropData: boolean, book: ReportBook): Promise<void> {
  const steps = new SnowflakeTeardown(session, plan, book);
  // While the role exists SYSADMIN inherits it, and so may drop what the role owns.
  await session.actAs('SYSADMIN');
  await steps.dropServiceSchemas(dropData);
  await session.actAs('SECURITYADMIN');
  await steps.dropPrincipal('USER', plan.user);
  await steps.dropPrincipal('ROLE', plan.role);
  await session.actAs('SYSADMIN');
  await steps.dropPlanSchemas(dropData);
  await steps.dropDatabase(dropData);
  if (plan.warehouse) await steps.dropWarehouse(dropData, plan.warehouse);
}

export function teardownSnowflake(admin: SnowflakeAdminConfig, plan: WarehousePlan, dropData: boolean, options: CallOptions): Promise<ObjectReport[]> {
  const open = () => SnowflakeAdminSession.open(admin, options, 'teardown', [admin.password]);
  return reportOf('snowflake', options.signal, open, (session, book) => teardown(session, plan, dropData, book));
}
