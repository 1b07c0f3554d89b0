// A read-only look at the account for tests and the sandbox user (GET /__sandbox/snowflake/catalog):
// plain copies of warehouses, databases, schemas, tables (with row counts, not rows), roles,
// users (never passwords) and grants, taken fresh on every read.
import type { Catalog } from './catalog';
import { tableBytes } from './exec-show';

export interface SnowflakeCatalogView {
  readonly warehouses: ReadonlyArray<{ name: string; size: string; state: string; autoSuspend: number | null; autoResume: boolean; owner: string }>;
  readonly databases: ReadonlyArray<{ name: string; owner: string; schemas: string[] }>;
  readonly schemas: ReadonlyArray<{ database: string; name: string; owner: string }>;
  readonly tables: ReadonlyArray<{ database: string; schema: string; name: string; owner: string; rowCount: number; bytes: number; columns: Array<{ name: string; type: string }> }>;
  readonly roles: ReadonlyArray<{ name: string; owner: string }>;
  readonly users: ReadonlyArray<{ name: string; loginName: string; defaultRole: string | null; defaultWarehouse: string | null; disabled: boolean; hasPassword: boolean; roles: string[] }>;
  readonly grants: ReadonlyArray<{ privilege: string; grantedOn: string; name: string; role: string; grantOption: boolean }>;
  readonly futureGrants: ReadonlyArray<{ privilege: string; objectType: string; container: string; role: string }>;
  readonly roleGrants: ReadonlyArray<{ role: string; granteeType: 'ROLE' | 'USER'; grantee: string }>;
}

export function catalogView(catalog: Catalog): SnowflakeCatalogView {
  return {
    get warehouses() {
      return [...catalog.warehouses.values()].map((w) => ({ name: w.name, size: w.size, state: w.state, autoSuspend: w.autoSuspend, autoResume: w.autoResume, owner: w.owner }));
    },
    get databases() {
      return [...catalog.databases.values()].map((d) => ({ name: d.name, owner: d.owner, schemas: [...d.schemas.keys()] }));
    },
    get schemas() {
      return [...catalog.databases.values()].flatMap((d) => [...d.schemas.values()].map((s) => ({ database: d.name, name: s.name, owner: s.owner })));
    },
    get tables() {
      return [...catalog.databases.values()].flatMap((d) =>
        [...d.schemas.values()].flatMap((s) =>
          [...s.tables.values()].map((t) => ({
            database: d.name,
            schema: s.name,
            name: t.name,
            owner: t.owner,
            rowCount: t.rows.length,
            bytes: tableBytes(t),
            columns: t.columns.map((c) => ({ name: c.name, type: c.type })),
          })),
        ),
      );
    },
    get roles() {
      return [...catalog.roles.values()].map((r) => ({ name: r.name, owner: r.owner }));
    },
    get users() {
      return [...catalog.users.values()].map((u) => ({
        name: u.name,
        loginName: u.loginName,
        defaultRole: u.defaultRole,
        defaultWarehouse: u.defaultWarehouse,
        disabled: u.disabled,
        hasPassword: u.passwordHash !== null,
        roles: [...catalog.rolesOfUser(u.name)],
      }));
    },
    get grants() {
      return catalog.grants.map((g) => ({ privilege: g.privilege, grantedOn: g.on.type, name: g.on.type === 'ACCOUNT' ? catalog.account : g.on.path.join('.'), role: g.role, grantOption: g.grantOption }));
    },
    get futureGrants() {
      return catalog.futureGrants.map((f) => ({ privilege: f.privilege, objectType: f.objectType, container: `${f.container.type} ${f.container.path.join('.')}`, role: f.role }));
    },
    get roleGrants() {
      return catalog.roleGrants.map((g) => ({ role: g.role, granteeType: g.granteeType, grantee: g.grantee }));
    },
  };
}

/** The same view as plain JSON (getters evaluated), for the control API. */
export function catalogSnapshot(view: SnowflakeCatalogView): Record<string, unknown> {
  return {
    warehouses: view.warehouses,
    databases: view.databases,
    schemas: view.schemas,
    tables: view.tables,
    roles: view.roles,
    users: view.users,
    grants: view.grants,
    futureGrants: view.futureGrants,
    roleGrants: view.roleGrants,
  };
}
