// Why a job failed, which the public API does not say: Airbyte's configuration API answers it
// (config.yaml), as its own web app reads it:
//   POST /api/v1/jobs/get_without_logs  {id} → JobInfoRead (job, attempts with failureSummary)
//   POST /api/v1/jobs/get               {id} → the same with each attempt's log lines
// One attempt per job here (Airbyte retries; the stand-in does not). Times are epoch seconds.
import { jsonResponse } from '../core/stand-in-server';
import { CONFIG_API, type Route } from './context';
import { ErrorIdFailure } from './problems';
import { BodyReader } from './request-input';
import type { Job } from './store';

const seconds = (ms: number) => Math.floor(ms / 1000);
const TERMINAL = new Set(['succeeded', 'failed', 'cancelled']);

function attemptStatus(job: Job): 'running' | 'failed' | 'succeeded' {
  if (job.status === 'succeeded') return 'succeeded';
  return job.status === 'failed' || job.status === 'cancelled' ? 'failed' : 'running';
}

/** Log lines in Airbyte's formatted style, enough to show what happened. */
function logLines(job: Job): string[] {
  const at = (ms: number) => new Date(ms).toISOString().replace('T', ' ').slice(0, 19);
  const lines = [`${at(job.startedAt ?? job.createdAt)} platform > Starting ${job.jobType === 'sync' ? 'replication' : 'clear'} of connection ${job.connectionId}`];
  if (job.status !== 'running') lines.push(`${at(job.updatedAt)} platform > Records committed: ${job.rowsSynced}, bytes committed: ${job.bytesSynced}`);
  if (job.failure) lines.push(`${at(job.updatedAt)} ${job.failure.origin} > ERROR ${job.failure.message}`);
  if (job.status === 'cancelled') lines.push(`${at(job.updatedAt)} platform > Job was cancelled.`);
  return lines;
}

function jobInfoRead(job: Job, withLogs: boolean): Record<string, unknown> {
  const stats = { recordsEmitted: job.rowsSynced, bytesEmitted: job.bytesSynced, recordsCommitted: job.rowsSynced, bytesCommitted: job.bytesSynced, recordsRejected: 0 };
  const read: Record<string, unknown> = {
    id: job.jobId,
    configType: job.jobType === 'sync' ? 'sync' : 'reset_connection',
    configId: job.connectionId,
    createdAt: seconds(job.createdAt),
    updatedAt: seconds(job.updatedAt),
    status: job.status,
    aggregatedStats: stats,
  };
  if (job.startedAt !== undefined) read.startedAt = seconds(job.startedAt);
  if (job.startedAt === undefined) return { job: read, attempts: [] };
  const attempt: Record<string, unknown> = {
    id: 0,
    status: attemptStatus(job),
    createdAt: seconds(job.startedAt),
    updatedAt: seconds(job.updatedAt),
    bytesSynced: job.bytesSynced,
    recordsSynced: job.rowsSynced,
    totalStats: stats,
  };
  if (TERMINAL.has(job.status)) attempt.endedAt = seconds(job.updatedAt);
  if (job.failure || job.status === 'cancelled') {
    const reason = job.failure
      ? { failureOrigin: job.failure.origin, failureType: job.failure.failureType, externalMessage: job.failure.message, internalMessage: job.failure.message, retryable: job.failure.failureType === 'transient_error' }
      : { failureOrigin: 'airbyte_platform', failureType: 'manual_cancellation', externalMessage: 'The sync was cancelled.' };
    attempt.failureSummary = { failures: [{ ...reason, timestamp: job.updatedAt }], partialSuccess: job.rowsSynced > 0 };
  }
  const info: Record<string, unknown> = { attempt };
  if (withLogs) Object.assign(info, { logType: 'formatted', logs: { logLines: logLines(job) } });
  return { job: read, attempts: [info] };
}

function jobInfoRoute(path: string, operationId: string, withLogs: boolean): Route {
  return {
    method: 'POST',
    template: `${CONFIG_API}/jobs/${path}`,
    operationId,
    handle(ctx, request) {
      const body = BodyReader.fromRequest(request, 'jobIdRequestBody', 400);
      const raw = body.body.id;
      if (raw === undefined || raw === null) throw new ErrorIdFailure(400, 'id is required');
      if (!Number.isInteger(typeof raw === 'string' ? Number(raw) : raw)) throw new ErrorIdFailure(422, 'id is not an integer');
      const job = ctx.store.jobs.get(Number(raw));
      if (!job) throw new ErrorIdFailure(404, `no job ${String(raw)}`);
      return jsonResponse(200, jobInfoRead(job, withLogs));
    },
  };
}

export const jobDetailRoutes: Route[] = [jobInfoRoute('get', 'getJobInfo', true), jobInfoRoute('get_without_logs', 'getJobInfoWithoutLogs', false)];
