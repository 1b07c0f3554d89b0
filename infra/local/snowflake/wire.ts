// Snowflake's HTTP envelopes, as the snowflake-sdk reads them: every answer is JSON
// `{ data, code, message, success }` (HTTP 200 even for SQL and login errors, whose `code` is a
// string like "002003"), query results carry `rowtype` + `rowset` with values as strings, and
// request bodies may arrive gzip-compressed (the SDK compresses them, racily, so the body's magic
// bytes decide, not the Content-Encoding header).
import { gunzipSync } from 'node:zlib';
import { BadJson, jsonResponse, type StandInRequest, type StandInResponse } from '../core/stand-in-server';
import type { SnowflakeError } from './errors';
import type { ResultSet } from './results';
import type { ParameterValue, Session } from './sessions';

/** The body as JSON, gunzipped when it is gzip; throws BadJson otherwise. */
export function readJson(request: StandInRequest): unknown {
  let body = request.body;
  if (body.length >= 2 && body[0] === 0x1f && body[1] === 0x8b) {
    try {
      body = gunzipSync(body, { maxOutputLength: 64 * 1024 * 1024 });
    } catch (cause) {
      throw new BadJson('the gzip request body could not be inflated', { cause });
    }
  }
  if (body.length === 0) return {};
  try {
    return JSON.parse(body.toString('utf8')) as unknown;
  } catch (cause) {
    throw new BadJson('the request body is not valid JSON', { cause });
  }
}

export function ok(data: unknown, message: string | null = null, code: string | null = null): StandInResponse {
  return jsonResponse(200, { data, code, message, success: true });
}

/** An error envelope; `status` stays 200 except for protocol-level failures (401, 400, …). */
export function failure(error: SnowflakeError, data: Record<string, unknown> | null, status = 200): StandInResponse {
  return jsonResponse(status, { data, code: error.code, message: error.message, success: false, headers: null });
}

/** The error envelope of a statement, with the `data` fields the SDK copies onto its error. */
export function queryFailure(error: SnowflakeError, queryId: string | null): StandInResponse {
  return failure(error, {
    internalError: error.code === '000603',
    unredactedFromSecureObject: false,
    errorCode: error.code,
    age: 0,
    sqlState: error.sqlState,
    queryId,
    line: -1,
    pos: -1,
    type: error.stage,
  });
}

export function loginFailure(error: SnowflakeError, loginName: string, requestId: string | null): StandInResponse {
  return failure(error, {
    nextAction: 'RETRY_LOGIN',
    authnMethod: 'USERNAME_PASSWORD',
    loginName,
    requestId,
    signInOptions: {},
    errorCode: error.code,
  });
}

/** Server-side defaults of the session parameters drivers look at. */
const DEFAULT_PARAMETERS: Record<string, ParameterValue> = {
  TIMEZONE: 'America/Los_Angeles',
  TIMESTAMP_OUTPUT_FORMAT: 'YYYY-MM-DD HH24:MI:SS.FF3 TZHTZM',
  TIMESTAMP_NTZ_OUTPUT_FORMAT: 'YYYY-MM-DD HH24:MI:SS.FF3',
  TIMESTAMP_LTZ_OUTPUT_FORMAT: '',
  TIMESTAMP_TZ_OUTPUT_FORMAT: '',
  DATE_OUTPUT_FORMAT: 'YYYY-MM-DD',
  TIME_OUTPUT_FORMAT: 'HH24:MI:SS',
  BINARY_OUTPUT_FORMAT: 'HEX',
  CLIENT_RESULT_PREFETCH_SLOTS: 2,
  CLIENT_RESULT_PREFETCH_THREADS: 1,
  CLIENT_HONOR_CLIENT_TZ_FOR_TIMESTAMP_NTZ: true,
  CLIENT_USE_V1_QUERY_API: true,
  CLIENT_DISABLE_INCIDENTS: true,
  CLIENT_SESSION_KEEP_ALIVE: false,
  CLIENT_SESSION_KEEP_ALIVE_HEARTBEAT_FREQUENCY: 3600,
  JS_TREAT_INTEGER_AS_BIGINT: false,
  QUERY_CONTEXT_CACHE_SIZE: 5,
  AUTOCOMMIT: true,
};

/** Parameters a session reports: the defaults overlaid with what login and ALTER SESSION set. */
export function sessionParameters(session: Session): Array<{ name: string; value: ParameterValue }> {
  const merged = new Map<string, ParameterValue>(Object.entries(DEFAULT_PARAMETERS));
  for (const [name, value] of session.parameters) merged.set(name, value);
  return [...merged].map(([name, value]) => ({ name, value }));
}

/** The `data` of a successful query-request. */
export function resultData(session: Session, result: ResultSet, queryId: string, numberOfBinds: number): Record<string, unknown> {
  return {
    parameters: sessionParameters(session),
    rowtype: result.columns.map((c) => ({
      name: c.name,
      database: c.database,
      schema: c.schema,
      table: c.table,
      byteLength: c.byteLength,
      type: c.type,
      scale: c.scale,
      precision: c.precision,
      nullable: c.nullable,
      collation: null,
      length: c.length,
    })),
    rowset: result.rows,
    total: result.rows.length,
    returned: result.rows.length,
    queryId,
    databaseProvider: null,
    finalDatabaseName: session.database,
    finalSchemaName: session.schema,
    finalWarehouseName: session.warehouse,
    finalRoleName: session.role,
    numberOfBinds,
    arrayBindSupported: false,
    statementTypeId: result.statementTypeId,
    version: 1,
    sendResultTime: Date.now(),
    queryResultFormat: 'json',
  };
}

/** `Authorization: Snowflake Token="…"` → the token, or undefined when absent or malformed. */
export function bearerToken(request: StandInRequest): string | undefined {
  const header = request.headers.authorization;
  const match = typeof header === 'string' ? /^Snowflake Token="([^"]+)"$/.exec(header.trim()) : null;
  return match?.[1];
}
