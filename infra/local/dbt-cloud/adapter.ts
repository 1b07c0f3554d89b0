// The dbt Cloud Administrative API v2 on the sandbox's HTTP core: routes by the official
// document's path templates, authenticates (`Token` or `Bearer`), checks the account in the path,
// types the query, and answers in dbt Cloud's envelope, errors included.
//
// Control routes (outside dbt Cloud's API, on the same port; plain JSON):
//   PUT    /__sandbox/dbt/jobs/{jobId}/binding   body: DbtBinding — run this job's models in a warehouse:
//            {"warehouseUrl": "postgresql://…/db", "schema"?: "analytics", "models": {"name": "select …"}}
//            or {"warehouseUrl": …, "schema"?: …, "modelsDir": "/absolute/folder/of/sql/models"}
//   GET    /__sandbox/dbt/jobs/{jobId}/binding   the binding (password masked); 404 when unbound
//   DELETE /__sandbox/dbt/jobs/{jobId}/binding   unbind (runs then build an empty project)
//   PUT    /__sandbox/dbt/jobs/{jobId}/next-run  the next run of the job does not run normally:
//            {"outcome": "fail", "message"?: "…"}   its dbt run/build step fails with that database error
//            {"outcome": "stall", "at"?: "running" | "queued"}   it stops progressing (no steps, no
//            heartbeat) until cancelled or, when running, until the job's timeout_seconds
//   DELETE /__sandbox/dbt/jobs/{jobId}/next-run  forget a forced outcome not yet used
// plus the core's /__sandbox/requests and /__sandbox/faults (throttling answers 429 here).
import type { FaultKind } from '../core/faults';
import type { ProtocolAdapter, StandInRequest, StandInResponse } from '../core/stand-in-server';
import type { ApiContext, Handler } from './api-context';
import { environmentHandlers } from './api-environments';
import { jobHandlers } from './api-jobs';
import { runHandlers } from './api-runs';
import { accountFailure, authFailure } from './auth';
import { controlRoute } from './control';
import { failure, invalid, MESSAGES, notFound } from './envelope';
import { readQuery, route } from './routes';

const HANDLERS: Record<string, Handler> = { ...environmentHandlers, ...jobHandlers, ...runHandlers };

export interface DbtCloudAdapterOptions {
  context: () => ApiContext;
  apiToken: string;
}

/**
 * Only writes change the account (a GET never does), so every handled write is saved: one rule
 * here rather than a call in each handler that a new handler could forget. It is saved before
 * the answer goes out, as a real service commits before it answers: an id a client was given is
 * on disk, so not even a crash can hand it out again.
 */
function savedIfWrite(ctx: ApiContext, request: StandInRequest): void {
  if (request.method !== 'GET' && request.method !== 'HEAD') ctx.state.saves.flush();
}

export function createDbtCloudAdapter(options: DbtCloudAdapterOptions): ProtocolAdapter {
  const routed = (request: StandInRequest) => route(request.method, request.path, request.query.size > 0 ? `?${request.query}` : '');
  return {
    classify(request) {
      const r = routed(request);
      return r.kind === 'operation' ? r.operation.operationId : 'unknown';
    },

    async handle(request) {
      const r = routed(request);
      if (r.kind === 'redirect') return { status: 301, headers: { location: r.location } };
      if (r.kind === 'unknown') return notFound();
      // Django REST framework authenticates before it looks for the method's handler.
      const refused = authFailure(request, options.apiToken);
      if (refused) return refused;
      if (r.kind === 'method-not-allowed') {
        return failure(405, `Method "${request.method}" not allowed.`, { headers: { allow: [...new Set(r.allowed)].join(', ') } });
      }
      const ctx = options.context();
      const scoped = accountFailure(Number(r.params.account_id), ctx.state.accountId);
      if (scoped) return scoped;
      const query = readQuery(r.operation, request.query);
      if (query.errors) return invalid(query.errors);
      const handler = HANDLERS[r.operation.operationId];
      if (!handler) return notFound();
      const response = await handler(ctx, { request, params: r.params, query: query.values });
      savedIfWrite(ctx, request);
      return response;
    },

    faultResponse(kind: Extract<FaultKind, 'throttle' | 'server-error'>, _request, status): StandInResponse {
      if (kind === 'throttle') return failure(429, MESSAGES.throttled, { headers: { 'retry-after': '1' } });
      return failure(status, MESSAGES.serverError);
    },

    internalError(): StandInResponse {
      return failure(500, MESSAGES.serverError);
    },

    tooLarge(): StandInResponse {
      return failure(413, MESSAGES.tooLarge);
    },

    async control(request) {
      const ctx = options.context();
      const response = await controlRoute(ctx.state, request);
      if (response) savedIfWrite(ctx, request);
      return response;
    },
  };
}
