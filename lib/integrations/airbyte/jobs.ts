// Airbyte sync jobs through the public API (`/jobs`): start one, read it, cancel it, and list a
// connection's recent ones so a restarted worker can re-attach instead of starting another.
// Airbyte runs one sync per connection at a time and answers a second start with 409; that is
// "attach to the running one" (REL-5), not a failure.
import type { CallOptions } from '../call-limits';
import { IntegrationError } from '../errors';
import { airbyteHttpStatus, PUBLIC_API, type AirbyteClient } from './client';
import { anySchema, jobSchema, pageSchema, type AirbyteJobRead } from './provision-schemas';

/** Airbyte's job status as Tapestry reads it (Airbyte's `queued` counts as `pending`). */
export type AirbyteJobStatus = 'pending' | 'running' | 'incomplete' | 'failed' | 'succeeded' | 'cancelled';

export interface AirbyteJob {
  jobId: number;
  status: AirbyteJobStatus;
  rowsSynced: number;
  bytesSynced: number;
  startTime?: string;
  lastUpdatedAt?: string;
  /** ISO-8601 duration, e.g. `PT1M5S`. */
  duration?: string;
}

export interface AirbyteJobs {
  /** POST /jobs; a 409 (a sync already running for the connection) attaches to that job instead. */
  startSync(connectionId: string, o?: CallOptions): Promise<{ jobId: number; attached: boolean }>;
  getJob(jobId: number, o?: CallOptions): Promise<AirbyteJob>;
  /** Cancelling a job that already ended is fine. */
  cancelJob(jobId: number, o?: CallOptions): Promise<void>;
  /** The most recent sync jobs of a connection, newest first (to re-attach after a restart). */
  recentJobs(connectionId: string, limit: number, o?: CallOptions): Promise<{ jobId: number; status: string; startTime?: string }[]>;
}

/** Not ended yet: `incomplete` is an attempt that failed while Airbyte tries again. */
const ACTIVE: ReadonlySet<AirbyteJobStatus> = new Set(['pending', 'running', 'incomplete']);
const jobsPage = pageSchema(jobSchema);

const statusOf = (job: AirbyteJobRead): AirbyteJobStatus => (job.status === 'queued' ? 'pending' : job.status);

function noJob(jobId: number): IntegrationError {
  return new IntegrationError({ provider: 'airbyte', failureClass: 'not_found', code: 'HTTP 404', step: 'sync', cause: `Airbyte has no job ${jobId}.`, hint: 'The Airbyte instance may have been reinstalled; start a new run.' });
}

class Jobs implements AirbyteJobs {
  constructor(private readonly client: AirbyteClient) {}

  private async list(connectionId: string, limit: number, o: CallOptions): Promise<AirbyteJobRead[]> {
    const query = new URLSearchParams({ connectionId, jobType: 'sync', orderBy: 'createdAt|DESC', limit: String(Math.min(100, Math.max(1, Math.floor(limit)))) });
    const page = await this.client.call({ method: 'GET', path: `${PUBLIC_API}/jobs?${query}`, schema: jobsPage, idempotent: true, step: 'sync' }, o);
    return page.data;
  }

  async startSync(connectionId: string, o: CallOptions = {}) {
    // A 409 with no active job means the running sync ended in between (start again, once) or
    // the connection is not active (Airbyte answers that with 409 as well).
    for (let attempt = 1; ; attempt++) {
      try {
        const body = { connectionId, jobType: 'sync' };
        const job = await this.client.call({ method: 'POST', path: `${PUBLIC_API}/jobs`, body, schema: jobSchema, idempotent: false, step: 'sync' }, o);
        return { jobId: job.jobId, attached: false };
      } catch (error) {
        if (airbyteHttpStatus(error) !== 409) throw error;
        const running = (await this.list(connectionId, 5, o)).find((j) => ACTIVE.has(statusOf(j)));
        if (running) return { jobId: running.jobId, attached: true };
        if (attempt >= 2) {
          throw new IntegrationError({
            provider: 'airbyte',
            failureClass: 'config',
            code: 'HTTP 409',
            step: 'sync',
            cause: 'Airbyte refused to start a sync of this connection, and none is running.',
            hint: 'Check that the connection is active in Airbyte (Tapestry may have paused it), then run again.',
          });
        }
      }
    }
  }

  async getJob(jobId: number, o: CallOptions = {}): Promise<AirbyteJob> {
    let job: AirbyteJobRead;
    try {
      job = await this.client.call({ method: 'GET', path: `${PUBLIC_API}/jobs/${jobId}`, schema: jobSchema, idempotent: true, step: 'sync' }, o);
    } catch (error) {
      throw airbyteHttpStatus(error) === 404 ? noJob(jobId) : error;
    }
    return {
      jobId: job.jobId,
      status: statusOf(job),
      rowsSynced: job.rowsSynced ?? 0,
      bytesSynced: job.bytesSynced ?? 0,
      startTime: job.startTime,
      lastUpdatedAt: job.lastUpdatedAt ?? undefined,
      duration: job.duration ?? undefined,
    };
  }

  async cancelJob(jobId: number, o: CallOptions = {}): Promise<void> {
    try {
      await this.client.call({ method: 'DELETE', path: `${PUBLIC_API}/jobs/${jobId}`, schema: anySchema, idempotent: true, step: 'sync' }, o);
    } catch (error) {
      const status = airbyteHttpStatus(error);
      if (status === 404) throw noJob(jobId);
      // 409 "Job is not currently running": fine when it has ended (a retried cancel lands here too).
      if (status !== 409 || ACTIVE.has((await this.getJob(jobId, o)).status)) throw error;
    }
  }

  async recentJobs(connectionId: string, limit: number, o: CallOptions = {}) {
    return (await this.list(connectionId, limit, o)).map((j) => ({ jobId: j.jobId, status: statusOf(j), startTime: j.startTime }));
  }
}

export function airbyteJobs(client: AirbyteClient): AirbyteJobs {
  return new Jobs(client);
}
