// What the Airbyte stand-in saves in its state file (core/state-file.ts) and restores from it, as
// Airbyte keeps its config and jobs databases across restarts: the application credentials and
// live tokens, workspaces, sources and destinations (secrets included: the file is 0600, as the
// real server's database holds them), connections with their incremental state, every job with
// its stats, failure reason and — while it runs — its progress, the job id counter, and the
// failures planned through the control routes. The domain types are saved as they are, Maps
// included (core/state-codec.ts), so a field added to a record needs no change here.
import { encodeSnapshot, loadSnapshot, type Snapshot } from '../core/state-codec';
import type { StateFile } from '../core/state-file';
import type { TokenState } from './auth';
import type { CheckFailureRule } from './check-failures';
import type { AirbyteContext } from './context';
import type { Actor, Connection, Job, Workspace } from './store';
import type { PlannedSyncs } from './sync-scheduler';

interface AirbyteState {
  credentials: TokenState;
  workspaces: Workspace[];
  actors: Actor[];
  connections: Connection[];
  jobs: Job[];
  lastJobId: number;
  plannedSyncs: Map<string, PlannedSyncs>;
  checkFailures: CheckFailureRule[];
}

export type SavedAirbyte = Snapshot<AirbyteState>;

export function captureState(ctx: AirbyteContext): SavedAirbyte {
  const { store } = ctx;
  return encodeSnapshot<AirbyteState>({
    credentials: ctx.tokens.snapshot(),
    workspaces: [...store.workspaces.values()],
    actors: [...store.actors.values()],
    connections: [...store.connections.values()],
    jobs: [...store.jobs.values()],
    lastJobId: store.jobCounter,
    plannedSyncs: ctx.syncs.planned,
    checkFailures: ctx.checkFailures.list(),
  });
}

/**
 * The saved state, decoded; a file this version cannot read (an older format, a torn write) is
 * set aside as `<file>.unreadable` and the stand-in starts empty, as the other stand-ins do.
 */
export function loadAirbyteState(file: string, state: StateFile<SavedAirbyte>): AirbyteState | undefined {
  const lists = ['workspaces', 'actors', 'connections', 'jobs', 'checkFailures'] as const;
  return loadSnapshot<AirbyteState>(file, state, (value) => {
    const v = value as Partial<Record<string, unknown>> | null;
    return typeof v === 'object' && v !== null && lists.every((key) => Array.isArray(v[key])) && v.plannedSyncs instanceof Map;
  });
}

/** Puts a saved state back into a fresh context; jobs that had not ended are then carried on by `ctx.syncs.resumeSaved()`. */
export function restoreState(ctx: AirbyteContext, state: AirbyteState): void {
  const { store } = ctx;
  for (const w of state.workspaces) store.workspaces.set(w.workspaceId, w);
  for (const a of state.actors) store.actors.set(a.id, a);
  for (const c of state.connections) store.connections.set(c.connectionId, c);
  for (const j of state.jobs) store.jobs.set(j.jobId, j);
  store.continueJobIdsAfter(state.lastJobId);
  for (const [connectionId, planned] of state.plannedSyncs) ctx.syncs.planned.set(connectionId, planned);
  for (const rule of state.checkFailures) ctx.checkFailures.add(rule);
}
