// GRANT / REVOKE. Privileges on the account, a warehouse, database, schema or table; on ALL
// existing tables or schemas of a container; on FUTURE ones (applied when they are created); and
// roles to roles or users. Who may grant follows Snowflake: the object's owner, a role with MANAGE
// GRANTS, or a holder WITH GRANT OPTION. `ALL` is stored as the individual privileges it means.
import { ALL_PRIVILEGES } from './access';
import type { GrantPrivilegesStatement, GrantRoleStatement, GrantTarget } from './ast';
import type { Securable } from './catalog';
import { schemaPath, singleName, tablePath, type ExecutionContext } from './context';
import { errors, SnowflakeError } from './errors';
import { displayName } from './identifiers';
import { done, type ResultSet } from './results';

type GrantableType = keyof typeof ALL_PRIVILEGES;

function invalidPrivilege(privilege: string, type: string): SnowflakeError {
  return new SnowflakeError('003011', '42501', `SQL compilation error:\nInvalid privilege ${privilege} for ${type}.`);
}

/** The privileges named, with `ALL` expanded, checked against what the object type has. */
function expand(privileges: string[], type: GrantableType): string[] {
  if (privileges.includes('ALL')) return ALL_PRIVILEGES[type];
  for (const privilege of privileges) {
    const valid = privilege === 'OWNERSHIP' || ALL_PRIVILEGES[type].includes(privilege) || (type === 'ACCOUNT' && /^(CREATE|MANAGE|MONITOR|EXECUTE|APPLY|IMPORT|OVERRIDE|ATTACH|BIND|AUDIT|READ|PURCHASE|RESOLVE|CANCEL)\b/.test(privilege));
    if (!valid) throw invalidPrivilege(privilege, type);
  }
  return privileges;
}

/** The existing object a grant names, checked for visibility (MANAGE GRANTS sees everything). */
export function resolveSecurable(ctx: ExecutionContext, target: Extract<GrantTarget, { kind: 'object' }>, verb: string): Securable {
  const type = target.objectType;
  const path =
    type === 'WAREHOUSE' || type === 'DATABASE'
      ? [singleName(target.name, type === 'WAREHOUSE' ? 'Warehouse' : 'Database')]
      : type === 'SCHEMA'
        ? schemaPath(ctx, target.name, verb)
        : tablePath(ctx, target.name, verb);
  const securable: Securable = { type, path };
  const exists = ctx.catalog.ownerOf(securable) !== undefined;
  if (!exists || !(ctx.access.sees(securable) || ctx.access.hasAccountPrivilege('MANAGE GRANTS'))) {
    throw errors.notFound(type === 'WAREHOUSE' ? 'Warehouse' : type === 'DATABASE' ? 'Database' : type === 'SCHEMA' ? 'Schema' : 'Table', path);
  }
  return securable;
}

/** The objects ALL … IN <container> reaches right now. */
function contained(
  ctx: ExecutionContext,
  target: Extract<GrantTarget, { kind: 'all' | 'future' }>,
  verb: string,
): { container: { type: 'DATABASE' | 'SCHEMA'; path: string[] }; objects: Securable[] } {
  const { container } = target;
  const path = container.type === 'DATABASE' ? [singleName(container.name, 'Database')] : schemaPath(ctx, container.name, verb);
  const [databaseName = '', schemaName] = path;
  const database = ctx.catalog.databases.get(databaseName);
  const schemas = database ? [...database.schemas.values()].filter((s) => schemaName === undefined || s.name === schemaName) : [];
  if (!database || (schemaName !== undefined && schemas.length === 0)) throw errors.notFound(container.type === 'DATABASE' ? 'Database' : 'Schema', path);
  const objects: Securable[] =
    target.objectType === 'SCHEMA'
      ? schemas.map((s) => ({ type: 'SCHEMA', path: [databaseName, s.name] }))
      : target.objectType === 'TABLE'
        ? schemas.flatMap((s) => [...s.tables.keys()].map((t): Securable => ({ type: 'TABLE', path: [databaseName, s.name, t] })))
        : [];
  return { container: { type: container.type, path }, objects };
}

function roleMustExist(ctx: ExecutionContext, role: string): void {
  if (!ctx.catalog.roles.has(role)) throw errors.notFound('Role', [role]);
}

function requireGrantAuthority(ctx: ExecutionContext, securable: Securable, privilege: string): void {
  if (ctx.access.mayGrantOn(securable, privilege)) return;
  const name = securable.type === 'ACCOUNT' ? ctx.catalog.account.toUpperCase() : displayName(securable.path[securable.path.length - 1] as string);
  throw errors.insufficientPrivileges(securable.type.toLowerCase(), name);
}

export function grantOrRevokePrivileges(ctx: ExecutionContext, statement: GrantPrivilegesStatement): ResultSet {
  const grant = statement.kind === 'grant-privileges';
  const verb = grant ? 'GRANT' : 'REVOKE';
  roleMustExist(ctx, statement.role);
  const { target } = statement;
  if (target.kind === 'future') {
    const { container } = contained(ctx, target, verb);
    requireGrantAuthority(ctx, container, 'OWNERSHIP');
    const privileges = statement.privileges.includes('ALL') ? ALL_PRIVILEGES[target.objectType === 'SCHEMA' ? 'SCHEMA' : 'TABLE'] : statement.privileges;
    const same = (f: (typeof ctx.catalog.futureGrants)[number], privilege: string) =>
      f.privilege === privilege && f.role === statement.role && f.objectType === target.objectType && f.container.type === container.type && f.container.path.join('.') === container.path.join('.');
    for (const privilege of privileges) {
      // Granting again what is already granted changes nothing (not even created_on), as for other grants.
      const existing = ctx.catalog.futureGrants.find((f) => same(f, privilege));
      if (!grant) ctx.catalog.futureGrants = ctx.catalog.futureGrants.filter((f) => !same(f, privilege));
      else if (existing) existing.grantOption ||= statement.withGrantOption;
      else {
        ctx.catalog.futureGrants.push({ privilege, objectType: target.objectType, container: { type: container.type, path: container.path }, role: statement.role, grantOption: statement.withGrantOption, createdOn: ctx.now });
      }
    }
    return done.ok();
  }
  const securables =
    target.kind === 'account' ? [{ type: 'ACCOUNT', path: [] } as Securable] : target.kind === 'object' ? [resolveSecurable(ctx, target, verb)] : contained(ctx, target, verb).objects;
  for (const securable of securables) {
    const type = securable.type as GrantableType;
    const privileges = expand(statement.privileges, type);
    for (const privilege of privileges) requireGrantAuthority(ctx, securable, privilege);
    if (privileges.includes('OWNERSHIP')) {
      if (privileges.length > 1 || !grant) throw invalidPrivilege('OWNERSHIP', type);
      transferOwner(ctx, securable, statement.role);
      continue;
    }
    for (const privilege of privileges) {
      if (grant) ctx.catalog.grantPrivilege({ privilege, on: securable, role: statement.role, grantOption: statement.withGrantOption, grantedBy: ctx.session.role });
      else ctx.catalog.grants = ctx.catalog.grants.filter((g) => !(g.privilege === privilege && g.role === statement.role && g.on.type === securable.type && g.on.path.join('.') === securable.path.join('.')));
    }
  }
  return done.ok();
}

function transferOwner(ctx: ExecutionContext, securable: Securable, role: string): void {
  const [first = '', second = '', third = ''] = securable.path;
  const object =
    securable.type === 'WAREHOUSE'
      ? ctx.catalog.warehouses.get(first)
      : securable.type === 'DATABASE'
        ? ctx.catalog.databases.get(first)
        : securable.type === 'SCHEMA'
          ? ctx.catalog.findSchema(first, second)
          : ctx.catalog.findTable([first, second, third]);
  if (object) object.owner = role;
}

export function grantOrRevokeRole(ctx: ExecutionContext, statement: GrantRoleStatement): ResultSet {
  const { role, to } = statement;
  roleMustExist(ctx, role);
  if (to.type === 'ROLE') roleMustExist(ctx, to.name);
  else if (!ctx.catalog.users.has(to.name)) throw errors.notFound('User', [to.name]);
  if (!ctx.access.owns({ type: 'ROLE', path: [role] }) && !ctx.access.hasAccountPrivilege('MANAGE GRANTS')) {
    throw errors.insufficientPrivileges('role', displayName(role));
  }
  if (statement.kind === 'revoke-role') {
    ctx.catalog.roleGrants = ctx.catalog.roleGrants.filter((g) => !(g.role === role && g.granteeType === to.type && g.grantee === to.name));
    return done.ok();
  }
  if (to.type === 'ROLE' && ctx.catalog.rolesUnder(role).has(to.name)) {
    throw new SnowflakeError(
      '003023',
      '42501',
      `SQL execution error: Cannot grant role '${displayName(role)}' to role '${displayName(to.name)}', because '${displayName(to.name)}' is already granted to '${displayName(role)}'.`,
      'EXECUTION',
    );
  }
  ctx.catalog.grantRole(role, to.type, to.name, ctx.session.role);
  return done.ok();
}
