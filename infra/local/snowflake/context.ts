// What a statement executes with (catalog, session, the role's access) and how it resolves
// partial names against the session's current database and schema, as Snowflake does.
import { Access } from './access';
import type { CreateStatement, ObjectName } from './ast';
import type { Catalog } from './catalog';
import { errors, type ObjectKind } from './errors';
import type { Session } from './sessions';

export interface ExecutionContext {
  catalog: Catalog;
  session: Session;
  access: Access;
  now: number;
}

export function contextFor(catalog: Catalog, session: Session): ExecutionContext {
  return { catalog, session, access: new Access(catalog, session.role), now: catalog.now() };
}

/** The name of an account-level object (warehouse, database, role, user): one part only. */
export function singleName(name: ObjectName, kind: ObjectKind): string {
  if (name.length !== 1) throw errors.notFound(kind, name);
  return name[0] as string;
}

/** `[db, schema]` for a schema name, filling in the current database. */
export function schemaPath(ctx: ExecutionContext, name: ObjectName, verb: string): [string, string] {
  if (name.length === 2) return [name[0] as string, name[1] as string];
  if (name.length !== 1) throw errors.notFound('Schema', name);
  if (!ctx.session.database) throw errors.noCurrent('database', verb);
  return [ctx.session.database, name[0] as string];
}

/** `[db, schema, table]` for a table name, filling in the current database and schema. */
export function tablePath(ctx: ExecutionContext, name: ObjectName, verb: string): [string, string, string] {
  if (name.length === 3) return [name[0] as string, name[1] as string, name[2] as string];
  if (name.length === 2) {
    if (!ctx.session.database) throw errors.noCurrent('database', verb);
    return [ctx.session.database, name[0] as string, name[1] as string];
  }
  if (name.length !== 1) throw errors.notFound('Table', name);
  if (!ctx.session.database) throw errors.noCurrent('database', verb);
  if (!ctx.session.schema) throw errors.noCurrent('schema', verb);
  return [ctx.session.database, ctx.session.schema, name[0] as string];
}

/**
 * The warehouse a query runs on: the session's, existing, usable by the role, and running (a
 * suspended one resumes when AUTO_RESUME is on). Otherwise 000606, as Snowflake answers.
 */
export function requireWarehouse(ctx: ExecutionContext): void {
  const name = ctx.session.warehouse;
  const warehouse = name ? ctx.catalog.warehouses.get(name) : undefined;
  if (!warehouse || !name) throw errors.noActiveWarehouse();
  const securable = { type: 'WAREHOUSE' as const, path: [name] };
  if (!ctx.access.has(securable, 'USAGE') && !ctx.access.has(securable, 'OPERATE')) throw errors.noActiveWarehouse();
  if (warehouse.state === 'SUSPENDED') {
    if (!warehouse.autoResume) throw errors.noActiveWarehouse();
    warehouse.state = 'STARTED';
    warehouse.resumedOn = ctx.now;
  }
}

/**
 * CREATE over an object that may exist: `new`, `keep` (IF NOT EXISTS: succeed without change),
 * `replace` (OR REPLACE: the caller drops the old one), or Snowflake's 002002.
 */
export function createPlan(statement: CreateStatement, exists: boolean, path: string[], kind: ObjectKind = 'Object'): 'new' | 'keep' | 'replace' {
  if (!exists) return 'new';
  if (statement.ifNotExists) return 'keep';
  if (!statement.orReplace) throw errors.alreadyExists(kind, path);
  return 'replace';
}
