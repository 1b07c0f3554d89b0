// Starts and stops jobs, one at a time per connection, with Airbyte's refusals: a connection that
// is not active cannot sync (IllegalStateException → 409 state-conflict "Could not fulfill
// request"), and a second job while one is running gets the Temporal client's "A sync is already
// running" (409 try-again-later). Also keeps the outcomes planned for a connection's next syncs.
import { AirbyteProblem, notFound } from './problems';
import type { AirbyteStore, Connection, Job } from './store';
import { SyncRun, type PlannedOutcome, type RunEnvironment } from './sync-run';

export class SyncScheduler {
  private readonly runs = new Map<number, SyncRun>();
  private readonly planned = new Map<string, { outcome: PlannedOutcome; remaining: number }>();

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
    const run = new SyncRun(job, connection, source, destination, this.env, jobType === 'sync' ? this.takeOutcome(connection.connectionId) : undefined);
    this.runs.set(job.jobId, run);
    void run.done.finally(() => this.runs.delete(job.jobId));
    return job;
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

  /** Stops every job and waits for their connections to close (stand-in shutdown). */
  async close(): Promise<void> {
    const runs = [...this.runs.values()];
    for (const run of runs) run.cancel();
    await Promise.all(runs.map((r) => r.done.catch(() => undefined)));
  }
}
