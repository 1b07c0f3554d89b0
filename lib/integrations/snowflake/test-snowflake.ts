// "Test connection" for a Snowflake warehouse: log in (user, password, role), make the configured
// warehouse current (USE WAREHOUSE: the login itself silently ignores one the role cannot use),
// and run a query, so each failure names its step: login, role, warehouse, query.
import { stoppedError, throwIfStopped, withRetry, type CallOptions } from '../call-limits';
import { IntegrationError } from '../errors';
import { connectBounded, createSnowflakeConnection, destroyQuietly, runBounded, type SnowflakeConfig } from './connection';
import { isRetryableSnowflakeError, toSnowflakeIntegrationError } from './errors';

export interface SnowflakeDetail {
  version: string;
  role: string;
  warehouse: string;
}

function missingField(config: SnowflakeConfig): string | undefined {
  if (!config.account) return 'account';
  if (!config.username) return 'username';
  if (!config.password) return 'password';
  return undefined;
}

async function attempt(config: SnowflakeConfig, options: CallOptions): Promise<SnowflakeDetail> {
  const connection = createSnowflakeConnection(config, options);
  try {
    await connectBounded(connection, options);
    // IDENTIFIER(?) reads the name as SQL would (unquoted = upper-cased) without building SQL from input.
    if (config.warehouse) await runBounded(connection, 'USE WAREHOUSE IDENTIFIER(?)', [config.warehouse], options, 'warehouse');
    const rows = await runBounded(connection, 'SELECT CURRENT_VERSION() AS V, CURRENT_ROLE() AS R, CURRENT_WAREHOUSE() AS W', [], options, 'query');
    const row = rows[0] ?? {};
    const warehouse = typeof row.W === 'string' ? row.W : '';
    if (!warehouse) {
      throw new IntegrationError({
        provider: 'snowflake',
        failureClass: 'config',
        field: 'warehouse',
        step: 'warehouse',
        cause: 'The user has no default warehouse and none was named.',
        hint: 'Name the warehouse Tapestry should use, and grant USAGE on it to the role.',
      });
    }
    return { version: String(row.V ?? ''), role: String(row.R ?? ''), warehouse };
  } finally {
    if (connection.isUp()) destroyQuietly(connection);
  }
}

export async function testSnowflake(config: SnowflakeConfig, options: CallOptions = {}): Promise<SnowflakeDetail> {
  const { signal } = options;
  const secrets = [config.password];
  throwIfStopped(signal, 'snowflake', 'connect');
  const missing = missingField(config);
  if (missing) throw new IntegrationError({ provider: 'snowflake', failureClass: 'config', field: missing, cause: `The ${missing} is missing.`, hint: `Fill in the ${missing}.` });
  try {
    return await withRetry(() => attempt(config, options), { retryable: isRetryableSnowflakeError, signal, provider: 'snowflake' });
  } catch (error) {
    if (signal?.aborted) throw stoppedError(signal, 'snowflake', error instanceof IntegrationError ? error.step : 'connect');
    throw toSnowflakeIntegrationError(error, secrets);
  }
}
