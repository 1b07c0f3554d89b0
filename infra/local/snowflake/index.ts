// The Snowflake stand-in: Snowflake's HTTP protocol (as snowflake-sdk speaks it) over an
// in-memory account, optionally kept in a state file across restarts. Start it, point the SDK at
// it with `accessUrl: standIn.url`, and log in as the admin user it prints (TAPESTRY_ADMIN, role
// ACCOUNTADMIN, a generated password that stays the same for as long as the state file lives).
import { randomBytes } from 'node:crypto';
import { startStandIn, type StandIn } from '../core/stand-in-server';
import { stateFile } from '../core/state-file';
import { snowflakeAdapter, type SnowflakeState } from './adapter';
import { Catalog } from './catalog';
import { catalogView, type SnowflakeCatalogView } from './catalog-view';
import { FailurePlan } from './failures';
import { fromUnquoted } from './identifiers';
import { hashPassword } from './passwords';
import { restoreInto, snapshotOf } from './persistence';
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
  /**
   * Extra users with a password; a default role is granted to them (created if missing). They are
   * the starter's configuration, so each start (re)applies their password and default role.
   */
  users?: Array<{ name: string; password: string; defaultRole?: string }>;
  /**
   * Keep the account in this file (mode 0600) and start from it: objects, rows, users, grants,
   * the admin password and open sessions survive a restart, as they do in Snowflake.
   */
  stateFile?: string;
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

/** The configured users, created when missing; their password and default role follow the configuration. */
function provisionUsers(catalog: Catalog, users: NonNullable<SnowflakeStandInOptions['users']>): void {
  for (const extra of users) {
    const name = fromUnquoted(extra.name);
    const role = extra.defaultRole ? fromUnquoted(extra.defaultRole) : null;
    const user = catalog.users.get(name) ?? catalog.addUser({ name, password: null });
    user.passwordHash = hashPassword(extra.password);
    if (role) {
      user.defaultRole = role;
      if (!catalog.roles.has(role)) catalog.roles.set(role, { name: role, owner: 'USERADMIN', comment: null, createdOn: catalog.now() });
      catalog.grantRole(role, 'USER', name, 'USERADMIN');
    }
  }
}

export async function startSnowflakeStandIn(options: SnowflakeStandInOptions = {}): Promise<SnowflakeStandIn> {
  const account = options.account ?? 'sandbox';
  const catalog = new Catalog(account);
  const statements = new StatementLog();
  const failures = new FailurePlan();
  const sessions = new SessionStore();
  const runner = new QueryRunner(catalog, statements, failures);
  const parts = { catalog, sessions, statements, runner };
  let adminPassword = generatedPassword();
  const store = options.stateFile ? stateFile(options.stateFile, () => snapshotOf(parts, adminPassword)) : undefined;
  const saved = store?.load();
  if (saved && restoreInto(parts, saved)) {
    adminPassword = saved.adminPassword;
  } else {
    catalog.addUser({ name: ADMIN_USER, password: adminPassword, defaultRole: 'ACCOUNTADMIN', defaultWarehouse: 'COMPUTE_WH' });
    catalog.grantRole('ACCOUNTADMIN', 'USER', ADMIN_USER, 'ACCOUNTADMIN');
  }
  provisionUsers(catalog, options.users ?? []);
  const view = catalogView(catalog);
  const state: SnowflakeState = { catalogModel: catalog, catalog: view, sessions, statements, failures, runner, changed: store && (() => store.changed()) };
  const standIn = await startStandIn({ name: 'snowflake', adapter: snowflakeAdapter(state), port: options.port, recordBodies: options.recordBodies });
  state.faults = standIn.faults;
  // Saved at once, so the admin password a first start prints is on disk before anyone uses it.
  store?.flush();
  return {
    ...standIn,
    account,
    adminUser: ADMIN_USER,
    adminPassword,
    statements: () => statements.list(),
    catalog: view,
    async close() {
      await standIn.close();
      store?.flush();
    },
  };
}
