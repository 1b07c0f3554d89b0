// CREATE / ALTER / DROP of roles and users. Only roles holding CREATE ROLE / CREATE USER (USERADMIN
// and above, by default) may create them; the creator's role owns them. Dropping a role hands what
// it owned to the dropping role, as Snowflake does.
import type { AlterStatement, CreateStatement, DropStatement, Properties } from './ast';
import { SYSTEM_ROLES, type User } from './catalog';
import { createPlan, singleName, type ExecutionContext } from './context';
import { errors } from './errors';
import { displayName } from './identifiers';
import { hashPassword } from './passwords';
import { booleanProperty, nameProperty, textProperty } from './properties';
import { done, type ResultSet } from './results';

export function createRole(ctx: ExecutionContext, statement: CreateStatement): ResultSet {
  const name = singleName(statement.name, 'Role');
  ctx.access.requireAccountPrivilege('CREATE ROLE');
  if ((SYSTEM_ROLES as readonly string[]).includes(name) && statement.orReplace) throw errors.alreadyExists('Object', [name]);
  const plan = createPlan(statement, ctx.catalog.roles.has(name), [name]);
  if (plan === 'keep') return done.existed(name);
  if (plan === 'replace') forgetRole(ctx, name);
  ctx.catalog.roles.set(name, { name, owner: ctx.session.role, comment: textProperty(statement.properties, 'COMMENT') ?? null, createdOn: ctx.now });
  return done.created('Role', name);
}

function applyUserProperties(user: User, properties: Properties): void {
  const text = (key: string) => textProperty(properties, key);
  const assign = <K extends keyof User>(key: K, value: User[K] | undefined) => {
    if (value !== undefined) user[key] = value;
  };
  const password = text('PASSWORD');
  assign('passwordHash', password === undefined || password === null ? password : hashPassword(password));
  assign('loginName', text('LOGIN_NAME')?.toUpperCase());
  assign('displayName', text('DISPLAY_NAME') ?? undefined);
  assign('email', text('EMAIL'));
  assign('comment', text('COMMENT'));
  assign('defaultRole', nameProperty(properties, 'DEFAULT_ROLE'));
  assign('defaultWarehouse', nameProperty(properties, 'DEFAULT_WAREHOUSE'));
  assign('defaultNamespace', nameProperty(properties, 'DEFAULT_NAMESPACE'));
  assign('disabled', booleanProperty(properties, 'DISABLED'));
  assign('mustChangePassword', booleanProperty(properties, 'MUST_CHANGE_PASSWORD'));
  if (booleanProperty(properties, 'DISABLED') === false) user.lockedUntil = null;
  if (properties.has('MINS_TO_UNLOCK')) {
    user.lockedUntil = null;
    user.failedLogins = 0;
  }
}

export function createUser(ctx: ExecutionContext, statement: CreateStatement): ResultSet {
  const name = singleName(statement.name, 'User');
  ctx.access.requireAccountPrivilege('CREATE USER');
  const plan = createPlan(statement, ctx.catalog.users.has(name), [name], 'User');
  if (plan === 'keep') return done.existed(name);
  if (plan === 'replace') forgetUser(ctx, name);
  const user = ctx.catalog.addUser({ name, password: null, owner: ctx.session.role });
  applyUserProperties(user, statement.properties);
  return done.created('User', name);
}

/** Owner-only changes to a role or user (USERADMIN owns what it created; MANAGE GRANTS does not help). */
function requireOwner(ctx: ExecutionContext, type: 'ROLE' | 'USER', name: string): void {
  if (!ctx.access.owns({ type, path: [name] })) throw errors.insufficientPrivileges(type.toLowerCase(), displayName(name));
}

export function alterPrincipal(ctx: ExecutionContext, statement: AlterStatement): ResultSet {
  const type = statement.objectType as 'ROLE' | 'USER';
  const name = singleName(statement.name, type === 'ROLE' ? 'Role' : 'User');
  const target = type === 'ROLE' ? ctx.catalog.roles.get(name) : ctx.catalog.users.get(name);
  if (!target) {
    if (statement.ifExists) return done.ok();
    throw errors.notFound(type === 'ROLE' ? 'Role' : 'User', [name]);
  }
  const { action } = statement;
  // A user may change some of their own properties (password, defaults) without owning the user.
  const self = type === 'USER' && name === ctx.session.user && action.kind === 'set';
  if (!self) requireOwner(ctx, type, name);
  if (action.kind === 'set') {
    if (type === 'USER') applyUserProperties(target as User, action.properties);
    else target.comment = textProperty(action.properties, 'COMMENT') ?? target.comment;
  } else if (action.kind === 'unset') {
    for (const key of action.keys) {
      if (key === 'COMMENT') target.comment = null;
      if (type === 'USER' && key in USER_UNSETS) (target as User)[USER_UNSETS[key] as 'defaultRole'] = null;
    }
  } else if (action.kind === 'rename') {
    renamePrincipal(ctx, type, name, singleName(action.to, type === 'ROLE' ? 'Role' : 'User'));
  } else {
    throw errors.unsupported(`ALTER ${type} … ${action.kind.toUpperCase()}`);
  }
  return done.ok();
}

const USER_UNSETS: Record<string, keyof User> = {
  DEFAULT_ROLE: 'defaultRole',
  DEFAULT_WAREHOUSE: 'defaultWarehouse',
  DEFAULT_NAMESPACE: 'defaultNamespace',
  PASSWORD: 'passwordHash',
  EMAIL: 'email',
};

function renamePrincipal(ctx: ExecutionContext, type: 'ROLE' | 'USER', from: string, to: string): void {
  if ((SYSTEM_ROLES as readonly string[]).includes(from)) throw errors.insufficientPrivileges('role', from);
  const map = type === 'ROLE' ? ctx.catalog.roles : ctx.catalog.users;
  if (map.has(to)) throw errors.alreadyExists(type === 'ROLE' ? 'Object' : 'User', [to]);
  const entry = map.get(from) as { name: string };
  map.delete(from);
  entry.name = to;
  (map as Map<string, unknown>).set(to, entry);
  for (const grant of ctx.catalog.roleGrants) {
    if (type === 'ROLE' && grant.role === from) grant.role = to;
    if (grant.granteeType === type && grant.grantee === from) grant.grantee = to;
  }
  if (type === 'ROLE') {
    for (const grant of ctx.catalog.grants) if (grant.role === from) grant.role = to;
    for (const future of ctx.catalog.futureGrants) if (future.role === from) future.role = to;
    transferOwnership(ctx, from, to);
  }
}

export function dropPrincipal(ctx: ExecutionContext, statement: DropStatement): ResultSet {
  const type = statement.objectType as 'ROLE' | 'USER';
  const name = singleName(statement.name, type === 'ROLE' ? 'Role' : 'User');
  const exists = type === 'ROLE' ? ctx.catalog.roles.has(name) : ctx.catalog.users.has(name);
  if (!exists) {
    if (statement.ifExists) return done.alreadyDropped(name);
    throw errors.notFound(type === 'ROLE' ? 'Role' : 'User', [name]);
  }
  if (type === 'ROLE' && (SYSTEM_ROLES as readonly string[]).includes(name)) throw errors.insufficientPrivileges('role', name);
  requireOwner(ctx, type, name);
  if (type === 'ROLE') forgetRole(ctx, name);
  else forgetUser(ctx, name);
  return done.dropped(name);
}

function forgetRole(ctx: ExecutionContext, name: string): void {
  ctx.catalog.roles.delete(name);
  ctx.catalog.roleGrants = ctx.catalog.roleGrants.filter((g) => g.role !== name && !(g.granteeType === 'ROLE' && g.grantee === name));
  ctx.catalog.grants = ctx.catalog.grants.filter((g) => g.role !== name);
  ctx.catalog.futureGrants = ctx.catalog.futureGrants.filter((g) => g.role !== name);
  transferOwnership(ctx, name, ctx.session.role);
}

function forgetUser(ctx: ExecutionContext, name: string): void {
  ctx.catalog.users.delete(name);
  ctx.catalog.roleGrants = ctx.catalog.roleGrants.filter((g) => !(g.granteeType === 'USER' && g.grantee === name));
}

/** Everything `from` owned now belongs to `to`. */
function transferOwnership(ctx: ExecutionContext, from: string, to: string): void {
  const { catalog } = ctx;
  const owned: Array<{ owner: string }> = [...catalog.warehouses.values(), ...catalog.roles.values(), ...catalog.users.values()];
  for (const database of catalog.databases.values()) {
    owned.push(database);
    for (const schema of database.schemas.values()) owned.push(schema, ...schema.tables.values());
  }
  for (const object of owned) if (object.owner === from) object.owner = to;
}
