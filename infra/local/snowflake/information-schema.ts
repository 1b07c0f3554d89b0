// A database's INFORMATION_SCHEMA views that Tapestry reads (TABLES with ROW_COUNT / BYTES /
// LAST_ALTERED, COLUMNS, SCHEMATA), built from the catalog for what the current role can see,
// with Snowflake's column names and types.
import type { Cell, Database } from './catalog';
import type { ExecutionContext } from './context';
import { errors } from './errors';
import { tableBytes } from './exec-show';
import { col, epochText, typeInfo, type ColumnMeta } from './results';

export interface Relation {
  columns: ColumnMeta[];
  rows: Cell[][];
}

export const INFORMATION_SCHEMA_VIEWS = ['COLUMNS', 'SCHEMATA', 'TABLES'] as const;

const t = col.text;
const n = col.fixed;
const ts = col.timestamp;

function located(columns: ColumnMeta[], database: string, view: string): ColumnMeta[] {
  return columns.map((c) => ({ ...c, database, schema: 'INFORMATION_SCHEMA', table: view }));
}

function visibleSchemas(ctx: ExecutionContext, database: Database) {
  return [...database.schemas.values()].filter((s) => ctx.access.sees({ type: 'SCHEMA', path: [database.name, s.name] }));
}

function visibleTables(ctx: ExecutionContext, database: Database) {
  return visibleSchemas(ctx, database).flatMap((s) => [...s.tables.values()].filter((tb) => ctx.access.sees({ type: 'TABLE', path: [database.name, s.name, tb.name] })));
}

function tablesView(ctx: ExecutionContext, database: Database): Relation {
  const columns = [
    t('TABLE_CATALOG'), t('TABLE_SCHEMA'), t('TABLE_NAME'), t('TABLE_OWNER'), t('TABLE_TYPE'), t('IS_TRANSIENT'), t('CLUSTERING_KEY'), n('ROW_COUNT'), n('BYTES'),
    n('RETENTION_TIME'), t('SELF_REFERENCING_COLUMN_NAME'), t('REFERENCE_GENERATION'), t('USER_DEFINED_TYPE_CATALOG'), t('USER_DEFINED_TYPE_SCHEMA'),
    t('USER_DEFINED_TYPE_NAME'), t('IS_INSERTABLE_INTO'), t('IS_TYPED'), t('COMMIT_ACTION'), ts('CREATED'), ts('LAST_ALTERED'), ts('LAST_DDL'), t('LAST_DDL_BY'),
    t('AUTO_CLUSTERING_ON'), t('COMMENT'), t('IS_TEMPORARY'), t('IS_ICEBERG'), t('IS_DYNAMIC'), t('IS_IMMUTABLE'),
  ];
  const rows: Cell[][] = visibleTables(ctx, database).map((tb) => [
    database.name, tb.schema, tb.name, tb.owner, tb.kind === 'TEMPORARY' ? 'LOCAL TEMPORARY' : 'BASE TABLE', tb.kind === 'TRANSIENT' ? 'YES' : 'NO', null,
    String(tb.rows.length), String(tableBytes(tb)), '1', null, null, null, null, null, 'YES', 'YES', null, epochText(tb.createdOn), epochText(tb.lastAltered),
    epochText(tb.createdOn), tb.owner, 'NO', tb.comment, tb.kind === 'TEMPORARY' ? 'YES' : 'NO', 'NO', 'NO', 'NO',
  ]);
  for (const view of INFORMATION_SCHEMA_VIEWS) {
    rows.push([database.name, 'INFORMATION_SCHEMA', view, null, 'VIEW', 'NO', null, null, null, null, null, null, null, null, null, 'NO', 'NO', null, epochText(database.createdOn), epochText(database.createdOn), epochText(database.createdOn), null, 'NO', null, 'NO', 'NO', 'NO', 'NO']);
  }
  return { columns: located(columns, database.name, 'TABLES'), rows };
}

function columnsView(ctx: ExecutionContext, database: Database): Relation {
  const columns = [
    t('TABLE_CATALOG'), t('TABLE_SCHEMA'), t('TABLE_NAME'), t('COLUMN_NAME'), n('ORDINAL_POSITION'), t('COLUMN_DEFAULT'), t('IS_NULLABLE'), t('DATA_TYPE'),
    n('CHARACTER_MAXIMUM_LENGTH'), n('CHARACTER_OCTET_LENGTH'), n('NUMERIC_PRECISION'), n('NUMERIC_PRECISION_RADIX'), n('NUMERIC_SCALE'), n('DATETIME_PRECISION'), t('COMMENT'),
  ];
  const rows = visibleTables(ctx, database).flatMap((tb) =>
    tb.columns.map((c, i): Cell[] => {
      const info = typeInfo(c.type);
      const text = info?.internal === 'text';
      const numeric = info?.internal === 'fixed' || info?.internal === 'real';
      const temporal = info?.internal.startsWith('timestamp') || info?.internal === 'time';
      return [
        database.name, tb.schema, tb.name, c.name, String(i + 1), c.defaultText, c.nullable ? 'YES' : 'NO', info?.dataType ?? 'TEXT',
        text ? String(info?.length) : null, text ? String(Math.min((info?.length ?? 0) * 4, 16_777_216)) : null,
        numeric && info?.precision !== null ? String(info?.precision ?? 38) : null, numeric ? '10' : null, numeric && info?.scale !== null ? String(info?.scale ?? 0) : null,
        temporal ? String(info?.scale ?? 9) : null, c.comment,
      ];
    }),
  );
  return { columns: located(columns, database.name, 'COLUMNS'), rows };
}

function schemataView(ctx: ExecutionContext, database: Database): Relation {
  const columns = [t('CATALOG_NAME'), t('SCHEMA_NAME'), t('SCHEMA_OWNER'), t('IS_TRANSIENT'), t('IS_MANAGED_ACCESS'), n('RETENTION_TIME'), ts('CREATED'), ts('LAST_ALTERED'), t('COMMENT')];
  const rows: Cell[][] = visibleSchemas(ctx, database).map((s) => [database.name, s.name, s.owner, s.transient ? 'YES' : 'NO', s.managedAccess ? 'YES' : 'NO', String(s.retentionTime), epochText(s.createdOn), epochText(s.lastAltered), s.comment]);
  rows.push([database.name, 'INFORMATION_SCHEMA', null, 'NO', 'NO', '1', epochText(database.createdOn), epochText(database.createdOn), 'Views describing the contents of schemas in this database']);
  return { columns: located(columns, database.name, 'SCHEMATA'), rows };
}

/** The view `<database>.INFORMATION_SCHEMA.<view>`, for a role with USAGE on the database. */
export function informationSchemaView(ctx: ExecutionContext, databaseName: string, view: string): Relation {
  ctx.access.requireDatabase(databaseName);
  const database = ctx.catalog.databases.get(databaseName) as Database;
  switch (view) {
    case 'TABLES':
      return tablesView(ctx, database);
    case 'COLUMNS':
      return columnsView(ctx, database);
    case 'SCHEMATA':
      return schemataView(ctx, database);
    default:
      throw errors.unsupported(`INFORMATION_SCHEMA.${view}`);
  }
}
