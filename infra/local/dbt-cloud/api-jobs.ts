// Jobs: list, create, retrieve, update (POST with the whole definition, as the document says),
// destroy (a soft delete: state 2, still listed with `state=deleted`), trigger a run, and fetch
// an artifact of the job's latest successful run. The product creates one job per pipeline.
import { idParam, type ApiCall, type ApiContext, type Handler } from './api-context';
import { invalid, notFound, ok, type FieldErrors } from './envelope';
import { jobView, knownFields, withDefaults } from './job-views';
import { list, matches } from './listing';
import { readBody } from './request-body';
import { related } from './routes';
import { runView } from './run-views';
import type { DbtCloudState, JobRecord, JobRequest, RunRecord, TriggerRequest } from './state';
import { RunStatus } from './statuses';
import { artifactResponse } from './api-runs';

function referenceErrors(state: DbtCloudState, def: JobRequest): FieldErrors {
  const errors: FieldErrors = {};
  const missing = (id: number) => [`Invalid pk "${id}" - object does not exist.`];
  if (def.account_id !== state.accountId) errors.account_id = missing(def.account_id);
  if (def.project_id !== state.project.id) errors.project_id = missing(def.project_id);
  const env = state.environments.get(def.environment_id);
  if (!env || env.projectId !== def.project_id) errors.environment_id = missing(def.environment_id);
  if (def.settings.threads < 1) errors.settings = { threads: ['Ensure this value is greater than or equal to 1.'] };
  return errors;
}

function readDefinition(ctx: ApiContext, call: ApiCall): { def: JobRequest } | { response: ReturnType<typeof invalid> } {
  const body = readBody<JobRequest>(call.request, 'HumanReadableJobDefinitionRequest');
  if (!body.ok) return { response: body.response };
  const def = knownFields(body.body, 'job');
  const errors = referenceErrors(ctx.state, def);
  return Object.keys(errors).length > 0 ? { response: invalid(errors) } : { def };
}

function stateFilter(value: unknown): Array<1 | 2> {
  if (value === 'deleted' || value === 2) return [2];
  if (value === 'all') return [1, 2];
  return [1];
}

const listJobs: Handler = (ctx, call) => {
  const q = call.query;
  const states = stateFilter(q.state);
  const candidates: Array<{ job: JobRecord; deleted: boolean }> = [
    ...[...ctx.state.jobs.values()].map((job) => ({ job, deleted: false })),
    ...[...ctx.state.deletedJobs.values()].map((job) => ({ job, deleted: true })),
  ];
  const items = candidates.filter(({ job, deleted }) => {
    const d = job.definition;
    return (
      states.includes(deleted ? 2 : 1) &&
      matches(d.environment_id, q.environment_id) &&
      matches(d.project_id, q.project_id) &&
      matches(d.project_id, q.project_id__in) &&
      matches(job.id, q.pk) &&
      (typeof q.name__icontains !== 'string' || d.name.toLowerCase().includes(q.name__icontains.toLowerCase())) &&
      (typeof q.triggers_schedule !== 'boolean' || Boolean(d.triggers.schedule) === q.triggers_schedule)
    );
  });
  const filters = Object.fromEntries(Object.entries(q).filter(([k]) => !['limit', 'offset', 'order_by'].includes(k)));
  return list({
    items,
    query: q,
    defaultOrder: 'id',
    orderFields: { id: (i) => i.job.id, name: (i) => i.job.definition.name, created_at: (i) => i.job.createdAt, updated_at: (i) => i.job.updatedAt },
    filters: { account_id: ctx.state.accountId, state: states.length === 2 ? 'all' : states[0], ...filters },
    view: (i) => jobView(ctx.state, i.job, i.deleted),
  });
};

const createJob: Handler = (ctx, call) => {
  const read = readDefinition(ctx, call);
  if ('response' in read) return read.response;
  const now = ctx.state.now();
  const job: JobRecord = { id: ctx.state.nextId('job'), definition: withDefaults(read.def), createdAt: now, updatedAt: now };
  if (job.definition.state === 2) ctx.state.deletedJobs.set(job.id, job);
  else ctx.state.jobs.set(job.id, job);
  return ok(jobView(ctx.state, job, job.definition.state === 2));
};

const retrieveJob: Handler = (ctx, call) => {
  const job = ctx.state.jobs.get(idParam(call, 'id'));
  return job ? ok(jobView(ctx.state, job)) : notFound();
};

const updateJob: Handler = (ctx, call) => {
  const job = ctx.state.jobs.get(idParam(call, 'id'));
  if (!job) return notFound();
  const read = readDefinition(ctx, call);
  if ('response' in read) return read.response;
  job.definition = withDefaults(read.def);
  job.updatedAt = ctx.state.now();
  if (job.definition.state === 2) {
    ctx.state.jobs.delete(job.id);
    ctx.state.deletedJobs.set(job.id, job);
  }
  return ok(jobView(ctx.state, job, job.definition.state === 2));
};

const destroyJob: Handler = (ctx, call) => {
  const job = ctx.state.jobs.get(idParam(call, 'id'));
  if (!job) return notFound();
  ctx.state.jobs.delete(job.id);
  job.updatedAt = ctx.state.now();
  ctx.state.deletedJobs.set(job.id, job);
  return { status: 204 };
};

const triggerRun: Handler = (ctx, call) => {
  const job = ctx.state.jobs.get(idParam(call, 'job_id'));
  if (!job) return notFound();
  const body = readBody<TriggerRequest>(call.request, 'TriggerRunRequestRequest');
  if (!body.ok) return body.response;
  const now = ctx.state.now();
  const run: RunRecord = {
    id: ctx.state.nextId('run'),
    jobId: job.id,
    triggerId: ctx.state.nextId('trigger'),
    trigger: knownFields(body.body, 'trigger'),
    job: structuredClone(job.definition),
    status: RunStatus.Queued,
    createdAt: now,
    updatedAt: now,
    steps: [],
    artifacts: new Map(),
  };
  ctx.state.runs.set(run.id, run);
  ctx.executor.start(run, job);
  return ok(runView(ctx.state, run, new Set(['trigger', 'job', ...related(call.query)]), ctx.baseUrl));
};

const retrieveJobArtifact: Handler = (ctx, call) => {
  const job = ctx.state.jobs.get(idParam(call, 'job_id'));
  if (!job) return notFound();
  const remainder = call.params.remainder ?? '';
  const latest = [...ctx.state.runs.values()]
    .filter((r) => r.jobId === job.id && r.status === RunStatus.Success)
    .sort((a, b) => b.id - a.id)
    .find((r) => [...r.artifacts.values()].some((files) => files.has(remainder)));
  return latest ? artifactResponse(latest, remainder, undefined) : notFound();
};

export const jobHandlers: Record<string, Handler> = {
  'List Jobs': listJobs,
  'Create Job': createJob,
  'Retrieve Job': retrieveJob,
  'Update Job': updateJob,
  'Destroy Job': destroyJob,
  'Trigger Job Run': triggerRun,
  'Retrieve Job Artifact': retrieveJobArtifact,
};
