// One administrator connection to the plan's PostgreSQL database for a bootstrap or teardown.
// Every wait is bounded (connect, query and the server's statement_timeout at the call budget);
// a Cancel ends the socket, which ends the server's backend. A refusal (42501) becomes our
// 'permission' error naming what the step needs; statement texts and parameters are never logged
// or put in an error.
import pg from 'pg';
import { callTimeout, raceSignal, stoppedError, type CallOptions } from '../call-limits';
import { IntegrationError, isIntegrationError } from '../errors';
import { toPostgresIntegrationError } from '../postgres/errors';
import { clientConfig } from '../postgres/test-warehouse';
import { atStep, permissionError, type WarehouseStep } from './errors';
import type { PostgresAdminConfig } from './types';

const INSUFFICIENT_PRIVILEGE = '42501';
const DEPENDENT_OBJECTS = '2BP01';

export class PostgresAdminSession {
  private constructor(
    private readonly client: pg.Client,
    private readonly options: CallOptions,
    private readonly step: WarehouseStep,
    private readonly secrets: readonly string[],
  ) {}

  private static async connect(admin: PostgresAdminConfig, database: string, options: CallOptions, step: WarehouseStep, secrets: readonly string[]): Promise<PostgresAdminSession> {
    const config = { host: admin.host, port: admin.port, database, user: admin.username, password: admin.password, sslMode: admin.sslMode, caCertificate: admin.caCertificate };
    const client = new pg.Client(clientConfig(config, callTimeout(options), `tapestry-warehouse-${step}`));
    // A server that drops the connection after we are done must not become an unhandled 'error'.
    client.on('error', () => undefined);
    const session = new PostgresAdminSession(client, options, step, secrets);
    try {
      await raceSignal(client.connect(), options.signal, 'postgres', 'login', () => session.close());
    } catch (error) {
      session.close();
      throw error;
    }
    return session;
  }

  /** Connects as libpq's `prefer` does: TLS when the server offers it, else plain. */
  static async open(admin: PostgresAdminConfig, database: string, options: CallOptions, step: WarehouseStep, secrets: readonly string[]): Promise<PostgresAdminSession> {
    try {
      try {
        return await PostgresAdminSession.connect(admin, database, options, step, secrets);
      } catch (error) {
        const noTls = /does not support SSL/i.test(String((error as { message?: unknown }).message));
        if ((admin.sslMode ?? 'prefer') !== 'prefer' || !noTls) throw error;
        return await PostgresAdminSession.connect({ ...admin, sslMode: 'disable' }, database, options, step, secrets);
      }
    } catch (error) {
      if (options.signal?.aborted) throw stoppedError(options.signal, 'postgres', step);
      throw atStep(toPostgresIntegrationError(error, secrets), step);
    }
  }

  async rows<T extends pg.QueryResultRow>(sql: string, params: unknown[], need: string): Promise<T[]> {
    try {
      const result = await raceSignal(this.client.query<T>(sql, params), this.options.signal, 'postgres', 'query', () => this.close());
      return result.rows;
    } catch (error) {
      throw this.failure(error, need);
    }
  }

  /** The first column of the first row, read as a boolean (for `SELECT EXISTS (…)` checks). */
  async holds(sql: string, params: unknown[], need: string): Promise<boolean> {
    const [row] = await this.rows<Record<string, unknown>>(sql, params, need);
    return row ? Object.values(row)[0] === true : false;
  }

  /** Runs `work` in one transaction: all of it happens, or (on any failure) none of it. */
  async transaction(work: () => Promise<void>, need: string): Promise<void> {
    await this.rows('BEGIN', [], need);
    try {
      await work();
      await this.rows('COMMIT', [], need);
    } catch (error) {
      await this.client.query('ROLLBACK').catch(() => undefined);
      throw error;
    }
  }

  close(): void {
    void this.client.end().catch(() => undefined);
  }

  private failure(error: unknown, need: string): IntegrationError {
    const { signal } = this.options;
    if (signal?.aborted) return stoppedError(signal, 'postgres', this.step);
    if (isIntegrationError(error)) return atStep(error, this.step);
    const code = (error as { code?: unknown }).code;
    if (code === INSUFFICIENT_PRIVILEGE) return permissionError('postgres', need, this.step, code, this.secrets);
    if (code === DEPENDENT_OBJECTS) {
      return new IntegrationError({
        provider: 'postgres',
        failureClass: 'config',
        code,
        step: this.step,
        cause: 'The service role still owns objects or holds privileges in another database of this server.',
        hint: 'Run REASSIGN OWNED and DROP OWNED for the service roles in each other database, then tear down again.',
      });
    }
    return atStep(toPostgresIntegrationError(error, this.secrets), this.step);
  }
}
