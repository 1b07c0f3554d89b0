// One administrator session on Snowflake for a bootstrap or teardown: signs in with the wizard's
// admin credentials, switches between SYSADMIN and SECURITYADMIN as each statement needs, and runs
// statements one request each, every one bounded (the SDK's request timeout is the call budget, a
// Cancel stops it). Refusals become our 'permission' error naming what is missing; statement texts
// and bound values are never logged or put in an error.
import type snowflake from 'snowflake-sdk';
import { stoppedError, type CallOptions } from '../call-limits';
import { isIntegrationError, type IntegrationError } from '../errors';
import { connectBounded, createSnowflakeConnection, destroyQuietly, runBounded, type Row } from '../snowflake/connection';
import { toSnowflakeIntegrationError } from '../snowflake/errors';
import { atStep, permissionError, type WarehouseStep } from './errors';
import { sf } from './identifiers';
import type { SnowflakeActor } from './snowflake-statements';
import type { SnowflakeAdminConfig } from './types';

/** Snowflake's codes for "not allowed": insufficient privileges, role not granted to the user. */
const REFUSED = new Set(['003001', '003013']);

interface SdkError {
  code?: unknown;
  sqlState?: unknown;
}

export class SnowflakeAdminSession {
  private actor: SnowflakeActor | undefined;

  private constructor(
    private readonly connection: snowflake.Connection,
    private readonly options: CallOptions,
    private readonly step: WarehouseStep,
    private readonly secrets: readonly string[],
  ) {}

  static async open(admin: SnowflakeAdminConfig, options: CallOptions, step: WarehouseStep, secrets: readonly string[]): Promise<SnowflakeAdminSession> {
    const { account, accessUrl, username, password, role, warehouse } = admin;
    const connection = createSnowflakeConnection({ account, accessUrl, username, password, role, warehouse }, options);
    const session = new SnowflakeAdminSession(connection, options, step, secrets);
    try {
      await connectBounded(connection, options);
    } catch (error) {
      session.close();
      throw session.failure(error, 'a working sign-in');
    }
    return session;
  }

  /** Makes `actor` the primary role: only the primary role's privileges authorise CREATE statements. */
  async actAs(actor: SnowflakeActor): Promise<void> {
    if (this.actor === actor) return;
    await this.run(`USE ROLE ${sf(actor)}`, [], `the ${actor} role (grant it to the administrator user, or use one with ACCOUNTADMIN)`);
    this.actor = actor;
  }

  async run(sql: string, binds: snowflake.Binds, need: string): Promise<Row[]> {
    try {
      return await runBounded(this.connection, sql, binds, this.options, 'query');
    } catch (error) {
      throw this.failure(error, need);
    }
  }

  /** The status line Snowflake answers DDL with ("… successfully created.", "… already exists …"). */
  async status(sql: string, binds: snowflake.Binds, need: string): Promise<string> {
    const rows = await this.run(sql, binds, need);
    return String(rows[0]?.status ?? '');
  }

  close(): void {
    if (this.connection.isUp()) destroyQuietly(this.connection);
  }

  private failure(error: unknown, need: string): IntegrationError {
    const { signal } = this.options;
    if (signal?.aborted) return stoppedError(signal, 'snowflake', this.step);
    if (isIntegrationError(error)) return atStep(error, this.step);
    const e = error as SdkError;
    const code = typeof e.code === 'string' || typeof e.code === 'number' ? String(e.code) : undefined;
    if ((code && REFUSED.has(code)) || e.sqlState === '42501') return permissionError('snowflake', need, this.step, code, this.secrets);
    return atStep(toSnowflakeIntegrationError(error, this.secrets), this.step);
  }
}

/** A missing object answers 002003 ("does not exist or not authorized"); teardown reads that as absent. */
export function isMissingObject(error: unknown): boolean {
  return isIntegrationError(error) && error.failureClass === 'not_found' && error.code === '002003';
}
