// Builds models in a PostgreSQL warehouse the way dbt-postgres does: the target schema is created
// if missing; each model, in its own transaction, drops whatever relation holds its name (with
// CASCADE, as dbt does) and creates it again as a table (`create table … as (…)`, whose row count
// is the adapter response's `rows_affected`) or a view (`rows_affected` -1). Every wait is bounded.
// Just before a model's COMMIT the caller may record the transaction's id, so that after a stop
// at that very moment `commitOutcome` can tell whether the model was built.
import pg from 'pg';
import { quoteIdent } from './model-compiler';

export interface AdapterResponse {
  _message: string;
  code: string;
  rows_affected: number;
}

export type BuildOutcome = { ok: true; adapterResponse: AdapterResponse } | { ok: false; error: string };

/** The transaction about to commit: its id (xid8, as text) and the server process running it. */
export interface PendingCommit {
  xid: string;
  pid: number;
}

/** Whether a recorded transaction committed; `unknown` when the warehouse cannot be asked. */
export type CommitOutcome = 'committed' | 'aborted' | 'unknown';

const CONNECT_TIMEOUT_MS = 10_000;
const STATEMENT_TIMEOUT_MS = 300_000;
/** How long a recorded transaction may still show as running before its process is ended. */
const SETTLE_WAIT_MS = 3_000;
const SETTLE_POLL_MS = 50;

const DROP_BY_KIND: Record<string, string> = { r: 'table', p: 'table', v: 'view', m: 'materialized view', f: 'foreign table' };

/** A PostgreSQL error as psycopg2 prints it (and dbt repeats): the message, then the offending line. */
function describe(error: unknown, statement: string): string {
  if (!(error instanceof Error)) return String(error);
  const position = Number((error as { position?: string }).position);
  if (!Number.isFinite(position) || position <= 0) return error.message;
  const before = statement.slice(0, position - 1);
  const lineNo = before.split('\n').length;
  const line = statement.split('\n')[lineNo - 1] ?? '';
  const column = before.length - before.lastIndexOf('\n') - 1;
  const prefix = `LINE ${lineNo}: `;
  return `${error.message}\n  ${prefix}${line}\n  ${' '.repeat(prefix.length + column)}^`;
}

const APPLICATION_NAME = 'dbt-cloud-sandbox';

function processId(client: pg.Client): number | undefined {
  return (client as unknown as { processID?: number }).processID;
}

export class Warehouse {
  private client?: pg.Client;
  private connecting?: Promise<pg.Client | Error>;
  private closed = false;
  private busy = false;

  constructor(private readonly url: string) {}

  private connect(): Promise<pg.Client | Error> {
    this.connecting ??= (async () => {
      const client = new pg.Client({
        connectionString: this.url,
        connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
        statement_timeout: STATEMENT_TIMEOUT_MS,
        query_timeout: STATEMENT_TIMEOUT_MS + 5_000,
        application_name: APPLICATION_NAME,
      });
      client.on('error', () => undefined); // a dropped connection surfaces on the next query instead
      try {
        await client.connect();
        if (this.closed) {
          await client.end().catch(() => undefined);
          return new Error('the run was stopped');
        }
        this.client = client;
        return client;
      } catch (error) {
        return error instanceof Error ? error : new Error(String(error));
      }
    })();
    return this.connecting;
  }

  /** Creates the relation for one model; never throws. */
  async build(
    schema: string,
    name: string,
    materialized: 'table' | 'view',
    compiledCode: string,
    beforeCommit?: (pending: PendingCommit, response: AdapterResponse) => void,
  ): Promise<BuildOutcome> {
    const client = await this.connect();
    if (client instanceof Error) return { ok: false, error: client.message };
    if (this.closed) return { ok: false, error: 'the run was stopped' };
    const relation = `${quoteIdent(schema)}.${quoteIdent(name)}`;
    const create = `create ${materialized} ${relation}\n  as (\n${compiledCode}\n  );`;
    let current = '';
    this.busy = true;
    try {
      await client.query('begin');
      current = `create schema if not exists ${quoteIdent(schema)}`;
      await client.query(current);
      const existing = await client.query<{ relkind: string }>(
        `select c.relkind from pg_class c join pg_namespace n on n.oid = c.relnamespace where n.nspname = $1 and c.relname = $2`,
        [schema, name],
      );
      const kind = DROP_BY_KIND[existing.rows[0]?.relkind ?? ''];
      if (kind) {
        current = `drop ${kind} if exists ${relation} cascade`;
        await client.query(current);
      }
      current = create;
      const result = await client.query(create);
      const adapterResponse: AdapterResponse =
        materialized === 'table'
          ? { _message: `SELECT ${result.rowCount ?? 0}`, code: 'SELECT', rows_affected: result.rowCount ?? 0 }
          : { _message: 'CREATE VIEW', code: 'CREATE VIEW', rows_affected: -1 };
      if (beforeCommit) {
        current = 'select pg_current_xact_id()::text as xid';
        const xid = (await client.query<{ xid: string }>(current)).rows[0]?.xid ?? '';
        beforeCommit({ xid, pid: processId(client) ?? 0 }, adapterResponse);
      }
      current = 'commit';
      await client.query(current);
      return { ok: true, adapterResponse };
    } catch (error) {
      await client.query('rollback').catch(() => undefined);
      return { ok: false, error: describe(error, current) };
    } finally {
      this.busy = false;
    }
  }

  /**
   * Whether a transaction recorded before a stop committed. One whose connection is gone ends
   * aborted within moments; one still running after a bounded wait belongs to a process that can
   * still commit it, so that process is ended first (the answer is then final).
   */
  async commitOutcome(pending: PendingCommit): Promise<CommitOutcome> {
    const client = await this.connect();
    if (client instanceof Error) return 'unknown';
    const deadline = Date.now() + SETTLE_WAIT_MS;
    let ended = false;
    try {
      for (;;) {
        const { rows } = await client.query<{ status: string | null }>('select pg_xact_status($1::xid8) as status', [pending.xid]);
        const status = rows[0]?.status;
        if (status === 'committed') return 'committed';
        // null: too old for the server to remember; a rebuild is then the safe answer.
        if (status !== 'in progress') return 'aborted';
        if (Date.now() > deadline && !ended) {
          ended = true;
          await client.query(
            `select pg_terminate_backend(pid) from pg_stat_activity where pid = $1 and application_name = $2 and backend_xid::text = $3`,
            [pending.pid, APPLICATION_NAME, (BigInt(pending.xid) % 2n ** 32n).toString()],
          );
        }
        if (Date.now() > deadline + SETTLE_WAIT_MS) return 'unknown';
        await new Promise((r) => setTimeout(r, SETTLE_POLL_MS));
      }
    } catch {
      return 'unknown';
    }
  }

  /** Asks the server to stop this connection's statement (closing the socket alone does not). */
  private async cancelStatement(client: pg.Client): Promise<void> {
    const pid = processId(client);
    if (!pid) return;
    const other = new pg.Client({ connectionString: this.url, connectionTimeoutMillis: CONNECT_TIMEOUT_MS });
    other.on('error', () => undefined);
    try {
      await other.connect();
      await other.query('select pg_cancel_backend($1)', [pid]);
    } catch {
      // The statement then ends at statement_timeout at the latest.
    } finally {
      await other.end().catch(() => undefined);
    }
  }

  /** Ends the connection; a statement in flight is cancelled and its transaction rolled back. */
  async close(): Promise<void> {
    this.closed = true;
    const client = this.client;
    this.client = undefined;
    if (client && this.busy) await this.cancelStatement(client);
    await client?.end().catch(() => undefined);
  }
}
