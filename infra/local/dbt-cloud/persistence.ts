// The dbt Cloud stand-in's state file: the account (id and API token, so a client configured
// before a restart keeps working), its project and environment, jobs (soft-deleted ones too) with
// their bindings and next-run plans, runs with steps, logs, artifacts and build progress, and the
// id counters. The snapshot is the state's own records, Maps included (core/state-codec.ts), so
// adding a field to a record needs no change here.
// The file is mode 0600: a binding's warehouse URL carries its password, as dbt Cloud keeps a
// connection's credentials.
import { encodeSnapshot, loadSnapshot, setAside, type Snapshot } from '../core/state-codec';
import { stateFile, type StateFile } from '../core/state-file';
import { DbtCloudState, NOWHERE, type IdKind } from './state';

/**
 * A running run changes with every log line and each save rewrites the whole file (for 1,000 runs
 * about 14-18 MB and 0.2-0.4 s of superjson encoding on a busy 2-core machine, against 70 ms for
 * the hand-written codec it replaced), so saves are at most once a second. Losing that last second
 * to a crash costs nothing that matters: a run resumes from any earlier point, and the one thing
 * that must not be lost, a model's transaction about to commit, is saved at once (`flush`).
 */
const SAVE_DEBOUNCE_MS = 1000;

type Records = Pick<DbtCloudState, 'project' | 'environments' | 'jobs' | 'deletedJobs' | 'runs'>;

export interface DbtCloudSnapshot {
  account: { id: number; apiToken: string };
  ids: Record<IdKind, number>;
  records: Records;
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
  // The snapshot is taken only when the file is written, by then `state` is settled.
  const store: StateFile<Snapshot<DbtCloudSnapshot>> = stateFile(file, () => encodeSnapshot(snapshotOf(state, account)), SAVE_DEBOUNCE_MS);
  const saved = loadSnapshot(file, store);
  let account = { id: given.accountId, apiToken: given.apiToken };
  let state = new DbtCloudState(account.id, now);
  if (saved) {
    try {
      state = restored(saved, now);
      account = { id: saved.account.id, apiToken: saved.account.apiToken };
    } catch {
      // A snapshot that decodes but does not fit: start empty, and keep it aside rather than overwrite it.
      setAside(file);
    }
  }
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
  return { account, ids: state.idCounters(), records };
}

/** The state a snapshot describes; throws when the snapshot is not one. */
function restored(saved: DbtCloudSnapshot, now: () => number): DbtCloudState {
  if (!Number.isSafeInteger(saved.account.id) || typeof saved.account.apiToken !== 'string') throw new Error('no account in the state file');
  const state = new DbtCloudState(saved.account.id, now);
  const { records } = saved;
  Object.assign(state.project, records.project);
  for (const kind of ['environments', 'jobs', 'deletedJobs', 'runs'] as const) {
    const into = state[kind] as Map<number, unknown>;
    into.clear();
    for (const [id, record] of records[kind]) into.set(id, record);
  }
  state.continueIds(saved.ids);
  return state;
}
