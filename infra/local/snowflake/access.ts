// Snowflake's access model as the stand-in checks it: a session acts with its current role and
// every role granted to it (transitively), owners hold every privilege on what they own, MANAGE
// GRANTS lets a role grant on anything, and an object on which the role holds nothing is
// invisible ("does not exist or not authorized") rather than forbidden.
import { securableKey, type Catalog, type Securable } from './catalog';
import { errors } from './errors';

/** Privileges that `ALL` stands for, per object type (what SHOW GRANTS then lists one by one). */
export const ALL_PRIVILEGES: Record<Exclude<Securable['type'], 'ROLE' | 'USER'>, string[]> = {
  ACCOUNT: ['CREATE DATABASE', 'CREATE WAREHOUSE', 'CREATE ROLE', 'CREATE USER', 'MONITOR USAGE', 'EXECUTE TASK'],
  WAREHOUSE: ['APPLYBUDGET', 'MODIFY', 'MONITOR', 'OPERATE', 'USAGE'],
  DATABASE: ['CREATE DATABASE ROLE', 'CREATE SCHEMA', 'MODIFY', 'MONITOR', 'USAGE'],
  SCHEMA: ['CREATE TABLE', 'CREATE VIEW', 'CREATE STAGE', 'CREATE FILE FORMAT', 'CREATE SEQUENCE', 'CREATE FUNCTION', 'CREATE PROCEDURE', 'MODIFY', 'MONITOR', 'USAGE'],
  TABLE: ['DELETE', 'EVOLVE SCHEMA', 'INSERT', 'REBUILD', 'REFERENCES', 'SELECT', 'TRUNCATE', 'UPDATE'],
};

export class Access {
  readonly roles: Set<string>;

  constructor(
    private readonly catalog: Catalog,
    readonly role: string,
  ) {
    this.roles = catalog.rolesUnder(role);
  }

  owns(securable: Securable): boolean {
    const owner = this.catalog.ownerOf(securable);
    return owner !== undefined && this.roles.has(owner);
  }

  /** The role holds `privilege` on the object (as owner, or by a grant to it or a role under it). */
  has(securable: Securable, privilege: string): boolean {
    if (this.owns(securable)) return true;
    const key = securableKey(securable);
    return this.catalog.grants.some((g) => g.privilege === privilege && this.roles.has(g.role) && securableKey(g.on) === key);
  }

  /** The role holds anything at all on the object, which is what makes it visible. */
  sees(securable: Securable): boolean {
    if (this.owns(securable)) return true;
    const key = securableKey(securable);
    return this.catalog.grants.some((g) => this.roles.has(g.role) && securableKey(g.on) === key);
  }

  hasAccountPrivilege(privilege: string): boolean {
    return this.has({ type: 'ACCOUNT', path: [] }, privilege);
  }

  /** May grant or revoke privileges on the object: owner, MANAGE GRANTS, or WITH GRANT OPTION. */
  mayGrantOn(securable: Securable, privilege: string): boolean {
    if (securable.type !== 'ACCOUNT' && this.owns(securable)) return true;
    if (this.hasAccountPrivilege('MANAGE GRANTS')) return true;
    const key = securableKey(securable);
    return this.catalog.grants.some((g) => g.grantOption && g.privilege === privilege && this.roles.has(g.role) && securableKey(g.on) === key);
  }

  /** Throws 003001 on the account unless the role holds an account privilege. */
  requireAccountPrivilege(privilege: string): void {
    if (!this.hasAccountPrivilege(privilege)) throw errors.insufficientPrivileges('account', this.catalog.account.toUpperCase());
  }

  /** Usable database: exists and the role holds USAGE (or owns it). Otherwise 002003. */
  requireDatabase(name: string): void {
    const db = { type: 'DATABASE' as const, path: [name] };
    if (!this.catalog.databases.has(name) || !this.has(db, 'USAGE')) throw errors.notFound('Database', [name]);
  }

  /** Usable schema in a usable database. Otherwise 002003 naming what is missing. */
  requireSchema(database: string, schema: string): void {
    this.requireDatabase(database);
    const securable = { type: 'SCHEMA' as const, path: [database, schema] };
    if (!this.catalog.findSchema(database, schema) || !this.has(securable, 'USAGE')) {
      throw errors.notFound('Schema', [database, schema]);
    }
  }

  /**
   * A table the statement may use with `privilege`: its schema must be usable, the table visible
   * (else 002003), and the privilege held (else 003001).
   */
  requireTable(path: [string, string, string], privilege: string): void {
    const [database, schema, name] = path;
    this.requireSchema(database, schema);
    const securable = { type: 'TABLE' as const, path };
    if (!this.catalog.findTable(path) || !this.sees(securable)) throw errors.notFound('Table', path);
    if (!this.has(securable, privilege)) throw errors.insufficientPrivileges('table', name);
  }
}
