// The Snowflake stand-in's own control routes under /__sandbox/snowflake/ (the routes are listed
// at the top of adapter.ts). Network drops and hangs are armed as core fault rules so they act
// on the connection itself; Snowflake-level failures go to the failure plan.
import { BadJson, jsonResponse, type StandInRequest, type StandInResponse } from '../core/stand-in-server';
import type { FaultPlan } from '../core/faults';
import { catalogSnapshot, type SnowflakeCatalogView } from './catalog-view';
import { failuresBodySchema, type FailurePlan } from './failures';
import type { SessionStore } from './sessions';
import type { StatementLog } from './statement-log';

export interface ControlState {
  statements: StatementLog;
  sessions: SessionStore;
  failures: FailurePlan;
  catalog: SnowflakeCatalogView;
  /** Set once the server has started (the core creates the fault plan). */
  faults?: FaultPlan;
  /** Called after anything that changes what persists (the state file saves soon after). */
  changed?: () => void;
}

const PREFIX = '/__sandbox/snowflake';

function body(request: StandInRequest): { value: unknown } | { response: StandInResponse } {
  try {
    return { value: request.body.length === 0 ? {} : request.json() };
  } catch (error) {
    if (error instanceof BadJson) return { response: jsonResponse(400, { message: 'the body is not valid JSON' }) };
    throw error;
  }
}

function armFailures(state: ControlState, request: StandInRequest): StandInResponse {
  const raw = body(request);
  if ('response' in raw) return raw.response;
  const parsed = failuresBodySchema.safeParse(raw.value);
  if (!parsed.success) return jsonResponse(400, { message: 'invalid failure settings', issues: parsed.error.issues });
  const { login, query, times } = parsed.data;
  const connectionLevel = (kind: 'network' | 'hang', operation: 'login' | 'query') =>
    // `hang` with no wait drops the connection at once (a network failure); without a bound it holds it.
    state.faults?.addRule({ kind: 'hang', operation, times, latencyMs: kind === 'network' ? 0 : undefined });
  if (login === 'network' || login === 'hang') connectionLevel(login, 'login');
  else if (login) state.failures.arm({ login }, times);
  if (query === 'hang') connectionLevel('hang', 'query');
  else if (query) state.failures.arm({ query }, times);
  return jsonResponse(200, { failures: state.failures.describe(), faults: state.faults?.describe() });
}

export function handleControl(state: ControlState, request: StandInRequest): StandInResponse | undefined {
  if (!request.path.startsWith(`${PREFIX}/`)) return undefined;
  const route = `${request.method} ${request.path.slice(PREFIX.length)}`;
  switch (route) {
    case 'GET /statements':
      return jsonResponse(200, { statements: state.statements.list() });
    case 'DELETE /statements':
      state.statements.clear();
      state.changed?.();
      return { status: 204 };
    case 'GET /catalog':
      return jsonResponse(200, catalogSnapshot(state.catalog));
    case 'GET /sessions':
      return jsonResponse(200, { sessions: state.sessions.list().map((s) => ({ ...s, parameters: Object.fromEntries(s.parameters) })) });
    case 'POST /sessions/expire': {
      const raw = body(request);
      if ('response' in raw) return raw.response;
      const master = typeof raw.value === 'object' && raw.value !== null && (raw.value as { master?: unknown }).master === true;
      const expired = state.sessions.expire({ master });
      state.changed?.();
      return jsonResponse(200, { expired });
    }
    case 'GET /failures':
      return jsonResponse(200, { failures: state.failures.describe() });
    case 'PUT /failures':
      return armFailures(state, request);
    case 'DELETE /failures':
      state.failures.clear();
      return { status: 204 };
    default:
      return jsonResponse(404, { message: `no sandbox control route ${request.method} ${request.path}` });
  }
}
