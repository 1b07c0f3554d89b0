// The Snowflake stand-in: Snowflake's HTTP protocol (as snowflake-sdk speaks it) over an
// in-memory account. Start it, point the SDK at it with `accessUrl: standIn.url`, and log in as
// the admin user it prints (TAPESTRY_ADMIN, role ACCOUNTADMIN, a generated password).
import { randomBytes } from 'node:crypto';
import { startStandIn, type StandIn } from '../core/stand-in-server';
import { snowflakeAdapter, type SnowflakeState } from './adapter';
import { Catalog } from './catalog';
import { catalogView, type SnowflakeCatalogView } from './catalog-view';
import { FailurePlan } from './failures';
import { fromUnquoted } from './identifiers';
import { QueryRunner } from './query-runner';
import { SessionStore } from './sessions';
import { StatementLog, type LoggedStatement } from './statement-log';

export type { SnowflakeCatalogView } from './catalog-view';
export type { LoggedStatement } from './statement-log';

export interface SnowflakeStandInOptions {
  port?: number;
  recordBodies?: boolean;
  /** The account name logins must name (case-insensitive); default `sandbox`. */
  account?: string;
  /** Extra users with a password; a default role is granted to them (created if missing). */
  users?: Array<{ name: string; password: string; defaultRole?: string }>;
}

export interface SnowflakeStandIn extends StandIn {
  account: string;
  adminUser: string;
  adminPassword: string;
  /** Every statement run, in order (passwords masked). */
  statements(): Array<Pick<LoggedStatement, 'at' | 'user' | 'role' | 'sqlText' | 'ok' | 'errorCode' | 'queryId'>>;
  /** A read-only view of the account, fresh on every property read. */
  catalog: SnowflakeCatalogView;
}

export const ADMIN_USER = 'TAPESTRY_ADMIN';

/** A password that satisfies Snowflake's default policy (upper, lower, digit, ≥ 8). */
function generatedPassword(): string {
  return `Sb1-${randomBytes(18).toString('base64url')}`;
}

export async function startSnowflakeStandIn(options: SnowflakeStandInOptions = {}): Promise<SnowflakeStandIn> {
  const account = options.account ?? 'sandbox';
  const catalog = new Catalog(account);
  const adminPassword = generatedPassword();
  catalog.addUser({ name: ADMIN_USER, password: adminPassword, defaultRole: 'ACCOUNTADMIN', defaultWarehouse: 'COMPUTE_WH' });
  catalog.grantRole('ACCOUNTADMIN', 'USER', ADMIN_USER, 'ACCOUNTADMIN');
  for (const extra of options.users ?? []) {
    const name = fromUnquoted(extra.name);
    const role = extra.defaultRole ? fromUnquoted(extra.defaultRole) : null;
    catalog.addUser({ name, password: extra.password, defaultRole: role });
    if (role) {
      if (!catalog.roles.has(role)) catalog.roles.set(role, { name: role, owner: 'USERADMIN', comment: null, createdOn: catalog.now() });
      catalog.grantRole(role, 'USER', name, 'USERADMIN');
    }
  }
  const statements = new StatementLog();
  const failures = new FailurePlan();
  const sessions = new SessionStore();
  const view = catalogView(catalog);
  const state: SnowflakeState = {
    catalogModel: catalog,
    catalog: view,
    sessions,
    statements,
    failures,
    runner: new QueryRunner(catalog, statements, failures),
  };
  const standIn = await startStandIn({ name: 'snowflake', adapter: snowflakeAdapter(state), port: options.port, recordBodies: options.recordBodies });
  state.faults = standIn.faults;
  return {
    ...standIn,
    account,
    adminUser: ADMIN_USER,
    adminPassword,
    statements: () => statements.list(),
    catalog: view,
  };
}
