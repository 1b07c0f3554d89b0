// The Airbyte stand-in's protocol adapter: routes Airbyte OSS's public API (`/api/public/v1`,
// per specs/airbyte-public-api.yaml) and the few configuration-API calls (`/api/v1`) the public API
// lacks — check connection (check-connection.ts) and a job's failure reasons (job-details.ts) —,
// authenticates them with the application token, and answers failures in Airbyte's shapes
// (problems.ts). Operation names in the request log and in fault rules are the OpenAPI
// operationIds (`createJob`, `listSources`, `executeSourceCheckConnection`, …).
//
// Control routes (outside Airbyte's API; plus the core's /__sandbox/requests and /__sandbox/faults):
//   GET    /__sandbox/airbyte/checks                  forced check failures in effect
//   PUT    /__sandbox/airbyte/checks                  force a check failure:
//          {failure: 'dns'|'tls'|'auth'|'permission'|'timeout', sourceType?, destinationType?, times?, delayMs?}
//          (first matching rule wins; `delayMs` = how long the check takes, unscaled; timeout defaults to 60 s)
//   DELETE /__sandbox/airbyte/checks                  clear them
//   PUT    /__sandbox/airbyte/connections/{id}/next-sync
//          {outcome: 'fail', message?, failureType?, origin?, times?}  the next sync(s) fail halfway with that reason
//          {outcome: 'stall', times?}                 the next sync(s) stay running with no progress until resumed or cancelled
//   DELETE /__sandbox/airbyte/connections/{id}/next-sync   forget what was planned
//   POST   /__sandbox/airbyte/jobs/{jobId}/resume     a stalled job carries on (409 when it is not stalled)
//   GET    /__sandbox/airbyte/jobs/{jobId}            the job with its failure reason (which the public API does not show)
//   POST   /__sandbox/airbyte/sources/{id}/records    {stream?, count}: new records appear at the source
//   DELETE /__sandbox/airbyte/tokens                  revoke every access token (the next call gets 401, as after expiry)
import { jsonResponse, type ProtocolAdapter, type StandInRequest, type StandInResponse } from '../core/stand-in-server';
import { destinationRoutes, sourceRoutes } from './actors';
import { checkConnectionRoutes } from './check-connection';
import { checkFailureRuleSchema } from './check-failures';
import { connectionRoutes } from './connections';
import { PUBLIC_API, type AirbyteContext, type Route, type RouteParams } from './context';
import { jobDetailRoutes } from './job-details';
import { jobRoutes, jobView } from './jobs';
import { AirbyteProblem, ErrorIdFailure, errorIdResponse, MicronautFailure, micronautResponse, problemResponse } from './problems';
import { isUuid } from './request-input';
import { addSourceRecords, ControlError, planNextSync } from './sandbox-controls';
import { streamRoutes } from './streams';
import { workspaceRoutes } from './workspaces';

const tokenRoute: Route = {
  method: 'POST',
  template: `${PUBLIC_API}/applications/token`,
  operationId: 'createAccessToken',
  authenticated: false,
  handle: (ctx, request) => jsonResponse(200, ctx.tokens.issue(request)),
};

const healthRoute: Route = {
  method: 'GET',
  template: `${PUBLIC_API}/health`,
  operationId: 'getHealthCheck',
  authenticated: false,
  handle: () => ({ status: 200 }),
};

const ROUTES: Route[] = [
  tokenRoute,
  healthRoute,
  ...workspaceRoutes,
  ...sourceRoutes,
  ...destinationRoutes,
  ...connectionRoutes,
  ...streamRoutes,
  ...jobRoutes,
  ...checkConnectionRoutes,
  ...jobDetailRoutes,
];

interface CompiledRoute {
  route: Route;
  pattern: RegExp;
  names: string[];
}

const COMPILED: CompiledRoute[] = ROUTES.map((route) => {
  const names: string[] = [];
  const source = route.template.replace(/\{(\w+)\}/g, (_, name: string) => {
    names.push(name);
    return '([^/]+)';
  });
  return { route, pattern: new RegExp(`^${source}/?$`), names };
});

/** A path value as the server sees it; a broken %-escape stays as sent (and then fails the id checks). */
function decodePathValue(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

type Match = { kind: 'route'; route: Route; params: RouteParams } | { kind: 'wrong-method'; allowed: string[] } | { kind: 'none' };

function match(method: string, path: string): Match {
  const allowed: string[] = [];
  for (const { route, pattern, names } of COMPILED) {
    const found = pattern.exec(path);
    if (!found) continue;
    if (route.method !== method) {
      allowed.push(route.method);
      continue;
    }
    const params = Object.fromEntries(names.map((n, i) => [n, decodePathValue(found[i + 1] ?? '')]));
    return { kind: 'route', route, params };
  }
  return allowed.length ? { kind: 'wrong-method', allowed } : { kind: 'none' };
}

/** Path values are typed: ids are UUIDs (a malformed one cannot name anything), job ids are integers. */
function checkParams(params: RouteParams): void {
  for (const [name, value] of Object.entries(params)) {
    if (name === 'jobId') {
      if (!/^-?\d{1,18}$/.test(value)) {
        throw new MicronautFailure(400, 'Bad Request', `Failed to convert argument [jobId] for value [${value}] due to: For input string: "${value}"`);
      }
    } else if (!isUuid(value)) {
      throw new AirbyteProblem('bad-request', { message: `Invalid UUID string: ${value}` });
    }
  }
}

function failureResponse(error: unknown, request: StandInRequest): StandInResponse | undefined {
  if (error instanceof AirbyteProblem) return problemResponse(error);
  if (error instanceof ErrorIdFailure) return errorIdResponse(error.status);
  if (error instanceof MicronautFailure) return micronautResponse(error, request.path);
  return undefined;
}

function controlBody(request: StandInRequest): unknown {
  try {
    return request.body.length ? request.json() : {};
  } catch {
    throw new ControlError(400, 'the body is not valid JSON');
  }
}

async function control(ctx: AirbyteContext, request: StandInRequest): Promise<StandInResponse | undefined> {
  const path = request.path.replace(/\/$/, '');
  if (!path.startsWith('/__sandbox/airbyte/')) return undefined;
  const rest = path.slice('/__sandbox/airbyte/'.length).split('/');
  const [first, id, action] = rest;
  const method = request.method;
  try {
    if (first === 'checks' && rest.length === 1) {
      if (method === 'GET') return jsonResponse(200, { rules: ctx.checkFailures.list() });
      if (method === 'DELETE') {
        ctx.checkFailures.clear();
        return { status: 204 };
      }
      if (method === 'PUT') {
        const parsed = checkFailureRuleSchema.safeParse(controlBody(request));
        if (!parsed.success) return jsonResponse(400, { message: 'invalid check failure', issues: parsed.error.issues });
        ctx.checkFailures.add(parsed.data);
        return jsonResponse(200, { rules: ctx.checkFailures.list() });
      }
    }
    if (first === 'connections' && id && action === 'next-sync' && rest.length === 3) {
      if (method === 'DELETE') {
        ctx.syncs.unplan(id);
        return { status: 204 };
      }
      if (method === 'PUT') {
        planNextSync(ctx, id, controlBody(request) as never);
        return { status: 204 };
      }
    }
    if (first === 'jobs' && id && rest.length <= 3) {
      const job = ctx.store.jobs.get(Number(id));
      if (!job) throw new ControlError(404, `no job ${id}`);
      if (method === 'GET' && !action) return jsonResponse(200, { ...jobView(job), failure: job.failure ?? null });
      if (method === 'POST' && action === 'resume') {
        return ctx.syncs.resume(job.jobId) ? { status: 204 } : jsonResponse(409, { message: `job ${id} is not stalled` });
      }
    }
    if (first === 'tokens' && rest.length === 1 && method === 'DELETE') {
      ctx.tokens.revokeAll();
      return { status: 204 };
    }
    if (first === 'sources' && id && action === 'records' && method === 'POST' && rest.length === 3) {
      addSourceRecords(ctx, id, controlBody(request) as never);
      return { status: 204 };
    }
  } catch (error) {
    if (error instanceof ControlError) return jsonResponse(error.status, { message: error.message });
    if (error instanceof Error && error.name === 'ZodError') return jsonResponse(400, { message: 'invalid control body', issues: (error as { issues?: unknown }).issues });
    throw error;
  }
  return undefined;
}

async function routeRequest(ctx: AirbyteContext, request: StandInRequest): Promise<StandInResponse> {
  try {
    const found = match(request.method, request.path);
    if (found.kind !== 'route' || found.route.authenticated !== false) ctx.tokens.authenticate(request);
    if (found.kind === 'wrong-method') {
      throw new MicronautFailure(405, 'Method Not Allowed', `Method [${request.method}] not allowed for URI [${request.path}]. Allowed methods: [${found.allowed.join(', ')}]`);
    }
    if (found.kind === 'none') throw new MicronautFailure(404, 'Not Found', 'Page Not Found');
    checkParams(found.params);
    return await found.route.handle(ctx, request, found.params);
  } catch (error) {
    const answer = failureResponse(error, request);
    if (answer) return answer;
    throw error;
  }
}

/** Every call that may change something is followed by a (debounced) save; reads are not. */
async function saving<T>(ctx: AirbyteContext, request: StandInRequest, answer: () => Promise<T>): Promise<T> {
  try {
    return await answer();
  } finally {
    if (request.method !== 'GET' && request.method !== 'HEAD') ctx.changed();
  }
}

export function airbyteAdapter(ctx: AirbyteContext): ProtocolAdapter {
  return {
    classify(request) {
      const found = match(request.method, request.path);
      return found.kind === 'route' ? found.route.operationId : 'unknown';
    },
    handle: (request) => saving(ctx, request, () => routeRequest(ctx, request)),
    faultResponse(kind, _request, status) {
      // Airbyte's load shedding answers 429 with a bare message and, on purpose, no Retry-After.
      if (kind === 'throttle') return jsonResponse(429, { message: 'You are being rate limited.' });
      return problemResponse(new AirbyteProblem(status === 503 ? 'service-unavailable' : 'unexpected-problem', undefined, status));
    },
    internalError() {
      return problemResponse(new AirbyteProblem('unexpected-problem'));
    },
    tooLarge(request) {
      return micronautResponse(new MicronautFailure(413, 'Request Entity Too Large', 'The content length exceeds the maximum allowed content length'), request.path);
    },
    control: (request) => saving(ctx, request, () => control(ctx, request)),
  };
}
