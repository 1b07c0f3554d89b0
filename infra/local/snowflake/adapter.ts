// The Snowflake stand-in's HTTP protocol, as snowflake-sdk 3.x speaks it when given
// `accessUrl: 'http://127.0.0.1:PORT'`:
//   POST /session/v1/login-request?warehouse=&databaseName=&schemaName=&roleName=   → login
//   POST /queries/v1/query-request?requestId=…   (Authorization: Snowflake Token="…") → query
//   GET  /queries/<queryId>/result                                                 → query-result
//   GET  /monitoring/queries/<queryId>                                             → query-status
//   POST /queries/v1/abort-request, /queries/<queryId>/abort-request               → abort
//   POST /session/heartbeat                                                        → heartbeat
//   POST /session/token-request  (master token; {requestType:'RENEW'})             → renew
//   POST /session?delete=true                                                      → logout
//   POST /telemetry/send                                                           → telemetry
// The names on the right are the operations the request log and fault rules use.
//
// Control routes (outside the protocol; the core adds /__sandbox/requests and /__sandbox/faults):
//   GET    /__sandbox/snowflake/statements        every statement run: user, role, text, ok, errorCode
//   DELETE /__sandbox/snowflake/statements        forget them
//   GET    /__sandbox/snowflake/catalog           warehouses, databases, schemas, tables, roles, users, grants
//   GET    /__sandbox/snowflake/sessions          open sessions (no tokens)
//   POST   /__sandbox/snowflake/sessions/expire   {master?: true} expire session tokens now (the SDK
//                                                 then renews; with master, renewal fails: 390114)
//   GET    /__sandbox/snowflake/failures          what is armed
//   PUT    /__sandbox/snowflake/failures          {login?: 'auth'|'locked'|'role'|'network'|'hang',
//                                                  query?: 'warehouse'|'permission'|'hang', times?}
//          the next logins / statements fail as that "Test connection" class would: 390100, 390102,
//          390189; 000606, 003001; `network` drops the connection, `hang` holds it (core fault rules)
//   DELETE /__sandbox/snowflake/failures          disarm (core fault rules are cleared via /__sandbox/faults)
import { BadJson, jsonResponse, type ProtocolAdapter, type StandInRequest, type StandInResponse } from '../core/stand-in-server';
import type { Catalog } from './catalog';
import { handleControl, type ControlState } from './control';
import { errors, loginErrors, sessionErrors, SnowflakeError } from './errors';
import { SERVER_VERSION } from './exec-select';
import type { FailurePlan } from './failures';
import { checkCredentials, openSession, type LoginRequest } from './login';
import type { QueryRequestBody, QueryRunner } from './query-runner';
import type { Session, SessionStore } from './sessions';
import { bearerToken, failure, loginFailure, ok, queryFailure, readJson, sessionParameters } from './wire';

export interface SnowflakeState extends ControlState {
  catalogModel: Catalog;
  sessions: SessionStore;
  runner: QueryRunner;
  failures: FailurePlan;
}

const QUERY_ROUTE = /^\/queries\/([^/]+)\/(result|abort-request)$/;
const MONITORING_ROUTE = /^\/monitoring\/queries\/([^/]+)$/;

export function classify(request: StandInRequest): string {
  const { method, path } = request;
  if (method === 'POST' && path === '/session/v1/login-request') return 'login';
  if (method === 'POST' && path === '/queries/v1/query-request') return 'query';
  if (method === 'POST' && path === '/queries/v1/abort-request') return 'abort';
  const query = QUERY_ROUTE.exec(path);
  if (query) return query[2] === 'result' ? 'query-result' : 'abort';
  if (method === 'GET' && MONITORING_ROUTE.test(path)) return 'query-status';
  if (method === 'POST' && path === '/session/heartbeat') return 'heartbeat';
  if (method === 'POST' && path === '/session/token-request') return 'renew';
  if (method === 'POST' && path === '/session' && request.query.get('delete') === 'true') return 'logout';
  if (method === 'POST' && path === '/telemetry/send') return 'telemetry';
  return 'unknown';
}

function record(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

async function login(state: SnowflakeState, request: StandInRequest): Promise<StandInResponse> {
  const data = record(record(readJson(request)).data);
  const loginName = text(data.LOGIN_NAME) ?? '';
  const requestId = request.query.get('requestId');
  const account = text(data.ACCOUNT_NAME);
  // Another account's host answers 403 in Snowflake; the SDK reports it as a failed request.
  if (account && account.split('.')[0]?.toUpperCase() !== state.catalogModel.account.toUpperCase()) {
    return { status: 403, headers: { 'content-type': 'text/html' }, body: '<html><body>403 Forbidden</body></html>' };
  }
  const authenticator = text(data.AUTHENTICATOR)?.toUpperCase() ?? 'SNOWFLAKE';
  if (authenticator !== 'SNOWFLAKE') {
    return loginFailure(new SnowflakeError('390100', undefined, `Authenticator ${authenticator} is not supported by the local Snowflake sandbox; use a password.`, 'LOGIN'), loginName, requestId);
  }
  const loginRequest: LoginRequest = {
    loginName,
    password: text(data.PASSWORD),
    role: request.query.get('roleName') ?? undefined,
    warehouse: request.query.get('warehouse') ?? undefined,
    database: request.query.get('databaseName') ?? undefined,
    schema: request.query.get('schemaName') ?? undefined,
    sessionParameters: record(data.SESSION_PARAMETERS),
  };
  const injected = state.failures.take('login');
  if (injected) {
    const error = injected === 'auth' ? loginErrors.incorrectPassword() : injected === 'locked' ? loginErrors.locked() : loginErrors.roleNotGranted(loginRequest.role ?? 'PUBLIC');
    return loginFailure(error, loginName, requestId);
  }
  const user = await checkCredentials(state.catalogModel, loginRequest);
  if (user instanceof SnowflakeError) return loginFailure(user, loginName, requestId);
  const opened = openSession(state.catalogModel, state.sessions, user, loginRequest);
  if (opened instanceof SnowflakeError) return loginFailure(opened, loginName, requestId);
  const { session, tokens } = opened;
  return ok({
    ...tokens,
    displayUserName: user.displayName,
    serverVersion: SERVER_VERSION,
    firstLogin: user.lastSuccessLogin === null,
    remMeToken: null,
    remMeValidityInSeconds: 0,
    healthCheckInterval: 45,
    newClientForUpgrade: null,
    sessionId: session.id,
    parameters: sessionParameters(session),
    sessionInfo: { databaseName: session.database, schemaName: session.schema, warehouseName: session.warehouse, roleName: session.role },
    idToken: null,
    idTokenValidityInSeconds: 0,
    responseData: null,
    mfaToken: null,
    mfaTokenValidityInSeconds: 0,
  });
}

/** The request's session, or the answer for a missing, unknown, expired or closed token. */
function authenticated(state: SnowflakeState, request: StandInRequest): Session | StandInResponse {
  const token = bearerToken(request);
  if (!token) return failure(sessionErrors.invalidToken(), null, 401);
  const session = state.sessions.authenticate(token);
  if (!(session instanceof SnowflakeError)) return session;
  return failure(session, null, session.code === '390104' ? 401 : 200);
}

function renew(state: SnowflakeState, request: StandInRequest): StandInResponse {
  const masterToken = bearerToken(request);
  if (!masterToken) return failure(sessionErrors.invalidToken(), null, 401);
  const body = record(readJson(request));
  if (body.requestType !== 'RENEW') return failure(sessionErrors.badRequest(`requestType ${String(body.requestType)} is not supported`), null, 400);
  const renewed = state.sessions.renew(masterToken, text(body.oldSessionToken));
  if (renewed instanceof SnowflakeError) return failure(renewed, null, renewed.code === '390104' ? 401 : 200);
  return ok(
    {
      sessionToken: renewed.token,
      validityInSecondsST: renewed.validityInSeconds,
      masterToken: renewed.masterToken,
      validityInSecondsMT: renewed.masterValidityInSeconds,
      sessionId: renewed.sessionId,
    },
    'OK',
  );
}

function withSession(state: SnowflakeState, request: StandInRequest, run: (session: Session) => StandInResponse): StandInResponse {
  const session = authenticated(state, request);
  return 'status' in session ? session : run(session);
}

/** Operations that change what persists: users' login state, sessions, the catalog, the statement log and kept results. */
const CHANGING = new Set(['login', 'query', 'renew', 'logout']);

async function respond(state: SnowflakeState, request: StandInRequest, operation: string): Promise<StandInResponse> {
  switch (operation) {
    case 'login':
      return login(state, request);
    case 'query':
      return withSession(state, request, (session) => state.runner.run(session, record(readJson(request)) as QueryRequestBody));
    case 'query-result':
      return withSession(state, request, (session) => state.runner.result(session, QUERY_ROUTE.exec(request.path)?.[1] ?? ''));
    case 'query-status':
      return withSession(state, request, (session) => state.runner.status(session, MONITORING_ROUTE.exec(request.path)?.[1] ?? ''));
    case 'abort':
    case 'heartbeat':
      return withSession(state, request, () => ok(null));
    case 'telemetry':
      return withSession(state, request, () => ok('Log Received'));
    case 'renew':
      return renew(state, request);
    case 'logout':
      return withSession(state, request, () => {
        state.sessions.close(bearerToken(request) ?? '');
        return ok(null);
      });
    default:
      return { status: 404, headers: { 'content-type': 'text/plain' }, body: `Not Found: ${request.method} ${request.path}` };
  }
}

export function snowflakeAdapter(state: SnowflakeState): ProtocolAdapter {
  return {
    classify,
    async handle(request) {
      const operation = classify(request);
      try {
        return await respond(state, request, operation);
      } finally {
        // Also after a statement that failed halfway (an internal error): what it changed is saved.
        if (CHANGING.has(operation)) state.changed?.();
      }
    },
    faultResponse(kind, _request, status): StandInResponse {
      if (kind === 'throttle') return { status: 429, headers: { 'content-type': 'text/plain', 'retry-after': '1' }, body: 'Too Many Requests' };
      return { status, headers: { 'content-type': 'text/plain' }, body: status === 503 ? 'Service Unavailable' : 'Internal Server Error' };
    },
    internalError(request, error) {
      if (error instanceof BadJson) return failure(sessionErrors.badRequest(error.message), null, 400);
      // A stand-in bug inside a statement looks like Snowflake's own internal error, not a 500
      // the SDK would retry for minutes.
      if (classify(request) === 'query') return queryFailure(errors.internal(), null);
      return jsonResponse(500, { data: null, code: '000603', message: 'Internal error in the Snowflake stand-in.', success: false, headers: null });
    },
    tooLarge() {
      return failure(sessionErrors.badRequest('the request body is too large'), null, 413);
    },
    async control(request) {
      return handleControl(state, request);
    },
  };
}
