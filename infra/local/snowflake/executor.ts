// Runs one parsed statement against the catalog for a session: dispatches to the statement
// family, and handles the session-level statements itself (USE, ALTER SESSION, transactions).
import type { AlterSessionStatement, PropertyValue, Statement, UseStatement } from './ast';
import type { Catalog } from './catalog';
import { contextFor, schemaPath, singleName, type ExecutionContext } from './context';
import { propertyText } from './cursor';
import { errors } from './errors';
import { alterContainer, createDatabase, createSchema, dropContainer } from './exec-databases';
import { executeInsert, executeTruncate } from './exec-dml';
import { grantOrRevokePrivileges, grantOrRevokeRole } from './exec-grants';
import { alterPrincipal, createRole, createUser, dropPrincipal } from './exec-principals';
import { executeSelect } from './exec-select';
import { executeShow } from './exec-show';
import { executeShowGrants } from './exec-show-grants';
import { alterTable, createTable, dropTable } from './exec-tables';
import { alterWarehouse, createWarehouse, dropWarehouse } from './exec-warehouses';
import { done, STATEMENT_TYPE, type ResultSet } from './results';
import type { ParameterValue, Session } from './sessions';

function applyUse(ctx: ExecutionContext, statement: UseStatement): ResultSet {
  const { catalog, session, access } = ctx;
  switch (statement.objectType) {
    case 'WAREHOUSE': {
      const name = singleName(statement.name, 'Warehouse');
      const securable = { type: 'WAREHOUSE' as const, path: [name] };
      if (!catalog.warehouses.has(name) || !(access.has(securable, 'USAGE') || access.has(securable, 'OPERATE'))) throw errors.cannotPerform();
      session.warehouse = name;
      return done.ok(STATEMENT_TYPE.USE_WAREHOUSE);
    }
    case 'DATABASE': {
      const name = singleName(statement.name, 'Database');
      if (!catalog.databases.has(name) || !access.has({ type: 'DATABASE', path: [name] }, 'USAGE')) throw errors.cannotPerform();
      session.database = name;
      session.schema = catalog.findSchema(name, 'PUBLIC') && access.has({ type: 'SCHEMA', path: [name, 'PUBLIC'] }, 'USAGE') ? 'PUBLIC' : null;
      return done.ok(STATEMENT_TYPE.USE_DATABASE);
    }
    case 'SCHEMA': {
      const [database, schema] = schemaPath(ctx, statement.name, 'USE SCHEMA');
      const usable = catalog.findSchema(database, schema) && access.has({ type: 'DATABASE', path: [database] }, 'USAGE') && access.has({ type: 'SCHEMA', path: [database, schema] }, 'USAGE');
      if (!usable && schema !== 'INFORMATION_SCHEMA') throw errors.cannotPerform();
      session.database = database;
      session.schema = schema;
      return done.ok(STATEMENT_TYPE.USE_SCHEMA);
    }
    case 'ROLE': {
      const name = singleName(statement.name, 'Role');
      if (!catalog.roles.has(name)) throw errors.notFound('Role', [name]);
      if (!catalog.availableRoles(session.user).has(name)) throw errors.roleNotAssigned(name);
      session.role = name;
      return done.ok(STATEMENT_TYPE.USE);
    }
  }
}

function parameterValue(raw: PropertyValue): ParameterValue {
  if (raw.kind === 'boolean') return raw.value;
  if (raw.kind === 'number') return Number(raw.value);
  return propertyText(raw) ?? '';
}

function alterSession(session: Session, statement: AlterSessionStatement): ResultSet {
  for (const [key, raw] of statement.set) session.parameters.set(key, parameterValue(raw));
  for (const key of statement.unset) session.parameters.delete(key);
  return done.ok(STATEMENT_TYPE.ALTER_SESSION);
}

export function execute(catalog: Catalog, session: Session, statement: Statement): ResultSet {
  const ctx = contextFor(catalog, session);
  switch (statement.kind) {
    case 'create':
      switch (statement.objectType) {
        case 'WAREHOUSE':
          return createWarehouse(ctx, statement);
        case 'DATABASE':
          return createDatabase(ctx, statement);
        case 'SCHEMA':
          return createSchema(ctx, statement);
        case 'TABLE':
          return createTable(ctx, statement);
        case 'ROLE':
          return createRole(ctx, statement);
        case 'USER':
          return createUser(ctx, statement);
      }
      break;
    case 'alter':
      switch (statement.objectType) {
        case 'WAREHOUSE':
          return alterWarehouse(ctx, statement);
        case 'DATABASE':
        case 'SCHEMA':
          return alterContainer(ctx, statement);
        case 'TABLE':
          return alterTable(ctx, statement);
        case 'ROLE':
        case 'USER':
          return alterPrincipal(ctx, statement);
      }
      break;
    case 'drop':
      switch (statement.objectType) {
        case 'WAREHOUSE':
          return dropWarehouse(ctx, statement);
        case 'DATABASE':
        case 'SCHEMA':
          return dropContainer(ctx, statement);
        case 'TABLE':
          return dropTable(ctx, statement);
        case 'ROLE':
        case 'USER':
          return dropPrincipal(ctx, statement);
      }
      break;
    case 'alter-session':
      return alterSession(session, statement);
    case 'grant-privileges':
    case 'revoke-privileges':
      return grantOrRevokePrivileges(ctx, statement);
    case 'grant-role':
    case 'revoke-role':
      return grantOrRevokeRole(ctx, statement);
    case 'show':
      return executeShow(ctx, statement);
    case 'show-grants':
      return executeShowGrants(ctx, statement);
    case 'use':
      return applyUse(ctx, statement);
    case 'select':
      return executeSelect(ctx, statement);
    case 'insert':
      return executeInsert(ctx, statement);
    case 'truncate':
      return executeTruncate(ctx, statement);
    case 'transaction':
      return done.ok(STATEMENT_TYPE.TCL);
  }
  throw errors.internal();
}
