// SELECT over one table or INFORMATION_SCHEMA view (or none): AND-ed conditions, COUNT / SUM /
// MIN / MAX, the CURRENT_…() functions, ORDER BY and LIMIT. Names resolve before the warehouse
// is checked, as Snowflake compiles before it executes; any FROM needs a running warehouse.
import type { Condition, Expression, Literal, SelectStatement } from './ast';
import type { Cell, Table } from './catalog';
import { requireWarehouse, tablePath, type ExecutionContext } from './context';
import { errors, SnowflakeError } from './errors';
import { likeMatcher } from './identifiers';
import { INFORMATION_SCHEMA_VIEWS, informationSchemaView, type Relation } from './information-schema';
import { col, columnMetaOf, epochText, STATEMENT_TYPE, type ColumnMeta, type ResultSet } from './results';
import { literalText } from './values';

/** What `SELECT CURRENT_VERSION()` answers. */
export const SERVER_VERSION = '9.20.0';
const AGGREGATES = ['COUNT', 'SUM', 'MIN', 'MAX'];

interface Typed {
  meta: ColumnMeta;
  value: (row: Cell[] | undefined) => Cell;
}

function relationOf(ctx: ExecutionContext, name: string[]): Relation {
  const schemaPart = name.length >= 2 ? name[name.length - 2] : ctx.session.schema;
  if (schemaPart === 'INFORMATION_SCHEMA') {
    const database = name.length === 3 ? (name[0] as string) : ctx.session.database;
    if (!database) throw errors.noCurrent('database', 'SELECT');
    const view = name[name.length - 1] as string;
    if (!(INFORMATION_SCHEMA_VIEWS as readonly string[]).includes(view) && !ctx.catalog.databases.has(database)) throw errors.notFound('Database', [database]);
    return informationSchemaView(ctx, database, view);
  }
  if (name[0] === 'SNOWFLAKE' && name.length === 3) throw errors.unsupported(`SNOWFLAKE.${name[1]}.${name[2]}`);
  const path = tablePath(ctx, name, 'SELECT');
  ctx.access.requireTable(path, 'SELECT');
  const table = ctx.catalog.findTable(path) as Table;
  return { columns: table.columns.map((c) => columnMetaOf(c.name, c.type, c.nullable, path)), rows: table.rows };
}

function literalMeta(literal: Literal, label: string): ColumnMeta {
  if (literal.kind === 'number') {
    const [whole = '', fraction = ''] = literal.value.replace('-', '').split('.');
    return col.fixed(label, Math.max(1, whole.length + fraction.length), fraction.length, false);
  }
  if (literal.kind === 'boolean') return { ...col.boolean(label), nullable: false };
  return { ...col.text(label, literal.kind === 'null'), length: literal.kind === 'string' ? literal.value.length : 0 };
}

function scalarFunction(ctx: ExecutionContext, name: string, args: Typed[], label: string): Typed {
  const { session } = ctx;
  const constant = (value: Cell, meta: ColumnMeta = col.text(label)): Typed => ({ meta, value: () => value });
  switch (name) {
    case 'CURRENT_VERSION':
      return constant(SERVER_VERSION);
    case 'CURRENT_ROLE':
      return constant(session.role);
    case 'CURRENT_WAREHOUSE':
      return constant(session.warehouse);
    case 'CURRENT_DATABASE':
      return constant(session.database);
    case 'CURRENT_SCHEMA':
      return constant(session.schema);
    case 'CURRENT_USER':
      return constant(session.user);
    case 'CURRENT_ACCOUNT':
    case 'CURRENT_ACCOUNT_NAME':
      return constant(ctx.catalog.account.toUpperCase());
    case 'CURRENT_REGION':
      return constant('AWS_US_EAST_1');
    case 'CURRENT_SESSION':
      return constant(String(session.id));
    case 'CURRENT_AVAILABLE_ROLES':
      return constant(JSON.stringify([...ctx.catalog.availableRoles(session.user)].sort()));
    case 'IS_ROLE_IN_SESSION':
      return { meta: col.boolean(label), value: (row) => (ctx.access.roles.has(String(args[0]?.value(row) ?? '').toUpperCase()) ? '1' : '0') };
    case 'CURRENT_TIMESTAMP':
    case 'LOCALTIMESTAMP':
    case 'SYSDATE':
      return constant(epochText(ctx.now), col.timestamp(label));
    case 'CURRENT_DATE':
      return constant(String(Math.floor(ctx.now / 86_400_000)), { ...col.text(label), type: 'date', length: null, byteLength: null });
    case 'UPPER':
    case 'LOWER': {
      const arg = args[0];
      if (!arg) throw errors.syntax(1, 0, ')');
      return { meta: col.text(label), value: (row) => arg.value(row)?.[name === 'UPPER' ? 'toUpperCase' : 'toLowerCase']() ?? null };
    }
    case 'COALESCE':
    case 'IFNULL':
    case 'NVL':
      return { meta: args[0]?.meta ? { ...args[0].meta, name: label } : col.text(label), value: (row) => args.map((a) => a.value(row)).find((v) => v !== null) ?? null };
    default:
      throw new SnowflakeError('002140', '42601', `SQL compilation error:\nUnknown function ${name}`);
  }
}

function typed(ctx: ExecutionContext, expression: Expression, relation: Relation | undefined, label: string): Typed {
  switch (expression.kind) {
    case 'literal': {
      const text = literalText(expression.value);
      const value = expression.value.kind === 'boolean' ? (expression.value.value ? '1' : '0') : text;
      return { meta: literalMeta(expression.value, label), value: () => value };
    }
    case 'column': {
      const index = relation?.columns.findIndex((c) => c.name === expression.name) ?? -1;
      if (!relation || index === -1) throw errors.invalidIdentifier(expression.name);
      return { meta: { ...(relation.columns[index] as ColumnMeta), name: label }, value: (row) => row?.[index] ?? null };
    }
    case 'function': {
      if (AGGREGATES.includes(expression.name)) throw new SnowflakeError('002061', '42601', `SQL compilation error:\nAggregate functions cannot be nested or used here: [${label}]`);
      return scalarFunction(ctx, expression.name, expression.args.map((a) => typed(ctx, a, relation, label)), label);
    }
    case 'star':
      throw errors.syntax(1, 0, '*');
  }
}

function isNumeric(meta: ColumnMeta): boolean {
  return meta.type === 'fixed' || meta.type === 'real' || meta.type === 'date' || meta.type.startsWith('timestamp');
}

function compareCells(a: Cell, b: Cell, numeric: boolean): number {
  if (a === null || b === null) return Number.NaN;
  if (numeric && a.trim() !== '' && b.trim() !== '' && !Number.isNaN(Number(a)) && !Number.isNaN(Number(b))) return Number(a) - Number(b);
  return a < b ? -1 : a > b ? 1 : 0;
}

function predicate(ctx: ExecutionContext, condition: Condition, relation: Relation | undefined): (row: Cell[]) => boolean {
  const left = typed(ctx, condition.left, relation, '');
  switch (condition.kind) {
    case 'is-null':
      return (row) => (left.value(row) === null) !== condition.negated;
    case 'in': {
      const values = condition.values.map((v) => typed(ctx, v, relation, ''));
      return (row) => values.some((v) => compareCells(left.value(row), v.value(row), isNumeric(left.meta)) === 0) !== condition.negated;
    }
    case 'like': {
      const pattern = typed(ctx, condition.pattern, relation, '');
      return (row) => {
        const value = left.value(row);
        const text = pattern.value(row);
        if (value === null || text === null) return false;
        return likeMatcher(text, condition.caseInsensitive)(value) !== condition.negated;
      };
    }
    case 'compare': {
      const right = typed(ctx, condition.right, relation, '');
      const numeric = isNumeric(left.meta) || isNumeric(right.meta);
      return (row) => {
        const diff = compareCells(left.value(row), right.value(row), numeric);
        if (Number.isNaN(diff)) return false;
        return { '=': diff === 0, '<>': diff !== 0, '<': diff < 0, '<=': diff <= 0, '>': diff > 0, '>=': diff >= 0 }[condition.op];
      };
    }
  }
}

/** One aggregate output over the filtered rows. */
function aggregate(ctx: ExecutionContext, expression: Extract<Expression, { kind: 'function' }>, relation: Relation | undefined, rows: Cell[][], label: string): { meta: ColumnMeta; value: Cell } {
  if (expression.name === 'COUNT') {
    const arg = expression.star ? undefined : expression.args[0] && typed(ctx, expression.args[0], relation, label);
    const values = arg ? rows.map((r) => arg.value(r)).filter((v) => v !== null) : rows;
    const count = expression.distinct ? new Set(values.map((v) => JSON.stringify(v))).size : values.length;
    return { meta: col.fixed(label, 18, 0, false), value: String(relation ? count : 1) };
  }
  const argument = expression.args[0];
  if (!argument || expression.star) throw errors.syntax(1, 0, ')');
  const arg = typed(ctx, argument, relation, label);
  const values = rows.map((r) => arg.value(r)).filter((v): v is string => v !== null);
  if (expression.name === 'SUM') {
    const scale = arg.meta.scale ?? 0;
    const total = values.reduce((sum, v) => sum + Number(v), 0);
    return { meta: col.fixed(label, 38, scale), value: values.length === 0 ? null : total.toFixed(scale) };
  }
  const numeric = isNumeric(arg.meta);
  const sorted = [...values].sort((a, b) => compareCells(a, b, numeric));
  return { meta: { ...arg.meta, name: label, nullable: true }, value: (expression.name === 'MIN' ? sorted[0] : sorted[sorted.length - 1]) ?? null };
}

export function executeSelect(ctx: ExecutionContext, statement: SelectStatement): ResultSet {
  const relation = statement.from ? relationOf(ctx, statement.from) : undefined;
  const conditions = statement.where.map((c) => predicate(ctx, c, relation));
  const aggregated = statement.items.some((i) => i.expression.kind === 'function' && AGGREGATES.includes(i.expression.name));
  if (statement.from) requireWarehouse(ctx);
  let rows = (relation?.rows ?? [[]]).filter((row) => conditions.every((keep) => keep(row)));
  if (aggregated) {
    const outputs = statement.items.map((item) => {
      const label = item.alias ?? item.label;
      if (item.expression.kind === 'function' && AGGREGATES.includes(item.expression.name)) return aggregate(ctx, item.expression, relation, relation ? rows : [], label);
      if (item.expression.kind === 'literal' || (item.expression.kind === 'function' && !item.expression.args.some((a) => a.kind === 'column'))) {
        const t = typed(ctx, item.expression, relation, label);
        return { meta: t.meta, value: t.value(undefined) };
      }
      throw new SnowflakeError('000979', '42601', `SQL compilation error:\n[${item.label}] is not a valid group by expression`);
    });
    return { columns: outputs.map((o) => o.meta), rows: [outputs.map((o) => o.value)], statementTypeId: STATEMENT_TYPE.SELECT };
  }
  const projections: Typed[] = statement.items.flatMap((item) => {
    if (item.expression.kind !== 'star') return [typed(ctx, item.expression, relation, item.alias ?? item.label)];
    if (!relation) throw errors.syntax(1, 7, '*');
    return relation.columns.map((meta, index): Typed => ({ meta, value: (row) => row?.[index] ?? null }));
  });
  if (statement.orderBy.length > 0) {
    const keys = statement.orderBy.map((o) => ({ typed: typed(ctx, o.expression, relation, ''), descending: o.descending }));
    rows = [...rows].sort((a, b) => {
      for (const key of keys) {
        const diff = compareCells(key.typed.value(a), key.typed.value(b), isNumeric(key.typed.meta));
        const ordered = Number.isNaN(diff) ? (key.typed.value(a) === null ? 1 : -1) : diff;
        if (ordered !== 0) return key.descending ? -ordered : ordered;
      }
      return 0;
    });
  }
  if (statement.limit !== undefined) rows = rows.slice(0, statement.limit);
  return { columns: projections.map((p) => p.meta), rows: rows.map((row) => projections.map((p) => p.value(relation ? row : undefined))), statementTypeId: STATEMENT_TYPE.SELECT };
}
