// Jobs (`/jobs`): trigger a sync or reset, list with filters and ordering, read one, cancel. A job
// reads as Airbyte's JobResponseMapper writes it: `startTime` and `lastUpdatedAt` (terminal jobs
// only) as Java's OffsetDateTime prints them, `duration` as Java's ISO-8601 Duration (absent while
// pending), rows and bytes once an attempt exists.
import { jsonResponse } from '../core/stand-in-server';
import { requireConnection } from './connections';
import { PUBLIC_API, type AirbyteContext, type Route } from './context';
import { paginate } from './listing';
import { AirbyteProblem, MicronautFailure, notFound } from './problems';
import { BodyReader, queryInt, queryUuid, queryUuids } from './request-input';
import type { Job, JobStatus } from './store';

const JOB_TYPES = ['sync', 'reset', 'refresh', 'clear'] as const;
const JOB_STATUSES = ['pending', 'queued', 'running', 'incomplete', 'failed', 'succeeded', 'cancelled'] as const;
const TERMINAL: JobStatus[] = ['succeeded', 'failed', 'cancelled'];

/** `OffsetDateTime.toString()` at whole seconds: seconds are left out when they are zero. */
export function javaInstant(ms: number): string {
  const iso = new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
  return iso.endsWith(':00Z') ? iso.slice(0, -4) + 'Z' : iso;
}

/** `java.time.Duration.toString()` for whole seconds: PT0S, PT45S, PT1M5S, PT2H, PT26H3M. */
export function javaDuration(seconds: number): string {
  if (seconds <= 0) return 'PT0S';
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  return `PT${h ? `${h}H` : ''}${m ? `${m}M` : ''}${s ? `${s}S` : ''}`;
}

export function jobView(job: Job): Record<string, unknown> {
  const view: Record<string, unknown> = {
    jobId: job.jobId,
    status: job.status,
    jobType: job.jobType,
    startTime: javaInstant(job.createdAt),
    connectionId: job.connectionId,
  };
  if (TERMINAL.includes(job.status)) view.lastUpdatedAt = javaInstant(job.updatedAt);
  if (job.status !== 'pending') {
    view.duration = javaDuration(Math.floor(job.updatedAt / 1000) - Math.floor(job.createdAt / 1000));
    view.bytesSynced = job.bytesSynced;
    view.rowsSynced = job.rowsSynced;
  }
  return view;
}

export function requireJob(ctx: AirbyteContext, raw: string): Job {
  const job = ctx.store.jobs.get(Number(raw));
  if (!job) throw notFound('job', raw);
  return job;
}

function queryEnum<T extends string>(query: URLSearchParams, name: string, values: readonly T[]): T | undefined {
  const raw = query.get(name);
  if (raw === null || raw === '') return undefined;
  const found = values.find((v) => v === raw.toLowerCase());
  if (!found) throw new MicronautFailure(400, 'Bad Request', `Failed to convert argument [${name}] for value [${raw}]`);
  return found;
}

function queryInstant(query: URLSearchParams, name: string): number | undefined {
  const raw = query.get(name);
  if (raw === null || raw === '') return undefined;
  const ms = Date.parse(raw);
  if (!/^\d{4}-\d{2}-\d{2}T/.test(raw) || Number.isNaN(ms)) {
    throw new MicronautFailure(400, 'Bad Request', `Failed to convert argument [${name}] for value [${raw}]`);
  }
  return ms;
}

function ordering(raw: string | null): (a: Job, b: Job) => number {
  let field: 'createdAt' | 'updatedAt' = 'createdAt';
  let direction = 1;
  if (raw) {
    const match = /([a-zA-Z0-9]+)\|(ASC|DESC)/.exec(raw);
    if (!match || (match[1] !== 'createdAt' && match[1] !== 'updatedAt')) {
      throw new AirbyteProblem('bad-request', { message: `Invalid order by clause provided: ${raw}` });
    }
    field = match[1];
    direction = match[2] === 'DESC' ? -1 : 1;
  }
  return (a, b) => direction * (a[field] - b[field] || a.jobId - b.jobId);
}

function listJobs(ctx: AirbyteContext, query: URLSearchParams) {
  const connectionId = queryUuid(query, 'connectionId', false);
  const limit = queryInt(query, 'limit', 20, 1, 100);
  const offset = queryInt(query, 'offset', 0, 0, Number.MAX_SAFE_INTEGER);
  const jobType = queryEnum(query, 'jobType', JOB_TYPES);
  const status = queryEnum(query, 'status', JOB_STATUSES);
  const workspaceIds = queryUuids(query, 'workspaceIds');
  const [createdFrom, createdTo, updatedFrom, updatedTo] = ['createdAtStart', 'createdAtEnd', 'updatedAtStart', 'updatedAtEnd'].map((n) => queryInstant(query, n));
  const order = ordering(query.get('orderBy'));
  if (connectionId) requireConnection(ctx, connectionId);
  const inWorkspaces = (job: Job) =>
    workspaceIds.length === 0 || workspaceIds.includes(ctx.store.connections.get(job.connectionId)?.workspaceId ?? '');
  const within = (value: number, from?: number, to?: number) => (from === undefined || value >= from) && (to === undefined || value <= to);
  const jobs = [...ctx.store.jobs.values()]
    .filter(
      (j) =>
        (!connectionId || j.connectionId === connectionId) &&
        (!jobType || j.jobType === jobType) &&
        (!status || j.status === status) &&
        inWorkspaces(j) &&
        within(j.createdAt, createdFrom, createdTo) &&
        within(j.updatedAt, updatedFrom, updatedTo),
    )
    .sort(order);
  const linkQuery: Record<string, string> = {};
  if (jobType) linkQuery.jobType = jobType;
  if (connectionId) linkQuery.connectionId = connectionId;
  if (workspaceIds.length) linkQuery.workspaceIds = workspaceIds.join(',');
  const page = paginate(jobs, { limit, offset }, `${ctx.apiUrl}/jobs`, linkQuery);
  return { ...page, data: page.data.map(jobView) };
}

export const jobRoutes: Route[] = [
  {
    method: 'POST',
    template: `${PUBLIC_API}/jobs`,
    operationId: 'createJob',
    handle(ctx, request) {
      const body = BodyReader.fromRequest(request, 'jobCreateRequest');
      const connectionId = body.uuid('connectionId', true) ?? '';
      const jobType = body.enumOf('jobType', JOB_TYPES, true) ?? 'sync';
      const connection = requireConnection(ctx, connectionId);
      if (jobType === 'refresh') throw new AirbyteProblem('unprocessable-entity', { message: 'Refreshes are not supported in the public API' });
      const job = ctx.syncs.start(connection, jobType === 'sync' ? 'sync' : 'reset');
      return jsonResponse(200, jobView(job));
    },
  },
  {
    method: 'GET',
    template: `${PUBLIC_API}/jobs`,
    operationId: 'listJobs',
    handle: (ctx, request) => jsonResponse(200, listJobs(ctx, request.query)),
  },
  {
    method: 'GET',
    template: `${PUBLIC_API}/jobs/{jobId}`,
    operationId: 'getJob',
    handle: (ctx, _request, params) => jsonResponse(200, jobView(requireJob(ctx, params.jobId ?? ''))),
  },
  {
    method: 'DELETE',
    template: `${PUBLIC_API}/jobs/{jobId}`,
    operationId: 'cancelJob',
    handle: (ctx, _request, params) => jsonResponse(200, jobView(ctx.syncs.cancel(requireJob(ctx, params.jobId ?? '').jobId))),
  },
];
