// POST /queries/v1/query-request and the result/status look-ups around it: splits the text
// into statements (several only when MULTI_STATEMENT_COUNT allows), parses and runs each in
// turn, records each in the statement log, keeps recent results for GET /queries/<id>/result
// (multi-statement children, asyncExec), and answers in Snowflake's envelopes.
import { randomUUID } from 'node:crypto';
import type { StandInResponse } from '../core/stand-in-server';
import type { Catalog } from './catalog';
import { errors, SnowflakeError } from './errors';
import { execute } from './executor';
import type { FailurePlan } from './failures';
import { createBinds, parseStatement, splitScript, type StatementSource } from './parser';
import { col, STATEMENT_TYPE, type ResultSet } from './results';
import type { Session } from './sessions';
import type { StatementLog } from './statement-log';
import { ok, queryFailure, resultData } from './wire';

export interface QueryRequestBody {
  sqlText?: unknown;
  bindings?: unknown;
  parameters?: unknown;
  asyncExec?: unknown;
  describeOnly?: unknown;
}

/** A finished statement's answer, kept for GET /queries/<id>/result and the status look-up. */
export interface StoredResult {
  queryId: string;
  /** Results are readable by any session of the same user, as in Snowflake. */
  user: string;
  sqlText: string;
  /** When it finished (epoch ms): Snowflake serves results for 24 hours. */
  at: number;
  /** The JSON envelope sent (always text: wire.ts answers JSON). */
  response: { status: number; headers?: Record<string, string>; body?: string };
  ok: boolean;
  error?: { code: string; message: string };
}

const KEPT_RESULTS = 2000;
const RESULT_LIFETIME_MS = 24 * 3600_000;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export class QueryRunner {
  private readonly results = new Map<string, StoredResult>();

  constructor(
    private readonly catalog: Catalog,
    private readonly log: StatementLog,
    private readonly failures: FailurePlan,
  ) {}

  private keep(result: StoredResult): void {
    this.results.set(result.queryId, result);
    if (this.results.size > KEPT_RESULTS) this.results.delete(this.results.keys().next().value as string);
  }

  private finished(queryId: string, user: string, sqlText: string, response: StandInResponse, error?: SnowflakeError): StoredResult {
    const body = typeof response.body === 'string' || response.body === undefined ? response.body : response.body.toString('utf8');
    return { queryId, user, sqlText, at: this.catalog.now(), response: { ...response, body }, ok: !error, error: error && { code: error.code, message: error.message } };
  }

  /** The most recent results still within Snowflake's 24 hours, for the state file. */
  snapshot(limit: number): StoredResult[] {
    const horizon = this.catalog.now() - RESULT_LIFETIME_MS;
    return [...this.results.values()].filter((r) => r.at > horizon).slice(-limit);
  }

  restore(results: StoredResult[]): void {
    const horizon = this.catalog.now() - RESULT_LIFETIME_MS;
    for (const result of results) if (result.at > horizon) this.keep(result);
  }

  /** Runs one statement: parse, execute, log, keep; returns the envelope to send. */
  private runOne(session: Session, source: StatementSource | { text: string; error: SnowflakeError }, binds: ReturnType<typeof createBinds>, numberOfBinds: number): { queryId: string; response: StandInResponse; ok: boolean } {
    const queryId = randomUUID();
    const role = session.role;
    let response: StandInResponse;
    let error: SnowflakeError | undefined;
    try {
      if ('error' in source) throw source.error;
      const injected = this.failures.take('query');
      if (injected === 'warehouse') throw errors.noActiveWarehouse();
      if (injected === 'permission') throw errors.insufficientPrivileges('database', session.database ?? this.catalog.account.toUpperCase());
      const result = execute(this.catalog, session, parseStatement(source, binds));
      response = ok(resultData(session, result, queryId, numberOfBinds));
    } catch (caught) {
      if (!(caught instanceof SnowflakeError)) throw caught;
      error = caught;
      response = queryFailure(caught, queryId);
    }
    this.log.add({ user: session.user, role, sqlText: source.text, ok: !error, errorCode: error?.code, queryId });
    this.keep(this.finished(queryId, session.user, source.text, response, error));
    return { queryId, response, ok: !error };
  }

  run(session: Session, body: QueryRequestBody): StandInResponse {
    const sqlText = typeof body.sqlText === 'string' ? body.sqlText : '';
    if (body.describeOnly === true) return this.runOne(session, { text: sqlText, error: errors.unsupported('describeOnly') }, createBinds({}), 0).response;
    let sources: StatementSource[];
    try {
      sources = splitScript(sqlText);
    } catch (caught) {
      if (!(caught instanceof SnowflakeError)) throw caught;
      return this.runOne(session, { text: sqlText, error: caught }, createBinds({}), 0).response;
    }
    if (sources.length === 0) return this.runOne(session, { text: sqlText, error: errors.empty() }, createBinds({}), 0).response;
    const bindings = (typeof body.bindings === 'object' && body.bindings !== null ? body.bindings : {}) as Record<string, unknown>;
    const binds = createBinds(bindings);
    const numberOfBinds = Object.keys(bindings).length;
    const desired = this.statementCount(session, body.parameters);
    if (sources.length > 1 && desired !== 0 && desired !== sources.length) {
      return this.runOne(session, { text: sqlText, error: errors.statementCount(sources.length, desired) }, binds, numberOfBinds).response;
    }
    if (sources.length === 1) return this.respond(this.runOne(session, sources[0] as StatementSource, binds, numberOfBinds), body);
    const children: string[] = [];
    for (const source of sources) {
      const child = this.runOne(session, source, binds, numberOfBinds);
      if (!child.ok) return child.response;
      children.push(child.queryId);
    }
    const parent: ResultSet = { columns: [col.text('multiple statement execution', false)], rows: [['Multiple statements executed successfully.']], statementTypeId: STATEMENT_TYPE.SELECT };
    const queryId = randomUUID();
    const data = { ...resultData(session, parent, queryId, numberOfBinds), resultIds: children.join(',') };
    const response = ok(data);
    this.keep(this.finished(queryId, session.user, sqlText, response));
    return this.respond({ queryId, response }, body);
  }

  /** asyncExec answers "in progress" with the query id; the result is fetched afterwards. */
  private respond(outcome: { queryId: string; response: StandInResponse }, body: QueryRequestBody): StandInResponse {
    if (body.asyncExec !== true) return outcome.response;
    return ok(
      { queryId: outcome.queryId, getResultUrl: `/queries/${outcome.queryId}/result` },
      'Asynchronous execution in progress. Use provided query id to perform query monitoring and management.',
      '333334',
    );
  }

  private statementCount(session: Session, parameters: unknown): number {
    const fromRequest = typeof parameters === 'object' && parameters !== null ? (parameters as Record<string, unknown>).MULTI_STATEMENT_COUNT : undefined;
    const value = fromRequest ?? session.parameters.get('MULTI_STATEMENT_COUNT') ?? 1;
    const count = Number(value);
    return Number.isInteger(count) && count >= 0 ? count : 1;
  }

  /** GET /queries/<id>/result: a kept result of the same user's session. */
  result(session: Session, queryId: string): StandInResponse {
    const stored = this.lookUp(session, queryId);
    if ('status' in stored) return stored;
    return stored.response;
  }

  /** GET /monitoring/queries/<id>: the status drivers poll for async queries. */
  status(session: Session, queryId: string): StandInResponse {
    const stored = this.lookUp(session, queryId);
    if ('status' in stored) return stored;
    return ok({
      queries: [
        {
          id: queryId,
          status: stored.ok ? 'SUCCESS' : 'FAILED_WITH_ERROR',
          sqlText: stored.sqlText,
          errorCode: stored.error ? Number(stored.error.code) : undefined,
          errorMessage: stored.error?.message,
        },
      ],
    });
  }

  private lookUp(session: Session, queryId: string): StoredResult | StandInResponse {
    if (!UUID.test(queryId)) return { status: 400, headers: { 'content-type': 'text/plain' }, body: `"${queryId}" is not a UUID.` };
    const stored = this.results.get(queryId);
    if (!stored || stored.user !== session.user) {
      return queryFailure(new SnowflakeError('000709', '02000', `Statement ${queryId} not found`, 'EXECUTION'), queryId);
    }
    return stored;
  }
}
