// The Airbyte stand-in: Airbyte OSS's public API (and its check-connection calls) on 127.0.0.1, with
// syncs that write real rows into PostgreSQL warehouses. See adapter.ts for the routes and the
// control routes, sync-run.ts for how a job lives.
import { randomBytes, randomUUID } from 'node:crypto';
import { startStandIn, type StandIn } from '../core/stand-in-server';
import { SandboxWorld } from '../core/world';
import { airbyteAdapter } from './adapter';
import { TokenIssuer } from './auth';
import { CheckFailurePlan, type CheckFailureRule } from './check-failures';
import { PUBLIC_API, type AirbyteContext } from './context';
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
  /** The instance's application credentials (random when absent). */
  clientId?: string;
  clientSecret?: string;
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
  const tokens = new TokenIssuer(options.clientId ?? randomUUID(), options.clientSecret ?? randomBytes(24).toString('base64url'), now);
  const ctx: AirbyteContext = {
    store,
    world,
    apiUrl: '',
    now,
    timeScale,
    tokens,
    syncs: new SyncScheduler(store, { world, now, timeScale }),
    checkFailures: new CheckFailurePlan(),
    closing: closing.signal,
  };
  const core = await startStandIn({ name: 'airbyte', adapter: airbyteAdapter(ctx), port: options.port, recordBodies: options.recordBodies });
  ctx.apiUrl = `${core.url}${PUBLIC_API}`;
  return {
    ...core,
    clientId: tokens.clientId,
    clientSecret: tokens.clientSecret,
    apiUrl: ctx.apiUrl,
    planNextSync: (connectionId, plan) => planNextSync(ctx, connectionId, plan),
    forceCheckFailure: (rule) => ctx.checkFailures.add(rule),
    addSourceRecords: (sourceId, input) => addSourceRecords(ctx, sourceId, input),
    resumeJob: (jobId) => ctx.syncs.resume(jobId),
    job: (jobId) => store.jobs.get(jobId),
    revokeTokens: () => tokens.revokeAll(),
    async close() {
      closing.abort();
      await ctx.syncs.close();
      await core.close();
    },
  };
}
