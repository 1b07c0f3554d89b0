// SHOW WAREHOUSES / DATABASES / SCHEMAS / ROLES / USERS / TABLES / COLUMNS with Snowflake's
// column sets and value conventions (Y/N flags, "true"/"false" text, timestamps as
// TIMESTAMP_LTZ), listing only what the current role can see, filtered by LIKE and IN.
import type { ShowStatement } from './ast';
import type { Cell, Schema, Table } from './catalog';
import { singleName, schemaPath, type ExecutionContext } from './context';
import { errors } from './errors';
import { likeMatcher } from './identifiers';
import { col, epochText, STATEMENT_TYPE, typeInfo, type ColumnMeta, type ResultSet } from './results';

const yn = (value: boolean) => (value ? 'Y' : 'N');
const tf = (value: boolean) => (value ? 'true' : 'false');
const roleType = (owner: string) => (owner ? 'ROLE' : null);

/** A SHOW result. */
function table(columns: ColumnMeta[], rows: Cell[][]): ResultSet {
  return { columns, rows, statementTypeId: STATEMENT_TYPE.SHOW };
}

function rowsByLike<T extends { name: string }>(items: Iterable<T>, like: string | undefined): T[] {
  const matches = like === undefined ? () => true : likeMatcher(like);
  return [...items].filter((item) => matches(item.name)).sort((a, b) => a.name.localeCompare(b.name));
}

function showWarehouses(ctx: ExecutionContext, statement: ShowStatement): ResultSet {
  const t = col.text;
  const n = col.fixed;
  const columns = [
    t('name'), t('state'), t('type'), t('size'), n('min_cluster_count'), n('max_cluster_count'), n('started_clusters'), n('running'), n('queued'),
    t('is_default'), t('is_current'), n('auto_suspend'), t('auto_resume'), t('available'), t('provisioning'), t('quiescing'), t('other'),
    col.timestamp('created_on'), col.timestamp('resumed_on'), col.timestamp('updated_on'), t('owner'), t('comment'), t('enable_query_acceleration'),
    n('query_acceleration_max_scale_factor'), t('resource_monitor'), n('actives'), n('pendings'), n('failed'), n('suspended'), t('uuid'),
    t('scaling_policy'), t('budget'), t('owner_role_type'),
  ];
  const user = ctx.catalog.users.get(ctx.session.user);
  const visible = rowsByLike(ctx.catalog.warehouses.values(), statement.like).filter((w) => ctx.access.sees({ type: 'WAREHOUSE', path: [w.name] }));
  const rows = visible.map((w, i): Cell[] => {
    const started = w.state === 'STARTED';
    return [
      w.name, w.state, 'STANDARD', w.size, '1', '1', started ? '1' : '0', '0', '0',
      yn(user?.defaultWarehouse === w.name), yn(ctx.session.warehouse === w.name), w.autoSuspend === null ? null : String(w.autoSuspend), tf(w.autoResume),
      started ? '100' : '', started ? '0' : '', started ? '0' : '', started ? '0' : '',
      epochText(w.createdOn), epochText(w.resumedOn), epochText(w.updatedOn), w.owner, w.comment ?? '', 'false',
      '8', null, started ? '1' : '0', '0', '0', started ? '0' : '1', String(1_000 + i),
      'STANDARD', null, roleType(w.owner),
    ];
  });
  return table(columns, rows);
}

function showDatabases(ctx: ExecutionContext, statement: ShowStatement): ResultSet {
  const t = col.text;
  const columns = [col.timestamp('created_on'), t('name'), t('is_default'), t('is_current'), t('origin'), t('owner'), t('comment'), t('options'), t('retention_time'), t('kind'), t('budget'), t('owner_role_type')];
  const namespace = ctx.catalog.users.get(ctx.session.user)?.defaultNamespace?.split('.')[0];
  const visible = rowsByLike(ctx.catalog.databases.values(), statement.like).filter((d) => ctx.access.sees({ type: 'DATABASE', path: [d.name] }));
  return table(
    columns,
    visible.map((d) => [epochText(d.createdOn), d.name, yn(namespace === d.name), yn(ctx.session.database === d.name), '', d.owner, d.comment ?? '', d.transient ? 'TRANSIENT' : '', String(d.retentionTime), 'STANDARD', null, roleType(d.owner)]),
  );
}

/** The databases (and optionally one schema) a SHOW … IN … names, defaulting to the session's. */
function scope(ctx: ExecutionContext, statement: ShowStatement, verb: string): { database?: string; schema?: string } {
  const target = statement.in;
  if (target?.type === 'ACCOUNT') return {};
  if (target?.type === 'DATABASE') {
    const database = target.name.length > 0 ? singleName(target.name, 'Database') : ctx.session.database;
    if (!database) throw errors.noCurrent('database', verb);
    ctx.access.requireDatabase(database);
    return { database };
  }
  if (target?.type === 'SCHEMA' || target?.type === 'TABLE') {
    const name = target.type === 'TABLE' ? target.name.slice(0, -1) : target.name;
    if (name.length === 0) {
      if (!ctx.session.database) throw errors.noCurrent('database', verb);
      if (!ctx.session.schema) throw errors.noCurrent('schema', verb);
      return { database: ctx.session.database, schema: ctx.session.schema };
    }
    const [database, schema] = schemaPath(ctx, name, verb);
    ctx.access.requireSchema(database, schema);
    return { database, schema };
  }
  if (statement.objects === 'SCHEMAS') return ctx.session.database ? { database: ctx.session.database } : {};
  if (ctx.session.database && ctx.session.schema) return { database: ctx.session.database, schema: ctx.session.schema };
  return ctx.session.database ? { database: ctx.session.database } : {};
}

function visibleSchemas(ctx: ExecutionContext, where: { database?: string; schema?: string }): Schema[] {
  const databases = [...ctx.catalog.databases.values()].filter((d) => where.database === undefined || d.name === where.database);
  return databases.flatMap((d) =>
    [...d.schemas.values()].filter((s) => (where.schema === undefined || s.name === where.schema) && ctx.access.sees({ type: 'SCHEMA', path: [d.name, s.name] })),
  );
}

function showSchemas(ctx: ExecutionContext, statement: ShowStatement): ResultSet {
  const t = col.text;
  const columns = [col.timestamp('created_on'), t('name'), t('is_default'), t('is_current'), t('database_name'), t('owner'), t('comment'), t('options'), t('retention_time'), t('owner_role_type'), t('budget')];
  const where = scope(ctx, statement, 'SHOW SCHEMAS');
  const matches = statement.like === undefined ? () => true : likeMatcher(statement.like);
  const rows: Cell[][] = [];
  for (const database of [...ctx.catalog.databases.values()].filter((d) => (where.database === undefined || d.name === where.database) && ctx.access.sees({ type: 'DATABASE', path: [d.name] }))) {
    const schemas = visibleSchemas(ctx, { database: database.name });
    const information = { name: 'INFORMATION_SCHEMA', createdOn: database.createdOn, owner: '', comment: 'Views describing the contents of schemas in this database', transient: false, retentionTime: 1 };
    for (const s of [...schemas, information].filter((s) => matches(s.name)).sort((a, b) => a.name.localeCompare(b.name))) {
      const current = ctx.session.database === database.name && ctx.session.schema === s.name;
      rows.push([epochText(s.createdOn), s.name, 'N', yn(current), database.name, s.owner, s.comment ?? '', s.transient ? 'TRANSIENT' : '', String(s.retentionTime), roleType(s.owner), null]);
    }
  }
  return table(columns, rows);
}

function showRoles(ctx: ExecutionContext, statement: ShowStatement): ResultSet {
  const t = col.text;
  const n = col.fixed;
  const columns = [col.timestamp('created_on'), t('name'), t('is_default'), t('is_current'), t('is_inherited'), n('assigned_to_users'), n('granted_to_roles'), n('granted_roles'), t('owner'), t('comment'), t('owner_role_type')];
  const user = ctx.catalog.users.get(ctx.session.user);
  const count = (predicate: (g: (typeof ctx.catalog.roleGrants)[number]) => boolean) => String(ctx.catalog.roleGrants.filter(predicate).length);
  return table(
    columns,
    rowsByLike(ctx.catalog.roles.values(), statement.like).map((r) => [
      epochText(r.createdOn), r.name, yn(user?.defaultRole === r.name), yn(ctx.session.role === r.name), yn(ctx.session.role !== r.name && ctx.access.roles.has(r.name)),
      count((g) => g.role === r.name && g.granteeType === 'USER'), count((g) => g.role === r.name && g.granteeType === 'ROLE'), count((g) => g.grantee === r.name && g.granteeType === 'ROLE'),
      r.owner, r.comment ?? '', roleType(r.owner),
    ]),
  );
}

function showUsers(ctx: ExecutionContext, statement: ShowStatement): ResultSet {
  const t = col.text;
  const ts = col.timestamp;
  const columns = [
    t('name'), ts('created_on'), t('login_name'), t('display_name'), t('first_name'), t('last_name'), t('email'), t('mins_to_unlock'), t('days_to_expiry'), t('comment'),
    t('disabled'), t('must_change_password'), t('snowflake_lock'), t('default_warehouse'), t('default_namespace'), t('default_role'), t('default_secondary_roles'),
    t('ext_authn_duo'), t('ext_authn_uid'), t('mins_to_bypass_mfa'), t('owner'), ts('last_success_login'), ts('expires_at_time'), ts('locked_until_time'),
    t('has_password'), t('has_rsa_public_key'), t('type'), t('has_mfa'),
  ];
  const all = ctx.access.hasAccountPrivilege('MANAGE GRANTS');
  const visible = rowsByLike(ctx.catalog.users.values(), statement.like).filter((u) => all || u.name === ctx.session.user || ctx.access.owns({ type: 'USER', path: [u.name] }));
  return table(
    columns,
    visible.map((u) => {
      const locked = u.lockedUntil !== null && u.lockedUntil > ctx.now;
      return [
        u.name, epochText(u.createdOn), u.loginName, u.displayName, null, null, u.email, locked ? String(Math.ceil(((u.lockedUntil as number) - ctx.now) / 60_000)) : null, null, u.comment,
        tf(u.disabled), tf(u.mustChangePassword), tf(locked), u.defaultWarehouse, u.defaultNamespace, u.defaultRole, null,
        'false', null, null, u.owner, u.lastSuccessLogin === null ? null : epochText(u.lastSuccessLogin), null, locked ? epochText(u.lockedUntil as number) : null,
        tf(u.passwordHash !== null), 'false', null, 'false',
      ];
    }),
  );
}

function visibleTables(ctx: ExecutionContext, statement: ShowStatement, verb: string): Table[] {
  const matches = statement.like === undefined || statement.objects === 'COLUMNS' ? () => true : likeMatcher(statement.like);
  const tableName = statement.in?.type === 'TABLE' ? statement.in.name[statement.in.name.length - 1] : undefined;
  return visibleSchemas(ctx, scope(ctx, statement, verb))
    .flatMap((s) => [...s.tables.values()])
    .filter((tb) => matches(tb.name) && (tableName === undefined || tb.name === tableName) && ctx.access.sees({ type: 'TABLE', path: [tb.database, tb.schema, tb.name] }))
    .sort((a, b) => `${a.database}.${a.schema}.${a.name}`.localeCompare(`${b.database}.${b.schema}.${b.name}`));
}

/** An estimate of stored bytes, in Snowflake's 512-byte steps; 0 for an empty table. */
export function tableBytes(tb: Table): number {
  if (tb.rows.length === 0) return 0;
  const raw = tb.rows.reduce((sum, row) => sum + row.reduce((s, cell) => s + (cell?.length ?? 0) + 1, 0), 0);
  return Math.ceil((raw + 1024) / 512) * 512;
}

function showTables(ctx: ExecutionContext, statement: ShowStatement): ResultSet {
  const t = col.text;
  const n = col.fixed;
  const columns = [
    col.timestamp('created_on'), t('name'), t('database_name'), t('schema_name'), t('kind'), t('comment'), t('cluster_by'), n('rows'), n('bytes'), t('owner'),
    t('retention_time'), t('automatic_clustering'), t('change_tracking'), t('is_external'), t('enable_schema_evolution'), t('owner_role_type'), t('is_event'),
    t('budget'), t('is_hybrid'), t('is_iceberg'), t('is_dynamic'),
  ];
  return table(
    columns,
    visibleTables(ctx, statement, 'SHOW TABLES').map((tb) => [
      epochText(tb.createdOn), tb.name, tb.database, tb.schema, tb.kind, tb.comment ?? '', '', String(tb.rows.length), String(tableBytes(tb)), tb.owner,
      '1', 'OFF', 'OFF', 'N', 'N', roleType(tb.owner), 'N', null, 'N', 'N', 'N',
    ]),
  );
}

function showColumns(ctx: ExecutionContext, statement: ShowStatement): ResultSet {
  const t = col.text;
  const columns = [t('table_name'), t('schema_name'), t('column_name'), t('data_type'), t('null?'), t('default'), t('kind'), t('expression'), t('comment'), t('database_name'), t('autoincrement')];
  const matches = statement.like === undefined ? () => true : likeMatcher(statement.like);
  const rows = visibleTables(ctx, statement, 'SHOW COLUMNS').flatMap((tb) =>
    tb.columns
      .filter((c) => matches(c.name))
      .map((c): Cell[] => {
        const info = typeInfo(c.type);
        const dataType = JSON.stringify({ type: info?.dataType === 'NUMBER' ? 'FIXED' : (info?.dataType ?? 'TEXT'), precision: info?.precision ?? undefined, scale: info?.scale ?? undefined, length: info?.length ?? undefined, nullable: c.nullable });
        return [tb.name, tb.schema, c.name, dataType, tf(c.nullable), c.defaultText ?? '', 'COLUMN', '', c.comment ?? '', tb.database, ''];
      }),
  );
  return table(columns, rows);
}

export function executeShow(ctx: ExecutionContext, statement: ShowStatement): ResultSet {
  switch (statement.objects) {
    case 'WAREHOUSES':
      return showWarehouses(ctx, statement);
    case 'DATABASES':
      return showDatabases(ctx, statement);
    case 'SCHEMAS':
      return showSchemas(ctx, statement);
    case 'ROLES':
      return showRoles(ctx, statement);
    case 'USERS':
      return showUsers(ctx, statement);
    case 'TABLES':
      return showTables(ctx, statement);
    case 'COLUMNS':
      return showColumns(ctx, statement);
  }
}
