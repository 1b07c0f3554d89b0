// The dbt Cloud stand-in's state file: the account (id and API token, so a client configured
// before a restart keeps working), its project and environment, jobs (soft-deleted ones too) with
// their bindings and next-run plans, runs with steps, logs, artifacts and build progress, and the
// id counters. The snapshot is the state's own records made plain JSON by one type-driven rule
// (a Map becomes `{ $map: entries }`), so adding a field to a record needs no change here.
// The file is mode 0600: a binding's warehouse URL carries its password, as dbt Cloud keeps a
// connection's credentials.
import { stateFile, type StateFile } from '../core/state-file';
import { DbtCloudState, NOWHERE, type IdKind } from './state';

/** `T` as plain JSON: Maps become tagged lists of entries, at any depth. */
export type Persisted<T> =
  T extends Map<infer K, infer V>
    ? { $map: Array<[K, Persisted<V>]> }
    : T extends Array<infer E>
      ? Array<Persisted<E>>
      : T extends object
        ? { [P in keyof T]: Persisted<T[P]> }
        : T;

export function encode<T>(value: T): Persisted<T> {
  if (value instanceof Map) return { $map: [...value].map(([k, v]) => [k, encode(v)]) } as Persisted<T>;
  if (Array.isArray(value)) return value.map((v: unknown) => encode(v)) as Persisted<T>;
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, encode(v)])) as Persisted<T>;
  }
  return value as Persisted<T>;
}

function isTaggedMap(value: object): value is { $map: Array<[unknown, unknown]> } {
  const keys = Object.keys(value);
  const entries = (value as { $map?: unknown }).$map;
  return keys.length === 1 && Array.isArray(entries) && entries.every((e) => Array.isArray(e) && e.length === 2);
}

export function decode<T>(value: Persisted<T>): T {
  const walk = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(walk);
    if (v === null || typeof v !== 'object') return v;
    if (isTaggedMap(v)) return new Map(v.$map.map(([k, e]) => [k, walk(e)]));
    return Object.fromEntries(Object.entries(v).map(([k, e]) => [k, walk(e)]));
  };
  return walk(value) as T;
}

type Records = Pick<DbtCloudState, 'project' | 'environments' | 'jobs' | 'deletedJobs' | 'runs'>;

export interface DbtCloudSnapshot {
  account: { id: number; apiToken: string };
  ids: Record<IdKind, number>;
  records: Persisted<Records>;
}

export interface OpenedState {
  state: DbtCloudState;
  /** The account's credentials: the saved ones when the file exists, else the ones given. */
  accountId: number;
  apiToken: string;
  /** Writes the state now and stops saving (a late change can then never overwrite a newer file). */
  close(): void;
}

/**
 * Opens (or begins) the state file and returns the account's state restored from it, wired to
 * save after every change. A state file holds one account: once it exists, its account id and
 * token win over the ones given, as a real account's token outlives a restart of the service.
 */
export function openDbtCloudState(file: string, given: { accountId: number; apiToken: string }, now: () => number): OpenedState {
  // The snapshot is taken only when the file is written, by then `state` exists.
  const store: StateFile<DbtCloudSnapshot> = stateFile(file, () => snapshotOf(state, account));
  const saved = store.load();
  const account = saved?.account ?? { id: given.accountId, apiToken: given.apiToken };
  const state = new DbtCloudState(account.id, now);
  if (saved) restore(state, saved);
  state.saves = store;
  return {
    state,
    accountId: account.id,
    apiToken: account.apiToken,
    close() {
      if (state.saves === NOWHERE) return;
      state.saves = NOWHERE;
      store.flush();
    },
  };
}

function snapshotOf(state: DbtCloudState, account: { id: number; apiToken: string }): DbtCloudSnapshot {
  const records: Records = { project: state.project, environments: state.environments, jobs: state.jobs, deletedJobs: state.deletedJobs, runs: state.runs };
  return { account, ids: state.idCounters(), records: encode(records) };
}

function restore(state: DbtCloudState, saved: DbtCloudSnapshot): void {
  const records = decode<Records>(saved.records);
  Object.assign(state.project, records.project);
  for (const kind of ['environments', 'jobs', 'deletedJobs', 'runs'] as const) {
    const into = state[kind] as Map<number, unknown>;
    into.clear();
    for (const [id, record] of records[kind]) into.set(id, record);
  }
  state.continueIds(saved.ids);
}
