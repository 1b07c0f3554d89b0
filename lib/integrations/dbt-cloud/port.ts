// The dbt Cloud port: what a deploy (the pipeline's job) and a run's transform stage need from
// dbt Cloud. Config comes from the caller (never the environment); every call takes the usual
// options (signal, budget) and fails with an IntegrationError of provider `dbt_cloud`.
import type { CallOptions } from '../call-limits';
import { NameLocks } from '../ensure-by-name';
import { DbtCloudClient, type DbtCloudConfig } from './client';
import { deleteJob, ensureJob, type EnsureJobInput } from './jobs';
import { cancelRun, getRun, recentRuns, runResults, triggerRun, type DbtRun, type DbtRunResults } from './runs';

export interface DbtCloudPort {
  /** Finds the job by name in the account, or creates it (in the first deployment environment unless given); changed steps are applied. */
  ensureJob(i: EnsureJobInput, o?: CallOptions): Promise<{ jobId: number; created: boolean }>;
  /** Not idempotent: callers record the run id, and call recentRuns before triggering again. */
  triggerRun(jobId: number, cause: string, o?: CallOptions): Promise<{ runId: number }>;
  getRun(runId: number, o?: CallOptions): Promise<DbtRun>;
  /** From the run's artifacts/run_results.json; undefined when it has none. */
  runResults(runId: number, o?: CallOptions): Promise<DbtRunResults | undefined>;
  /** Cancelling a finished run is fine. */
  cancelRun(runId: number, o?: CallOptions): Promise<void>;
  /** Tear-down: the job goes; one already deleted is fine. */
  deleteJob(jobId: number, o?: CallOptions): Promise<void>;
  /** A job's latest runs, newest first. */
  recentRuns(jobId: number, limit: number, o?: CallOptions): Promise<{ runId: number; status: string; createdAt: string; cause?: string }[]>;
}

export function dbtCloudPort(config: DbtCloudConfig): DbtCloudPort {
  const client = new DbtCloudClient(config);
  const locks = new NameLocks();
  return {
    ensureJob: (i, o = {}) => ensureJob(client, locks, i, o),
    triggerRun: (jobId, cause, o = {}) => triggerRun(client, jobId, cause, o),
    getRun: (runId, o = {}) => getRun(client, runId, o),
    runResults: (runId, o = {}) => runResults(client, runId, o),
    cancelRun: (runId, o = {}) => cancelRun(client, runId, o),
    recentRuns: (jobId, limit, o = {}) => recentRuns(client, jobId, limit, o),
    deleteJob: (jobId, o = {}) => deleteJob(client, jobId, o),
  };
}
