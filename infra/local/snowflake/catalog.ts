// The in-memory account behind the stand-in: warehouses, databases with schemas and tables (with
// their rows), roles, users and grants, under names in stored form. A new account looks like a
// fresh Snowflake one: the system roles in their usual hierarchy, a COMPUTE_WH warehouse, and an
// admin user with ACCOUNTADMIN.
import { hashPassword } from './passwords';

export type WarehouseSize = 'X-Small' | 'Small' | 'Medium' | 'Large' | 'X-Large' | '2X-Large' | '3X-Large' | '4X-Large' | '5X-Large' | '6X-Large';

export interface Warehouse {
  name: string;
  size: WarehouseSize;
  state: 'STARTED' | 'SUSPENDED';
  autoSuspend: number | null;
  autoResume: boolean;
  owner: string;
  comment: string | null;
  createdOn: number;
  resumedOn: number;
  updatedOn: number;
}

export interface Column {
  name: string;
  /** The declared type, normalised (e.g. `NUMBER(38,0)`, `VARCHAR(16777216)`, `TIMESTAMP_NTZ(9)`). */
  type: string;
  nullable: boolean;
  defaultText: string | null;
  comment: string | null;
}

/** A stored cell: Snowflake's JSON result encoding of the value (numbers and dates as text). */
export type Cell = string | null;

export interface Table {
  name: string;
  database: string;
  schema: string;
  kind: 'TABLE' | 'TRANSIENT' | 'TEMPORARY';
  owner: string;
  columns: Column[];
  rows: Cell[][];
  comment: string | null;
  createdOn: number;
  lastAltered: number;
}

export interface Schema {
  name: string;
  database: string;
  owner: string;
  transient: boolean;
  managedAccess: boolean;
  comment: string | null;
  retentionTime: number;
  createdOn: number;
  lastAltered: number;
  tables: Map<string, Table>;
}

export interface Database {
  name: string;
  owner: string;
  transient: boolean;
  comment: string | null;
  retentionTime: number;
  createdOn: number;
  lastAltered: number;
  schemas: Map<string, Schema>;
}

export interface Role {
  name: string;
  owner: string;
  comment: string | null;
  createdOn: number;
}

export interface User {
  name: string;
  loginName: string;
  displayName: string;
  /** A salted hash (passwords.ts), never the password; never shown by SHOW USERS, the catalog view or the logs. */
  passwordHash: string | null;
  defaultRole: string | null;
  defaultWarehouse: string | null;
  defaultNamespace: string | null;
  disabled: boolean;
  mustChangePassword: boolean;
  email: string | null;
  comment: string | null;
  owner: string;
  createdOn: number;
  lastSuccessLogin: number | null;
  failedLogins: number;
  lockedUntil: number | null;
}

/** What a privilege is granted on; `path` is the fully qualified name in stored form. */
export interface Securable {
  type: 'ACCOUNT' | 'WAREHOUSE' | 'DATABASE' | 'SCHEMA' | 'TABLE' | 'ROLE' | 'USER';
  path: string[];
}

export interface PrivilegeGrant {
  privilege: string;
  on: Securable;
  role: string;
  grantOption: boolean;
  grantedBy: string;
  createdOn: number;
}

export interface FutureGrant {
  privilege: string;
  objectType: 'TABLE' | 'SCHEMA' | 'VIEW';
  container: { type: 'DATABASE' | 'SCHEMA'; path: string[] };
  role: string;
  grantOption: boolean;
  createdOn: number;
}

export interface RoleGrant {
  role: string;
  granteeType: 'ROLE' | 'USER';
  grantee: string;
  grantedBy: string;
  createdOn: number;
}

export const SYSTEM_ROLES = ['ACCOUNTADMIN', 'SECURITYADMIN', 'USERADMIN', 'SYSADMIN', 'PUBLIC'] as const;

export function securableKey(securable: Securable): string {
  return `${securable.type}:${securable.path.join('\u0000')}`;
}

export class Catalog {
  readonly warehouses = new Map<string, Warehouse>();
  readonly databases = new Map<string, Database>();
  readonly roles = new Map<string, Role>();
  readonly users = new Map<string, User>();
  grants: PrivilegeGrant[] = [];
  futureGrants: FutureGrant[] = [];
  roleGrants: RoleGrant[] = [];

  constructor(
    readonly account: string,
    readonly now: () => number = Date.now,
  ) {
    const at = this.now();
    for (const name of SYSTEM_ROLES) this.roles.set(name, { name, owner: name === 'PUBLIC' ? '' : 'ACCOUNTADMIN', comment: null, createdOn: at });
    this.grantRole('SECURITYADMIN', 'ROLE', 'ACCOUNTADMIN', '');
    this.grantRole('SYSADMIN', 'ROLE', 'ACCOUNTADMIN', '');
    this.grantRole('USERADMIN', 'ROLE', 'SECURITYADMIN', '');
    const onAccount: Securable = { type: 'ACCOUNT', path: [] };
    this.grantPrivilege({ privilege: 'CREATE WAREHOUSE', on: onAccount, role: 'SYSADMIN', grantOption: false, grantedBy: '' });
    this.grantPrivilege({ privilege: 'CREATE DATABASE', on: onAccount, role: 'SYSADMIN', grantOption: false, grantedBy: '' });
    this.grantPrivilege({ privilege: 'CREATE USER', on: onAccount, role: 'USERADMIN', grantOption: false, grantedBy: '' });
    this.grantPrivilege({ privilege: 'CREATE ROLE', on: onAccount, role: 'USERADMIN', grantOption: false, grantedBy: '' });
    this.grantPrivilege({ privilege: 'MANAGE GRANTS', on: onAccount, role: 'SECURITYADMIN', grantOption: false, grantedBy: '' });
    this.warehouses.set('COMPUTE_WH', {
      name: 'COMPUTE_WH',
      size: 'X-Small',
      state: 'SUSPENDED',
      autoSuspend: 600,
      autoResume: true,
      owner: 'ACCOUNTADMIN',
      comment: null,
      createdOn: at,
      resumedOn: at,
      updatedOn: at,
    });
  }

  /** Adds a user (as CREATE USER would, owned by USERADMIN's hierarchy); the password is kept hashed. */
  addUser({ password, ...user }: Pick<User, 'name'> & Partial<Omit<User, 'passwordHash'>> & { password: string | null }): User {
    const at = this.now();
    const full: User = {
      passwordHash: password === null ? null : hashPassword(password),
      loginName: user.name,
      displayName: user.name,
      defaultRole: null,
      defaultWarehouse: null,
      defaultNamespace: null,
      disabled: false,
      mustChangePassword: false,
      email: null,
      comment: null,
      owner: 'ACCOUNTADMIN',
      createdOn: at,
      lastSuccessLogin: null,
      failedLogins: 0,
      lockedUntil: null,
      ...user,
    };
    this.users.set(full.name, full);
    return full;
  }

  grantRole(role: string, granteeType: 'ROLE' | 'USER', grantee: string, grantedBy: string): boolean {
    const exists = this.roleGrants.some((g) => g.role === role && g.granteeType === granteeType && g.grantee === grantee);
    if (!exists) this.roleGrants.push({ role, granteeType, grantee, grantedBy, createdOn: this.now() });
    return !exists;
  }

  grantPrivilege(grant: Omit<PrivilegeGrant, 'createdOn'>): void {
    const key = securableKey(grant.on);
    const existing = this.grants.find((g) => g.privilege === grant.privilege && g.role === grant.role && securableKey(g.on) === key);
    if (existing) existing.grantOption ||= grant.grantOption;
    else this.grants.push({ ...grant, createdOn: this.now() });
  }

  /** Grants on an object or anything inside it (a database's schemas and tables). */
  private grantsWithin(securable: Securable, grant: { on: Securable }): boolean {
    if (grant.on.type === 'ACCOUNT' || securable.type === 'ACCOUNT') return false;
    const inside = grant.on.path.length >= securable.path.length && securable.path.every((part, i) => grant.on.path[i] === part);
    if (securable.type === 'DATABASE') return inside && ['DATABASE', 'SCHEMA', 'TABLE'].includes(grant.on.type);
    if (securable.type === 'SCHEMA') return inside && ['SCHEMA', 'TABLE'].includes(grant.on.type);
    return inside && grant.on.type === securable.type;
  }

  /** Forgets grants on a dropped object and what it contained. */
  forgetGrantsOn(securable: Securable): void {
    this.grants = this.grants.filter((g) => !this.grantsWithin(securable, g));
    if (securable.type === 'DATABASE' || securable.type === 'SCHEMA') {
      this.futureGrants = this.futureGrants.filter(
        (f) => !(f.container.path.length >= securable.path.length && securable.path.every((part, i) => f.container.path[i] === part)),
      );
    }
  }

  /** Renames the path prefix of grants after ALTER … RENAME TO. */
  renameGrants(from: Securable, to: string[]): void {
    const rewrite = (path: string[]) => [...to, ...path.slice(from.path.length)];
    for (const grant of this.grants) if (this.grantsWithin(from, grant)) grant.on = { type: grant.on.type, path: rewrite(grant.on.path) };
    for (const future of this.futureGrants) {
      const inside = from.path.every((part, i) => future.container.path[i] === part) && future.container.path.length >= from.path.length;
      if ((from.type === 'DATABASE' || from.type === 'SCHEMA') && inside) future.container = { ...future.container, path: rewrite(future.container.path) };
    }
  }

  /** Every role granted to `role`, directly or through others, plus `role` itself and PUBLIC. */
  rolesUnder(role: string): Set<string> {
    const found = new Set<string>([role, 'PUBLIC']);
    const queue = [role];
    while (queue.length > 0) {
      const current = queue.pop() as string;
      for (const grant of this.roleGrants) {
        if (grant.granteeType === 'ROLE' && grant.grantee === current && !found.has(grant.role)) {
          found.add(grant.role);
          queue.push(grant.role);
        }
      }
    }
    return found;
  }

  /** Roles granted directly to a user (PUBLIC included, as Snowflake grants it to everyone). */
  rolesOfUser(user: string): Set<string> {
    const roles = new Set<string>(['PUBLIC']);
    for (const grant of this.roleGrants) if (grant.granteeType === 'USER' && grant.grantee === user) roles.add(grant.role);
    return roles;
  }

  /** Roles the user may act as: those granted to them and every role below those. */
  availableRoles(user: string): Set<string> {
    const roles = new Set<string>();
    for (const granted of this.rolesOfUser(user)) for (const role of this.rolesUnder(granted)) roles.add(role);
    return roles;
  }

  findSchema(database: string, schema: string): Schema | undefined {
    return this.databases.get(database)?.schemas.get(schema);
  }

  findTable(path: readonly string[]): Table | undefined {
    const [database, schema, table] = path;
    if (database === undefined || schema === undefined || table === undefined) return undefined;
    return this.findSchema(database, schema)?.tables.get(table);
  }

  /** The owner role of an object, or undefined when it does not exist. */
  ownerOf(securable: Securable): string | undefined {
    const [first = '', second = '', third = ''] = securable.path;
    switch (securable.type) {
      case 'WAREHOUSE':
        return this.warehouses.get(first)?.owner;
      case 'DATABASE':
        return this.databases.get(first)?.owner;
      case 'SCHEMA':
        return this.findSchema(first, second)?.owner;
      case 'TABLE':
        return this.findTable([first, second, third])?.owner;
      case 'ROLE':
        return this.roles.get(first)?.owner;
      case 'USER':
        return this.users.get(first)?.owner;
      case 'ACCOUNT':
        return undefined;
    }
  }
}
