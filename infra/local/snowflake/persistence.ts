// The Snowflake stand-in's state as the state file (core/state-file.ts) keeps it: the account
// (warehouses with their state, databases, schemas, tables with rows and timestamps, roles, users
// with lockout state, grants and future grants), open sessions, recent query results and the
// tail of the statement log. Maps are kept as lists of their values (every map is keyed by the
// value's `name`), so the file is plain JSON and the field lists live only in catalog.ts.
//
// Secrets: user passwords are only ever held as scrypt hashes (passwords.ts) and tokens as
// SHA-256 digests (sessions.ts). The one plain-text secret is the generated admin password: the
// stand-in hands it to whoever starts it (`standIn.adminPassword`, which the sandbox writes to its
// own 0600 sandbox.json), and it must be the same after a restart, so it cannot be kept as a hash.
import type { Catalog } from './catalog';
import type { QueryRunner, StoredResult } from './query-runner';
import type { SessionsSnapshot, SessionStore } from './sessions';
import type { LoggedStatement, StatementLog } from './statement-log';

/** A type with every Map<string, V> (at any depth) replaced by the list of its values. */
type Listed<T> = { [K in keyof T]: T[K] extends ReadonlyMap<string, infer V> ? Array<Listed<V>> : T[K] };

export type CatalogSnapshot = Listed<Pick<Catalog, 'warehouses' | 'databases' | 'roles' | 'users' | 'grants' | 'futureGrants' | 'roleGrants'>>;

const VERSION = 1;
/** The statement log tail and the results kept across a restart ("the last few thousand"). */
const SAVED_STATEMENTS = 2000;
const SAVED_RESULTS = 200;

export interface SnowflakeSnapshot {
  version: number;
  adminPassword: string;
  catalog: CatalogSnapshot;
  sessions: SessionsSnapshot;
  statements: LoggedStatement[];
  results: StoredResult[];
}

export interface PersistedParts {
  catalog: Catalog;
  sessions: SessionStore;
  statements: StatementLog;
  runner: QueryRunner;
}

function values<V>(map: ReadonlyMap<string, V>): V[] {
  return [...map.values()];
}

function byName<V extends { name: string }>(items: V[]): Map<string, V> {
  return new Map(items.map((item) => [item.name, item]));
}

function saveCatalog(catalog: Catalog): CatalogSnapshot {
  return {
    warehouses: values(catalog.warehouses),
    databases: values(catalog.databases).map((d) => ({ ...d, schemas: values(d.schemas).map((s) => ({ ...s, tables: values(s.tables) })) })),
    roles: values(catalog.roles),
    users: values(catalog.users),
    grants: catalog.grants,
    futureGrants: catalog.futureGrants,
    roleGrants: catalog.roleGrants,
  };
}

/** Replaces the fresh account's contents (system roles, COMPUTE_WH, …) with the saved ones. */
function loadCatalog(catalog: Catalog, saved: CatalogSnapshot): void {
  const refill = <V extends { name: string }>(map: Map<string, V>, items: V[]) => {
    map.clear();
    for (const [name, item] of byName(items)) map.set(name, item);
  };
  refill(catalog.warehouses, saved.warehouses);
  refill(
    catalog.databases,
    saved.databases.map((d) => ({ ...d, schemas: byName(d.schemas.map((s) => ({ ...s, tables: byName(s.tables) }))) })),
  );
  refill(catalog.roles, saved.roles);
  refill(catalog.users, saved.users);
  catalog.grants = saved.grants;
  catalog.futureGrants = saved.futureGrants;
  catalog.roleGrants = saved.roleGrants;
}

export function snapshotOf(parts: PersistedParts, adminPassword: string): SnowflakeSnapshot {
  return {
    version: VERSION,
    adminPassword,
    catalog: saveCatalog(parts.catalog),
    sessions: parts.sessions.snapshot(),
    statements: parts.statements.snapshot(SAVED_STATEMENTS),
    results: parts.runner.snapshot(SAVED_RESULTS),
  };
}

/** Restores a snapshot into freshly made parts; false (nothing restored) for another version's file. */
export function restoreInto(parts: PersistedParts, saved: SnowflakeSnapshot): boolean {
  if (saved.version !== VERSION) return false;
  loadCatalog(parts.catalog, saved.catalog);
  parts.sessions.restore(saved.sessions);
  parts.statements.restore(saved.statements);
  parts.runner.restore(saved.results);
  return true;
}
