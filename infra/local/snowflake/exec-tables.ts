// CREATE / ALTER / DROP TABLE. Tables keep their columns and rows in memory so row counts,
// bytes and LAST_ALTERED are real. CREATE TABLE … AS SELECT creates the table with the query's
// columns and no rows (the stand-in does not evaluate the query into it); LIKE copies the
// columns, CLONE the columns and rows. Future grants apply as a table is created.
import type { AlterStatement, ColumnDefinition, CreateStatement, DropStatement, SelectStatement } from './ast';
import type { Column, Schema, Table } from './catalog';
import { createPlan, requireWarehouse, tablePath, type ExecutionContext } from './context';
import { errors, SnowflakeError } from './errors';
import { displayName } from './identifiers';
import { applyFutureGrants } from './future-grants';
import { textProperty } from './properties';
import { done, typeInfo, type ResultSet } from './results';

function toColumn(definition: ColumnDefinition): Column {
  const info = typeInfo(definition.type);
  if (!info) throw errors.unsupportedType(definition.type);
  return { name: definition.name, type: info.normalised, nullable: definition.nullable, defaultText: definition.defaultText ?? null, comment: definition.comment ?? null };
}

function checkDuplicates(columns: Column[]): void {
  const seen = new Set<string>();
  for (const column of columns) {
    if (seen.has(column.name)) throw new SnowflakeError('002025', '42S21', `SQL compilation error:\nduplicate column name '${displayName(column.name)}'`);
    seen.add(column.name);
  }
}

/** A table the role may read, for LIKE / CLONE / CTAS sources. */
function sourceTable(ctx: ExecutionContext, name: string[]): Table {
  const path = tablePath(ctx, name, 'CREATE TABLE');
  ctx.access.requireTable(path, 'SELECT');
  return ctx.catalog.findTable(path) as Table;
}

/** The columns a CREATE TABLE … AS SELECT produces: the source's for `*`, else text columns. */
function columnsOfSelect(ctx: ExecutionContext, select: SelectStatement): Column[] {
  const source = select.from ? sourceTable(ctx, select.from) : undefined;
  return select.items.flatMap((item): Column[] => {
    if (item.expression.kind === 'star') return source ? source.columns.map((c) => ({ ...c })) : [];
    const name = item.alias ?? item.label;
    const expression = item.expression;
    const fromSource = expression.kind === 'column' ? source?.columns.find((c) => c.name === expression.name) : undefined;
    return [fromSource ? { ...fromSource, name } : { name, type: 'VARCHAR(16777216)', nullable: true, defaultText: null, comment: null }];
  });
}

export function createTable(ctx: ExecutionContext, statement: CreateStatement): ResultSet {
  const path = tablePath(ctx, statement.name, 'CREATE TABLE');
  const [databaseName, schemaName, name] = path;
  ctx.access.requireSchema(databaseName, schemaName);
  const schema = ctx.catalog.findSchema(databaseName, schemaName) as Schema;
  if (!ctx.access.has({ type: 'SCHEMA', path: [databaseName, schemaName] }, 'CREATE TABLE')) {
    throw errors.insufficientPrivileges('schema', displayName(schemaName));
  }
  const plan = createPlan(statement, schema.tables.has(name), path);
  if (plan === 'keep') return done.existed(name);
  let columns: Column[] = (statement.columns ?? []).map(toColumn);
  let rows: Table['rows'] = [];
  if (statement.asSelect) {
    requireWarehouse(ctx);
    if (columns.length === 0) columns = columnsOfSelect(ctx, statement.asSelect);
  } else if (statement.like) {
    columns = sourceTable(ctx, statement.like).columns.map((c) => ({ ...c }));
  } else if (statement.clone) {
    const source = sourceTable(ctx, statement.clone);
    columns = source.columns.map((c) => ({ ...c }));
    rows = source.rows.map((r) => [...r]);
  }
  if (columns.length === 0) throw errors.syntax(1, 0, 'AS');
  checkDuplicates(columns);
  if (plan === 'replace') ctx.catalog.forgetGrantsOn({ type: 'TABLE', path });
  const table: Table = {
    name,
    database: databaseName,
    schema: schemaName,
    kind: statement.modifier ?? (schema.transient ? 'TRANSIENT' : 'TABLE'),
    owner: ctx.session.role,
    columns,
    rows,
    comment: textProperty(statement.properties, 'COMMENT') ?? null,
    createdOn: ctx.now,
    lastAltered: ctx.now,
  };
  schema.tables.set(name, table);
  table.owner = applyFutureGrants(ctx.catalog, 'TABLE', path).owner ?? table.owner;
  schema.lastAltered = ctx.now;
  return done.created('Table', name);
}

/** The table the statement names, if the role sees it (else 002003, or undefined for IF EXISTS). */
function visibleTable(ctx: ExecutionContext, name: string[], ifExists: boolean, verb: string): { table: Table; path: [string, string, string] } | undefined {
  const path = tablePath(ctx, name, verb);
  const table = ctx.catalog.findTable(path);
  if (table && ctx.access.sees({ type: 'TABLE', path })) return { table, path };
  if (ifExists) return undefined;
  throw errors.notFound('Table', path);
}

export function alterTable(ctx: ExecutionContext, statement: AlterStatement): ResultSet {
  const found = visibleTable(ctx, statement.name, statement.ifExists, 'ALTER TABLE');
  if (!found) return done.ok();
  const { table, path } = found;
  if (!ctx.access.owns({ type: 'TABLE', path })) throw errors.insufficientPrivileges('table', displayName(table.name));
  const { action } = statement;
  switch (action.kind) {
    case 'add-column': {
      if (table.columns.some((c) => c.name === action.column.name)) {
        if (action.ifNotExists) return done.ok();
        checkDuplicates([...table.columns, toColumn(action.column)]);
      }
      table.columns.push(toColumn(action.column));
      for (const row of table.rows) row.push(null);
      break;
    }
    case 'drop-column': {
      const index = table.columns.findIndex((c) => c.name === action.column);
      if (index === -1) {
        if (action.ifExists) return done.ok();
        throw errors.invalidIdentifier(action.column);
      }
      table.columns.splice(index, 1);
      for (const row of table.rows) row.splice(index, 1);
      break;
    }
    case 'set': {
      const comment = textProperty(action.properties, 'COMMENT');
      if (comment !== undefined) table.comment = comment;
      break;
    }
    case 'unset':
      if (action.keys.includes('COMMENT')) table.comment = null;
      break;
    case 'rename': {
      const target = tablePath(ctx, action.to, 'ALTER TABLE');
      ctx.access.requireSchema(target[0], target[1]);
      const targetSchema = ctx.catalog.findSchema(target[0], target[1]) as Schema;
      if (targetSchema.tables.has(target[2])) throw errors.alreadyExists('Object', target);
      ctx.catalog.findSchema(path[0], path[1])?.tables.delete(path[2]);
      Object.assign(table, { database: target[0], schema: target[1], name: target[2] });
      targetSchema.tables.set(target[2], table);
      ctx.catalog.renameGrants({ type: 'TABLE', path }, target);
      break;
    }
    default:
      throw errors.unsupported(`ALTER TABLE … ${action.kind.toUpperCase()}`);
  }
  table.lastAltered = ctx.now;
  return done.ok();
}

export function dropTable(ctx: ExecutionContext, statement: DropStatement): ResultSet {
  const found = visibleTable(ctx, statement.name, statement.ifExists, 'DROP TABLE');
  const name = statement.name[statement.name.length - 1] as string;
  if (!found) return done.alreadyDropped(name);
  if (!ctx.access.owns({ type: 'TABLE', path: found.path })) throw errors.insufficientPrivileges('table', displayName(name));
  ctx.catalog.findSchema(found.path[0], found.path[1])?.tables.delete(found.path[2]);
  ctx.catalog.forgetGrantsOn({ type: 'TABLE', path: found.path });
  return done.dropped(name);
}
