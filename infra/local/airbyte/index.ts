// The Airbyte stand-in: Airbyte OSS's public API (and its check-connection calls) on 127.0.0.1, with
// syncs that write real rows into PostgreSQL warehouses. See adapter.ts for the routes and the
// control routes, sync-run.ts for how a job lives, persistence.ts for what survives a restart.
import { startStandIn, type StandIn } from '../core/stand-in-server';
import { stateFile } from '../core/state-file';
import { SandboxWorld } from '../core/world';
import { airbyteAdapter } from './adapter';
import { TokenIssuer } from './auth';
import { CheckFailurePlan, type CheckFailureRule } from './check-failures';
import { PUBLIC_API, type AirbyteContext } from './context';
import { captureState, loadAirbyteState, restoreState, type SavedAirbyte } from './persistence';
import { ensureDefaultWorkspace } from './workspaces';
import { addSourceRecords, planNextSync, type AddRecords, type NextSyncPlan } from './sandbox-controls';
import { AirbyteStore, type Job } from './store';
import { SyncScheduler } from './sync-scheduler';

export interface AirbyteStandInOptions {
  port?: number;
  world?: SandboxWorld;
  /** Keep request and response bodies in the log (tests only: they carry credentials). */
  recordBodies?: boolean;
  /** Speed of jobs and checks: 1 = believable (a sync takes several seconds), smaller = faster. */
  timeScale?: number;
  /** The instance's application credentials (when absent: the saved ones, else random). */
  clientId?: string;
  clientSecret?: string;
  /**
   * Where the stand-in keeps its state across restarts (mode 0600: it holds credentials and
   * connector secrets). Without it, everything lives in memory and a close cancels running jobs.
   */
  stateFile?: string;
  /**
   * Start with a "Default Workspace" when there is none, as `abctl local install` leaves a real
   * Airbyte: connection checks need a workspace to run in. The sandbox sets it; tests that count
   * workspaces leave it off.
   */
  defaultWorkspace?: boolean;
}

export interface AirbyteStandIn extends StandIn {
  clientId: string;
  clientSecret: string;
  /** `<url>/api/public/v1` */
  apiUrl: string;
  /** The next `times` syncs of a connection fail halfway, or stall (see adapter.ts). */
  planNextSync(connectionId: string, plan: NextSyncPlan): void;
  /** Forces a check-connection failure class. */
  forceCheckFailure(rule: CheckFailureRule): void;
  /** New records appear at a source, for incremental syncs to pick up. */
  addSourceRecords(sourceId: string, input: AddRecords): void;
  /** Lets a stalled job continue; false when it is not stalled. */
  resumeJob(jobId: number): boolean;
  /** A job as the stand-in keeps it, failure reason included. */
  job(jobId: number): Job | undefined;
  /** Revokes every access token. */
  revokeTokens(): void;
}

export async function startAirbyteStandIn(options: AirbyteStandInOptions = {}): Promise<AirbyteStandIn> {
  const world = options.world ?? new SandboxWorld();
  const now = () => world.now();
  const timeScale = options.timeScale ?? 1;
  const store = new AirbyteStore();
  const closing = new AbortController();
  const state = options.stateFile ? stateFile<SavedAirbyte>(options.stateFile, () => captureState(ctx)) : undefined;
  const saved = options.stateFile && state ? loadAirbyteState(options.stateFile, state) : undefined;
  const changed = () => state?.changed();
  const ctx: AirbyteContext = {
    store,
    world,
    apiUrl: '',
    now,
    timeScale,
    tokens: TokenIssuer.create(options, saved?.credentials, now),
    syncs: new SyncScheduler(store, { world, now, timeScale, changed, saveNow: () => state?.flush() }),
    checkFailures: new CheckFailurePlan(),
    closing: closing.signal,
    changed,
  };
  if (saved) {
    restoreState(ctx, saved);
    ctx.syncs.resumeSaved();
  }
  if (options.defaultWorkspace) ensureDefaultWorkspace(ctx);
  // Saved at once, so a first start leaves its (possibly random) credentials on disk.
  state?.flush();
  const core = await startStandIn({ name: 'airbyte', adapter: airbyteAdapter(ctx), port: options.port, recordBodies: options.recordBodies });
  ctx.apiUrl = `${core.url}${PUBLIC_API}`;
  const { tokens } = ctx;
  /** An in-process control call, saved like the same call over HTTP. */
  const saving =
    <A extends unknown[], R>(action: (...args: A) => R) =>
    (...args: A): R => {
      const result = action(...args);
      changed();
      return result;
    };
  return {
    ...core,
    clientId: tokens.clientId,
    clientSecret: tokens.clientSecret,
    apiUrl: ctx.apiUrl,
    planNextSync: saving((connectionId: string, plan: NextSyncPlan) => planNextSync(ctx, connectionId, plan)),
    forceCheckFailure: saving((rule: CheckFailureRule) => ctx.checkFailures.add(rule)),
    addSourceRecords: saving((sourceId: string, input: AddRecords) => addSourceRecords(ctx, sourceId, input)),
    resumeJob: saving((jobId: number) => ctx.syncs.resume(jobId)),
    job: (jobId) => store.jobs.get(jobId),
    revokeTokens: saving(() => tokens.revokeAll()),
    async close() {
      closing.abort();
      // With a state file, running jobs are left running: the next instance carries them on.
      await ctx.syncs.close(state ? 'suspend' : 'cancel');
      await core.close();
      state?.flush();
    },
  };
}
