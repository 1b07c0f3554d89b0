// Starts and stops jobs, one at a time per connection, with Airbyte's refusals: a connection that
// is not active cannot sync (IllegalStateException → 409 state-conflict "Could not fulfill
// request"), and a second job while one is running gets the Temporal client's "A sync is already
// running" (409 try-again-later). Also keeps the outcomes planned for a connection's next syncs,
// and after a restart carries on the jobs that had not ended (sync-run.ts says why they resume).
import { AirbyteProblem, notFound } from './problems';
import type { AirbyteStore, Connection, Job } from './store';
import { syncBasis } from './sync-plan';
import { SyncRun, type PlannedOutcome, type RunEnvironment } from './sync-run';

/** Outcomes planned for a connection's next syncs. */
export interface PlannedSyncs {
  outcome: PlannedOutcome;
  remaining: number;
}

/** What Airbyte records when a sync's process went away and nothing can carry it on. */
const LOST_SYNC_MESSAGE = 'Airbyte could not track the sync progress. Sync process exited without reporting status.';

export class SyncScheduler {
  private readonly runs = new Map<number, SyncRun>();
  readonly planned = new Map<string, PlannedSyncs>();

  constructor(
    private readonly store: AirbyteStore,
    private readonly env: RunEnvironment,
  ) {}

  start(connection: Connection, jobType: Job['jobType']): Job {
    if (connection.status !== 'active') throw new AirbyteProblem('state-conflict', { message: 'Could not fulfill request' });
    if (this.store.activeJob(connection.connectionId)) {
      throw new AirbyteProblem('try-again-later', { message: `A sync is already running for: ${connection.connectionId}` });
    }
    const source = this.store.liveActor('source', connection.sourceId);
    const destination = this.store.liveActor('destination', connection.destinationId);
    if (!source) throw notFound('source', connection.sourceId);
    if (!destination) throw notFound('destination', connection.destinationId);
    const now = this.env.now();
    const job: Job = {
      jobId: this.store.nextJobId(),
      connectionId: connection.connectionId,
      jobType,
      status: 'pending',
      createdAt: now,
      updatedAt: now,
      rowsSynced: 0,
      bytesSynced: 0,
    };
    this.store.jobs.set(job.jobId, job);
    const outcome = jobType === 'sync' ? this.takeOutcome(connection.connectionId) : undefined;
    this.track(new SyncRun(job, { basis: syncBasis(connection, source, destination), outcome, committed: {} }, connection, destination, this.env, false));
    return job;
  }

  private track(run: SyncRun): void {
    this.runs.set(run.job.jobId, run);
    void run.done.finally(() => this.runs.delete(run.job.jobId));
  }

  /**
   * After a restart: carries on every job that had not ended. One whose connection or destination
   * is gone, or that was saved without its progress, cannot be carried on and fails as Airbyte
   * fails a sync whose process was lost.
   */
  resumeSaved(): void {
    for (const job of this.store.jobs.values()) {
      if (job.status !== 'pending' && job.status !== 'running') continue;
      const connection = this.store.liveConnection(job.connectionId);
      const destination = connection && this.store.liveActor('destination', connection.destinationId);
      if (job.progress && connection && destination) {
        this.track(new SyncRun(job, job.progress, connection, destination, this.env, true));
        continue;
      }
      job.status = 'failed';
      job.failure = { message: LOST_SYNC_MESSAGE, failureType: 'system_error', origin: 'airbyte_platform' };
      job.updatedAt = this.env.now();
      delete job.progress;
    }
  }

  /** Cancels a job (DELETE /jobs/{id}); a job that already ended cannot be. */
  cancel(jobId: number): Job {
    const job = this.store.jobs.get(jobId);
    if (!job) throw notFound('job', String(jobId));
    const run = this.runs.get(jobId);
    if (!run || (job.status !== 'pending' && job.status !== 'running')) {
      throw new AirbyteProblem('state-conflict', { message: 'Job is not currently running' });
    }
    run.cancel();
    return job;
  }

  cancelActive(connectionId: string): void {
    const job = this.store.activeJob(connectionId);
    if (job) this.runs.get(job.jobId)?.cancel();
  }

  /** Plans how the next `times` syncs of a connection end (control route). */
  plan(connectionId: string, outcome: PlannedOutcome, times: number): void {
    this.planned.set(connectionId, { outcome, remaining: times });
  }

  unplan(connectionId: string): void {
    this.planned.delete(connectionId);
  }

  private takeOutcome(connectionId: string): PlannedOutcome | undefined {
    const entry = this.planned.get(connectionId);
    if (!entry) return undefined;
    entry.remaining -= 1;
    if (entry.remaining <= 0) this.planned.delete(connectionId);
    return entry.outcome;
  }

  /** Lets a stalled job continue; false when the job is not stalled. */
  resume(jobId: number): boolean {
    return this.runs.get(jobId)?.resume() ?? false;
  }

  /**
   * Stops every job and waits for their connections to close (stand-in shutdown). `suspend` leaves
   * the jobs running, for the next instance to carry on (when the state is saved); `cancel` ends them.
   */
  async close(mode: 'cancel' | 'suspend'): Promise<void> {
    const runs = [...this.runs.values()];
    for (const run of runs) {
      if (mode === 'suspend') run.suspend();
      else run.cancel();
    }
    await Promise.all(runs.map((r) => r.done.catch(() => undefined)));
  }
}
