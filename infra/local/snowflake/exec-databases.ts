// CREATE / ALTER / DROP of databases and schemas. A new database gets its PUBLIC schema and
// becomes the session's current database (and PUBLIC its schema); a new schema becomes the
// current schema; future grants on schemas apply as they are created.
import type { AlterStatement, CreateStatement, DropStatement } from './ast';
import type { Database, Schema } from './catalog';
import { createPlan, schemaPath, singleName, type ExecutionContext } from './context';
import { errors } from './errors';
import { displayName } from './identifiers';
import { applyFutureGrants } from './future-grants';
import { booleanProperty, integerProperty, textProperty } from './properties';
import { done, type ResultSet } from './results';

function newSchema(ctx: ExecutionContext, database: string, name: string, owner: string, transient: boolean): Schema {
  return {
    name,
    database,
    owner,
    transient,
    managedAccess: false,
    comment: null,
    retentionTime: 1,
    createdOn: ctx.now,
    lastAltered: ctx.now,
    tables: new Map(),
  };
}

export function createDatabase(ctx: ExecutionContext, statement: CreateStatement): ResultSet {
  const name = singleName(statement.name, 'Database');
  ctx.access.requireAccountPrivilege('CREATE DATABASE');
  const plan = createPlan(statement, ctx.catalog.databases.has(name), [name]);
  if (plan === 'keep') return done.existed(name);
  if (plan === 'replace') ctx.catalog.forgetGrantsOn({ type: 'DATABASE', path: [name] });
  const transient = statement.modifier === 'TRANSIENT';
  const database: Database = {
    name,
    owner: ctx.session.role,
    transient,
    comment: textProperty(statement.properties, 'COMMENT') ?? null,
    retentionTime: integerProperty(statement.properties, 'DATA_RETENTION_TIME_IN_DAYS') ?? 1,
    createdOn: ctx.now,
    lastAltered: ctx.now,
    schemas: new Map(),
  };
  database.schemas.set('PUBLIC', newSchema(ctx, name, 'PUBLIC', ctx.session.role, transient));
  ctx.catalog.databases.set(name, database);
  ctx.session.database = name;
  ctx.session.schema = 'PUBLIC';
  return done.created('Database', name);
}

export function createSchema(ctx: ExecutionContext, statement: CreateStatement): ResultSet {
  const [databaseName, name] = schemaPath(ctx, statement.name, 'CREATE SCHEMA');
  ctx.access.requireDatabase(databaseName);
  const database = ctx.catalog.databases.get(databaseName) as Database;
  if (!ctx.access.has({ type: 'DATABASE', path: [databaseName] }, 'CREATE SCHEMA')) {
    throw errors.insufficientPrivileges('database', displayName(databaseName));
  }
  if (name === 'INFORMATION_SCHEMA') throw errors.alreadyExists('Object', [databaseName, name]);
  const plan = createPlan(statement, database.schemas.has(name), [databaseName, name]);
  if (plan === 'keep') return done.existed(name);
  if (plan === 'replace') ctx.catalog.forgetGrantsOn({ type: 'SCHEMA', path: [databaseName, name] });
  const schema = newSchema(ctx, databaseName, name, ctx.session.role, statement.modifier === 'TRANSIENT' || database.transient);
  schema.managedAccess = booleanProperty(statement.properties, 'MANAGED_ACCESS') ?? false;
  schema.comment = textProperty(statement.properties, 'COMMENT') ?? null;
  schema.retentionTime = integerProperty(statement.properties, 'DATA_RETENTION_TIME_IN_DAYS') ?? database.retentionTime;
  database.schemas.set(name, schema);
  schema.owner = applyFutureGrants(ctx.catalog, 'SCHEMA', [databaseName, name]).owner ?? schema.owner;
  database.lastAltered = ctx.now;
  ctx.session.database = databaseName;
  ctx.session.schema = name;
  return done.created('Schema', name);
}

/** The database or schema the statement names, if the role sees it (else 002003 / undefined). */
function visible(ctx: ExecutionContext, type: 'DATABASE' | 'SCHEMA', path: string[], ifExists: boolean): Database | Schema | undefined {
  const [database = '', schema = ''] = path;
  const found = type === 'DATABASE' ? ctx.catalog.databases.get(database) : ctx.catalog.findSchema(database, schema);
  if (found && ctx.access.sees({ type, path })) return found;
  if (ifExists) return undefined;
  throw errors.notFound(type === 'DATABASE' ? 'Database' : 'Schema', path);
}

export function alterContainer(ctx: ExecutionContext, statement: AlterStatement): ResultSet {
  const type = statement.objectType as 'DATABASE' | 'SCHEMA';
  const path = type === 'DATABASE' ? [singleName(statement.name, 'Database')] : schemaPath(ctx, statement.name, 'ALTER SCHEMA');
  const found = visible(ctx, type, path, statement.ifExists);
  if (!found) return done.ok();
  if (!ctx.access.owns({ type, path })) throw errors.insufficientPrivileges(type.toLowerCase(), displayName(path[path.length - 1] as string));
  const { action } = statement;
  if (action.kind === 'set') {
    const comment = textProperty(action.properties, 'COMMENT');
    if (comment !== undefined) found.comment = comment;
    found.retentionTime = integerProperty(action.properties, 'DATA_RETENTION_TIME_IN_DAYS') ?? found.retentionTime;
  } else if (action.kind === 'unset') {
    if (action.keys.includes('COMMENT')) found.comment = null;
  } else if (action.kind === 'rename') {
    renameContainer(ctx, type, path, action.to);
  } else {
    throw errors.unsupported(`ALTER ${type} … ${action.kind.toUpperCase()}`);
  }
  found.lastAltered = ctx.now;
  return done.ok();
}

function renameContainer(ctx: ExecutionContext, type: 'DATABASE' | 'SCHEMA', path: string[], to: string[]): void {
  if (type === 'DATABASE') {
    const [from = ''] = path;
    const target = singleName(to, 'Database');
    if (ctx.catalog.databases.has(target)) throw errors.alreadyExists('Object', [target]);
    const database = ctx.catalog.databases.get(from) as Database;
    ctx.catalog.databases.delete(from);
    database.name = target;
    for (const schema of database.schemas.values()) {
      schema.database = target;
      for (const table of schema.tables.values()) table.database = target;
    }
    ctx.catalog.databases.set(target, database);
    ctx.catalog.renameGrants({ type, path }, [target]);
    if (ctx.session.database === from) ctx.session.database = target;
    return;
  }
  const [databaseName = '', from = ''] = path;
  const [targetDb, target] = schemaPath(ctx, to.length === 1 ? [databaseName, ...to] : to, 'ALTER SCHEMA');
  if (targetDb !== databaseName) throw errors.unsupported('ALTER SCHEMA … RENAME TO another database');
  const database = ctx.catalog.databases.get(databaseName) as Database;
  if (database.schemas.has(target)) throw errors.alreadyExists('Object', [databaseName, target]);
  const schema = database.schemas.get(from) as Schema;
  database.schemas.delete(from);
  schema.name = target;
  for (const table of schema.tables.values()) table.schema = target;
  database.schemas.set(target, schema);
  ctx.catalog.renameGrants({ type, path }, [databaseName, target]);
  if (ctx.session.database === databaseName && ctx.session.schema === from) ctx.session.schema = target;
}

export function dropContainer(ctx: ExecutionContext, statement: DropStatement): ResultSet {
  const type = statement.objectType as 'DATABASE' | 'SCHEMA';
  const path = type === 'DATABASE' ? [singleName(statement.name, 'Database')] : schemaPath(ctx, statement.name, 'DROP SCHEMA');
  const name = path[path.length - 1] as string;
  if (!visible(ctx, type, path, statement.ifExists)) return done.alreadyDropped(name);
  if (!ctx.access.owns({ type, path })) throw errors.insufficientPrivileges(type.toLowerCase(), displayName(name));
  if (type === 'DATABASE') ctx.catalog.databases.delete(name);
  else ctx.catalog.databases.get(path[0] as string)?.schemas.delete(name);
  ctx.catalog.forgetGrantsOn({ type, path });
  if (type === 'DATABASE' && ctx.session.database === name) {
    ctx.session.database = null;
    ctx.session.schema = null;
  }
  if (type === 'SCHEMA' && ctx.session.database === path[0] && ctx.session.schema === name) ctx.session.schema = null;
  return done.dropped(name);
}
