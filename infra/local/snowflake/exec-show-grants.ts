// SHOW GRANTS in its forms (TO ROLE, TO USER, OF ROLE, ON <object>, and for the current user)
// and SHOW FUTURE GRANTS, with Snowflake's columns. Ownership is listed as the OWNERSHIP
// privilege and roles granted to a role as USAGE on ROLE, as Snowflake shows them.
import type { ShowGrantsStatement } from './ast';
import type { Cell, Catalog, FutureGrant, Securable } from './catalog';
import { schemaPath, singleName, type ExecutionContext } from './context';
import { errors } from './errors';
import { resolveSecurable } from './exec-grants';
import { displayName } from './identifiers';
import { col, epochText, STATEMENT_TYPE, type ResultSet } from './results';

const t = col.text;
const PRIVILEGE_COLUMNS = [col.timestamp('created_on'), t('privilege'), t('granted_on'), t('name'), t('granted_to'), t('grantee_name'), t('grant_option'), t('granted_by')];
const ROLE_GRANT_COLUMNS = [col.timestamp('created_on'), t('role'), t('granted_to'), t('grantee_name'), t('granted_by')];
const FUTURE_COLUMNS = [col.timestamp('created_on'), t('privilege'), t('grant_on'), t('name'), t('grant_to'), t('grantee_name'), t('grant_option')];

function objectName(catalog: Catalog, securable: Securable): string {
  return securable.type === 'ACCOUNT' ? catalog.account.toUpperCase() : securable.path.map(displayName).join('.');
}

/** Every owned object, as `[securable, owner, createdOn]`. */
function ownerships(catalog: Catalog): Array<{ on: Securable; owner: string; createdOn: number }> {
  const out: Array<{ on: Securable; owner: string; createdOn: number }> = [];
  for (const w of catalog.warehouses.values()) out.push({ on: { type: 'WAREHOUSE', path: [w.name] }, owner: w.owner, createdOn: w.createdOn });
  for (const d of catalog.databases.values()) {
    out.push({ on: { type: 'DATABASE', path: [d.name] }, owner: d.owner, createdOn: d.createdOn });
    for (const s of d.schemas.values()) {
      out.push({ on: { type: 'SCHEMA', path: [d.name, s.name] }, owner: s.owner, createdOn: s.createdOn });
      for (const tb of s.tables.values()) out.push({ on: { type: 'TABLE', path: [d.name, s.name, tb.name] }, owner: tb.owner, createdOn: tb.createdOn });
    }
  }
  for (const r of catalog.roles.values()) if (r.owner) out.push({ on: { type: 'ROLE', path: [r.name] }, owner: r.owner, createdOn: r.createdOn });
  for (const u of catalog.users.values()) out.push({ on: { type: 'USER', path: [u.name] }, owner: u.owner, createdOn: u.createdOn });
  return out;
}

/** Privilege rows (ownership, grants, and USAGE on roles granted to roles), filtered. */
function privilegeRows(catalog: Catalog, keep: (on: Securable, grantee: string) => boolean): Cell[][] {
  const rows: Array<{ at: number; row: Cell[] }> = [];
  for (const o of ownerships(catalog)) {
    if (keep(o.on, o.owner)) rows.push({ at: o.createdOn, row: [epochText(o.createdOn), 'OWNERSHIP', o.on.type, objectName(catalog, o.on), 'ROLE', o.owner, 'true', o.owner] });
  }
  for (const g of catalog.grants) {
    if (keep(g.on, g.role)) rows.push({ at: g.createdOn, row: [epochText(g.createdOn), g.privilege, g.on.type, objectName(catalog, g.on), 'ROLE', g.role, String(g.grantOption), g.grantedBy] });
  }
  for (const g of catalog.roleGrants) {
    const on: Securable = { type: 'ROLE', path: [g.role] };
    if (g.granteeType === 'ROLE' && keep(on, g.grantee)) rows.push({ at: g.createdOn, row: [epochText(g.createdOn), 'USAGE', 'ROLE', displayName(g.role), 'ROLE', g.grantee, 'false', g.grantedBy] });
  }
  return rows.sort((a, b) => a.at - b.at).map((r) => r.row);
}

function roleGrantRows(catalog: Catalog, keep: (g: Catalog['roleGrants'][number]) => boolean): Cell[][] {
  return catalog.roleGrants.filter(keep).map((g) => [epochText(g.createdOn), g.role, g.granteeType, g.grantee, g.grantedBy]);
}

function futureRows(catalog: Catalog, keep: (f: FutureGrant) => boolean): Cell[][] {
  return catalog.futureGrants
    .filter(keep)
    .map((f) => [epochText(f.createdOn), f.privilege, f.objectType, `${f.container.path.map(displayName).join('.')}.<${f.objectType}>`, 'ROLE', f.role, String(f.grantOption)]);
}

/** SHOW GRANTS TO / OF a role: for roles the session holds or owns, or with MANAGE GRANTS. */
function requireRoleInsight(ctx: ExecutionContext, role: string): void {
  if (!ctx.catalog.roles.has(role)) throw errors.notFound('Role', [role]);
  const allowed = ctx.access.roles.has(role) || ctx.access.owns({ type: 'ROLE', path: [role] }) || ctx.access.hasAccountPrivilege('MANAGE GRANTS');
  if (!allowed) throw errors.insufficientPrivileges('role', displayName(role));
}

function result(columns: typeof PRIVILEGE_COLUMNS, rows: Cell[][]): ResultSet {
  return { columns, rows, statementTypeId: STATEMENT_TYPE.SHOW };
}

export function executeShowGrants(ctx: ExecutionContext, statement: ShowGrantsStatement): ResultSet {
  const { catalog } = ctx;
  const { of } = statement;
  switch (of.kind) {
    case 'to-role':
      requireRoleInsight(ctx, of.role);
      return result(PRIVILEGE_COLUMNS, privilegeRows(catalog, (_on, grantee) => grantee === of.role));
    case 'of-role':
      requireRoleInsight(ctx, of.role);
      return result(ROLE_GRANT_COLUMNS, roleGrantRows(catalog, (g) => g.role === of.role));
    case 'to-user':
    case 'current-user': {
      const user = of.kind === 'to-user' ? of.user : ctx.session.user;
      if (!catalog.users.has(user)) throw errors.notFound('User', [user]);
      if (user !== ctx.session.user && !ctx.access.owns({ type: 'USER', path: [user] }) && !ctx.access.hasAccountPrivilege('MANAGE GRANTS')) {
        throw errors.insufficientPrivileges('user', displayName(user));
      }
      return result(ROLE_GRANT_COLUMNS, roleGrantRows(catalog, (g) => g.granteeType === 'USER' && g.grantee === user));
    }
    case 'on': {
      const target = of.target;
      if (target.kind === 'account') return result(PRIVILEGE_COLUMNS, privilegeRows(catalog, (on) => on.type === 'ACCOUNT'));
      if (target.kind !== 'object') return result(PRIVILEGE_COLUMNS, []);
      const securable = resolveSecurable(ctx, target, 'SHOW GRANTS');
      const key = securable.path.join('\u0000');
      return result(PRIVILEGE_COLUMNS, privilegeRows(catalog, (on) => on.type === securable.type && on.path.join('\u0000') === key));
    }
    case 'future-in': {
      const path = of.container.type === 'DATABASE' ? [singleName(of.container.name, 'Database')] : schemaPath(ctx, of.container.name, 'SHOW FUTURE GRANTS');
      if (catalog.ownerOf({ type: of.container.type, path }) === undefined) throw errors.notFound(of.container.type === 'DATABASE' ? 'Database' : 'Schema', path);
      const key = path.join('\u0000');
      return result(FUTURE_COLUMNS, futureRows(catalog, (f) => f.container.type === of.container.type && f.container.path.join('\u0000') === key));
    }
    case 'future-to-role':
      requireRoleInsight(ctx, of.role);
      return result(FUTURE_COLUMNS, futureRows(catalog, (f) => f.role === of.role));
  }
}
