// INSERT … VALUES and TRUNCATE: rows are stored so COUNT(*), ROW_COUNT and BYTES are true.
// INSERT needs INSERT on the table and a running warehouse, and answers with Snowflake's
// "number of rows inserted" result; TRUNCATE needs TRUNCATE (or ownership).
import type { InsertStatement, TruncateStatement } from './ast';
import type { Cell, Table } from './catalog';
import { requireWarehouse, tablePath, type ExecutionContext } from './context';
import { errors, SnowflakeError } from './errors';
import { col, done, STATEMENT_TYPE, typeInfo, type ResultSet, type TypeInfo } from './results';
import { encodeCell } from './values';

export function executeInsert(ctx: ExecutionContext, statement: InsertStatement): ResultSet {
  const path = tablePath(ctx, statement.table, 'INSERT');
  ctx.access.requireTable(path, 'INSERT');
  const table = ctx.catalog.findTable(path) as Table;
  const targets = (statement.columns ?? table.columns.map((c) => c.name)).map((name) => {
    const index = table.columns.findIndex((c) => c.name === name);
    if (index === -1) throw errors.invalidIdentifier(name);
    return index;
  });
  requireWarehouse(ctx);
  const types = table.columns.map((c) => typeInfo(c.type) as TypeInfo);
  const rows = statement.rows.map((values) => {
    if (values.length !== targets.length) throw errors.columnCountMismatch(targets.length, values.length);
    const row: Cell[] = table.columns.map(() => null);
    values.forEach((literal, i) => {
      const index = targets[i] as number;
      row[index] = encodeCell(literal, types[index] as TypeInfo);
    });
    table.columns.forEach((column, index) => {
      if (row[index] === null && !column.nullable) {
        throw new SnowflakeError('100072', '22000', 'NULL result in a non-nullable column', 'EXECUTION');
      }
    });
    return row;
  });
  if (statement.overwrite) table.rows = [];
  table.rows.push(...rows);
  table.lastAltered = ctx.now;
  return { columns: [col.fixed('number of rows inserted', 19, 0, false)], rows: [[String(rows.length)]], statementTypeId: STATEMENT_TYPE.INSERT };
}

export function executeTruncate(ctx: ExecutionContext, statement: TruncateStatement): ResultSet {
  const path = tablePath(ctx, statement.table, 'TRUNCATE');
  const table = ctx.catalog.findTable(path);
  if (!table && statement.ifExists) return done.ok(STATEMENT_TYPE.DML);
  ctx.access.requireTable(path, 'TRUNCATE');
  (table as Table).rows = [];
  (table as Table).lastAltered = ctx.now;
  return done.ok(STATEMENT_TYPE.DML);
}
