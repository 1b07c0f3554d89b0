// Environments (read-only): how a client finds the project and environment ids a new job needs.
// The sandbox account has one project with one production deployment environment.
import { idParam, type Handler } from './api-context';
import { notFound, ok } from './envelope';
import { environmentView } from './job-views';
import { list, matches } from './listing';

const listEnvironments: Handler = (ctx, call) => {
  const q = call.query;
  const items = [...ctx.state.environments.values()].filter(
    (e) => matches(e.projectId, q.project_id) && matches(e.projectId, q.project_id__in) && matches(e.id, q.pk) && matches(e.dbtVersion, q.dbt_version),
  );
  return list({
    items,
    query: q,
    defaultOrder: 'id',
    orderFields: { id: (e) => e.id, name: (e) => e.name, created_at: (e) => e.createdAt },
    filters: { account_id: ctx.state.accountId },
    view: (e) => environmentView(ctx.state, e),
  });
};

const retrieveEnvironment: Handler = (ctx, call) => {
  const env = ctx.state.environments.get(idParam(call, 'id'));
  return env ? ok(environmentView(ctx.state, env)) : notFound();
};

export const environmentHandlers: Record<string, Handler> = {
  'List Environments': listEnvironments,
  'Retrieve Environment': retrieveEnvironment,
};
