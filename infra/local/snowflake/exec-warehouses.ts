// CREATE / ALTER / DROP WAREHOUSE: size, auto-suspend and auto-resume, suspend and resume, with
// the owner or OPERATE/MODIFY privileges Snowflake asks for. Creating a warehouse makes it the
// session's current one, as in Snowflake.
import type { AlterStatement, CreateStatement, DropStatement, PropertyValue } from './ast';
import type { Warehouse, WarehouseSize } from './catalog';
import { createPlan, singleName, type ExecutionContext } from './context';
import { errors, SnowflakeError } from './errors';
import { displayName } from './identifiers';
import { booleanProperty, integerProperty, invalidValue, textProperty } from './properties';
import { done, type ResultSet } from './results';

const SIZES: Record<string, WarehouseSize> = {
  XSMALL: 'X-Small', 'X-SMALL': 'X-Small', SMALL: 'Small', MEDIUM: 'Medium', LARGE: 'Large',
  XLARGE: 'X-Large', 'X-LARGE': 'X-Large', XXLARGE: '2X-Large', 'XX-LARGE': '2X-Large', '2X-LARGE': '2X-Large',
  XXXLARGE: '3X-Large', 'XXX-LARGE': '3X-Large', '3X-LARGE': '3X-Large', X4LARGE: '4X-Large', '4X-LARGE': '4X-Large',
  X5LARGE: '5X-Large', '5X-LARGE': '5X-Large', X6LARGE: '6X-Large', '6X-LARGE': '6X-Large',
};

function size(value: PropertyValue | undefined, fallback: WarehouseSize): WarehouseSize {
  if (!value) return fallback;
  const text = 'value' in value ? String(value.value).toUpperCase() : '';
  const found = SIZES[text];
  if (!found) throw invalidValue('WAREHOUSE_SIZE', value);
  return found;
}

function applyProperties(warehouse: Warehouse, statement: { properties: CreateStatement['properties'] }): void {
  const { properties } = statement;
  warehouse.size = size(properties.get('WAREHOUSE_SIZE'), warehouse.size);
  const autoSuspend = integerProperty(properties, 'AUTO_SUSPEND');
  if (autoSuspend !== undefined) warehouse.autoSuspend = autoSuspend === 0 ? null : autoSuspend;
  warehouse.autoResume = booleanProperty(properties, 'AUTO_RESUME') ?? warehouse.autoResume;
  const comment = textProperty(properties, 'COMMENT');
  if (comment !== undefined) warehouse.comment = comment;
}

export function createWarehouse(ctx: ExecutionContext, statement: CreateStatement): ResultSet {
  const name = singleName(statement.name, 'Warehouse');
  ctx.access.requireAccountPrivilege('CREATE WAREHOUSE');
  const plan = createPlan(statement, ctx.catalog.warehouses.has(name), [name]);
  if (plan === 'keep') return done.existed(name);
  if (plan === 'replace') ctx.catalog.forgetGrantsOn({ type: 'WAREHOUSE', path: [name] });
  const initiallySuspended = booleanProperty(statement.properties, 'INITIALLY_SUSPENDED') ?? false;
  const warehouse: Warehouse = {
    name,
    size: 'X-Small',
    state: initiallySuspended ? 'SUSPENDED' : 'STARTED',
    autoSuspend: 600,
    autoResume: true,
    owner: ctx.session.role,
    comment: null,
    createdOn: ctx.now,
    resumedOn: ctx.now,
    updatedOn: ctx.now,
  };
  applyProperties(warehouse, statement);
  ctx.catalog.warehouses.set(name, warehouse);
  ctx.session.warehouse = name;
  return done.created('Warehouse', name);
}

/** The warehouse if the role may see it; undefined (for IF EXISTS) or 002003 otherwise. */
function visibleWarehouse(ctx: ExecutionContext, name: string, ifExists: boolean): Warehouse | undefined {
  const warehouse = ctx.catalog.warehouses.get(name);
  if (warehouse && ctx.access.sees({ type: 'WAREHOUSE', path: [name] })) return warehouse;
  if (ifExists) return undefined;
  throw errors.notFound('Warehouse', [name]);
}

function requirePrivilege(ctx: ExecutionContext, name: string, privilege: string): void {
  if (!ctx.access.has({ type: 'WAREHOUSE', path: [name] }, privilege)) throw errors.insufficientPrivileges('warehouse', displayName(name));
}

export function alterWarehouse(ctx: ExecutionContext, statement: AlterStatement): ResultSet {
  const name = singleName(statement.name, 'Warehouse');
  const warehouse = visibleWarehouse(ctx, name, statement.ifExists);
  if (!warehouse) return done.ok();
  const { action } = statement;
  switch (action.kind) {
    case 'suspend':
      requirePrivilege(ctx, name, 'OPERATE');
      if (warehouse.state === 'SUSPENDED') throw new SnowflakeError('090064', '22000', `Invalid state. Warehouse '${displayName(name)}' cannot be suspended.`, 'EXECUTION');
      warehouse.state = 'SUSPENDED';
      break;
    case 'resume':
      requirePrivilege(ctx, name, 'OPERATE');
      if (warehouse.state === 'STARTED' && !action.ifSuspended) {
        throw new SnowflakeError('090063', '22000', `Invalid state. Warehouse '${displayName(name)}' cannot be resumed.`, 'EXECUTION');
      }
      if (warehouse.state === 'SUSPENDED') warehouse.resumedOn = ctx.now;
      warehouse.state = 'STARTED';
      break;
    case 'set':
      requirePrivilege(ctx, name, 'MODIFY');
      applyProperties(warehouse, action);
      break;
    case 'unset':
      requirePrivilege(ctx, name, 'MODIFY');
      for (const key of action.keys) if (key === 'COMMENT') warehouse.comment = null;
      break;
    case 'rename': {
      requirePrivilege(ctx, name, 'OWNERSHIP');
      const to = singleName(action.to, 'Warehouse');
      if (ctx.catalog.warehouses.has(to)) throw errors.alreadyExists('Object', [to]);
      ctx.catalog.warehouses.delete(name);
      warehouse.name = to;
      ctx.catalog.warehouses.set(to, warehouse);
      ctx.catalog.renameGrants({ type: 'WAREHOUSE', path: [name] }, [to]);
      if (ctx.session.warehouse === name) ctx.session.warehouse = to;
      break;
    }
    default:
      throw errors.unsupported(`ALTER WAREHOUSE … ${action.kind.toUpperCase()}`);
  }
  warehouse.updatedOn = ctx.now;
  return done.ok();
}

export function dropWarehouse(ctx: ExecutionContext, statement: DropStatement): ResultSet {
  const name = singleName(statement.name, 'Warehouse');
  const warehouse = visibleWarehouse(ctx, name, statement.ifExists);
  if (!warehouse) return done.alreadyDropped(name);
  requirePrivilege(ctx, name, 'OWNERSHIP');
  ctx.catalog.warehouses.delete(name);
  ctx.catalog.forgetGrantsOn({ type: 'WAREHOUSE', path: [name] });
  if (ctx.session.warehouse === name) ctx.session.warehouse = null;
  return done.dropped(name);
}
