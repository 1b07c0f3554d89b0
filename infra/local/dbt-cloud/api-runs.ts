// Runs: list (filters by job, status, project, environment, id; ordering; pagination), retrieve
// (with `include_related`), cancel (a finished run is returned unchanged, so a retried cancel is
// harmless), and artifacts: the list of files and each file's raw content (not enveloped), from
// the last step that wrote artifacts unless `?step=` names one.
import { idParam, type Handler } from './api-context';
import { notFound, ok } from './envelope';
import { list, matches } from './listing';
import { related } from './routes';
import { runView } from './run-views';
import type { RunRecord } from './state';
import type { StandInResponse } from '../core/stand-in-server';

function filesOf(run: RunRecord, step: number | undefined): Map<string, string> | undefined {
  if (step !== undefined) return run.artifacts.get(step);
  const last = Math.max(0, ...run.artifacts.keys());
  return run.artifacts.get(last);
}

export function artifactResponse(run: RunRecord, remainder: string, step: number | undefined): StandInResponse {
  const content = filesOf(run, step)?.get(remainder);
  if (content === undefined) return notFound();
  const type = remainder.endsWith('.json') ? 'application/json' : 'text/plain; charset=utf-8';
  return { status: 200, headers: { 'content-type': type }, body: content };
}

function inRange(value: number | undefined, range: unknown): boolean {
  if (!Array.isArray(range) || range.length !== 2) return true;
  if (value === undefined) return false;
  const [from, to] = range.map((v) => Date.parse(String(v)));
  return (!Number.isFinite(from) || value >= (from as number)) && (!Number.isFinite(to) || value <= (to as number));
}

const listRuns: Handler = (ctx, call) => {
  const q = call.query;
  const items = [...ctx.state.runs.values()].filter(
    (r) =>
      matches(r.jobId, q.job_definition_id) &&
      matches(r.status, q.status) &&
      matches(r.status, q.status__in) &&
      matches(r.job.environment_id, q.environment_id) &&
      matches(r.job.project_id, q.project_id) &&
      matches(r.job.project_id, q.project_id__in) &&
      matches(r.id, q.pk) &&
      matches(r.id, q.pk__in) &&
      (typeof q.id__gt !== 'number' || r.id > q.id__gt) &&
      (q.has_docs_generated !== true) &&
      (q.has_sources_generated !== true) &&
      inRange(r.createdAt, q.created_at__range) &&
      inRange(r.finishedAt, q.finished_at__range),
  );
  const shown = related(q);
  const filters = Object.fromEntries(Object.entries(q).filter(([k]) => !['limit', 'offset', 'order_by'].includes(k)));
  return list({
    items,
    query: q,
    defaultOrder: 'id',
    orderFields: { id: (r) => r.id, created_at: (r) => r.createdAt, finished_at: (r) => r.finishedAt },
    filters: { account_id: ctx.state.accountId, ...filters },
    view: (r) => runView(ctx.state, r, shown, ctx.baseUrl),
  });
};

const retrieveRun: Handler = (ctx, call) => {
  const run = ctx.state.runs.get(idParam(call, 'id'));
  return run ? ok(runView(ctx.state, run, related(call.query), ctx.baseUrl)) : notFound();
};

const cancelRun: Handler = (ctx, call) => {
  const run = ctx.state.runs.get(idParam(call, 'run_id'));
  if (!run) return notFound();
  ctx.executor.cancel(run);
  return ok(runView(ctx.state, run, new Set(), ctx.baseUrl));
};

const listRunArtifacts: Handler = (ctx, call) => {
  const run = ctx.state.runs.get(idParam(call, 'run_id'));
  if (!run) return notFound();
  return ok([...(filesOf(run, undefined)?.keys() ?? [])].sort());
};

const retrieveRunArtifact: Handler = (ctx, call) => {
  const run = ctx.state.runs.get(idParam(call, 'run_id'));
  if (!run) return notFound();
  const step = typeof call.query.step === 'number' ? call.query.step : undefined;
  return artifactResponse(run, call.params.remainder ?? '', step);
};

export const runHandlers: Record<string, Handler> = {
  'List Runs': listRuns,
  'Retrieve Run': retrieveRun,
  'Cancel Run': cancelRun,
  'List Run Artifacts': listRunArtifacts,
  'Retrieve Run Artifact': retrieveRunArtifact,
};
