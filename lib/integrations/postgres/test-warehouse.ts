// "Test connection" for a PostgreSQL warehouse: log in, run a query, and check that the user may
// create tables in the target schema (what loading needs). Each step is bounded: the connect by
// `connectionTimeoutMillis`, the queries by `query_timeout` and the server's `statement_timeout`;
// a Cancel ends the socket at once, which also ends the server's backend.
import pg from 'pg';
import { callTimeout, raceSignal, stoppedError, throwIfStopped, withRetry, type CallOptions } from '../call-limits';
import { IntegrationError } from '../errors';
import { isRetryablePostgresError, toPostgresIntegrationError } from './errors';

export type PostgresSslMode = 'disable' | 'prefer' | 'require' | 'verify-ca' | 'verify-full';

export interface PostgresWarehouseConfig {
  host: string;
  port?: number;
  database: string;
  user: string;
  password: string;
  /** As libpq's sslmode; default `prefer` (TLS when the server offers it, unverified; else plain). */
  sslMode?: PostgresSslMode;
  /** PEM CA certificate for `verify-ca` / `verify-full`. */
  caCertificate?: string;
  /** Where tables will be created; default `public`. */
  schema?: string;
}

export interface PostgresWarehouseDetail {
  serverVersion: string;
  database: string;
  user: string;
  schema: string;
}

function sslOption(config: PostgresWarehouseConfig): pg.ClientConfig['ssl'] {
  switch (config.sslMode ?? 'prefer') {
    case 'disable':
      return false;
    case 'prefer':
    case 'require':
      return { rejectUnauthorized: false };
    case 'verify-ca':
      // Trust the CA but not the host name: libpq's verify-ca.
      return { rejectUnauthorized: true, ca: config.caCertificate, checkServerIdentity: () => undefined };
    case 'verify-full':
      return { rejectUnauthorized: true, ca: config.caCertificate };
  }
}

/** The pg client settings for a configuration: TLS as its sslMode says, every wait bounded by `timeoutMs`. */
export function clientConfig(config: PostgresWarehouseConfig, timeoutMs: number, applicationName = 'tapestry-test-connection'): pg.ClientConfig {
  return {
    host: config.host,
    port: config.port ?? 5432,
    database: config.database,
    user: config.user,
    password: config.password,
    ssl: sslOption(config),
    connectionTimeoutMillis: timeoutMs,
    query_timeout: timeoutMs,
    statement_timeout: timeoutMs,
    application_name: applicationName,
  };
}

async function probe(client: pg.Client, schema: string): Promise<Omit<PostgresWarehouseDetail, 'schema'> & { canCreate: boolean }> {
  const { rows } = await client.query<{ version: string; database: string; user: string; can_create: boolean }>(
    `SELECT current_setting('server_version') AS version, current_database() AS database, current_user AS user,
            CASE WHEN to_regnamespace(quote_ident($1)) IS NULL THEN has_database_privilege(current_database(), 'CREATE')
                 ELSE has_schema_privilege($1, 'USAGE') AND has_schema_privilege($1, 'CREATE') END AS can_create`,
    [schema],
  );
  const row = rows[0];
  if (!row) throw new IntegrationError({ provider: 'postgres', failureClass: 'unavailable', step: 'query', cause: 'The test query returned no row.' });
  return { serverVersion: row.version, database: row.database, user: row.user, canCreate: row.can_create };
}

function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

async function attempt(config: PostgresWarehouseConfig, options: CallOptions): Promise<PostgresWarehouseDetail> {
  const { signal } = options;
  const schema = config.schema ?? 'public';
  const client = new pg.Client(clientConfig(config, callTimeout(options)));
  // A server that drops the connection after we are done must not become an unhandled 'error'.
  client.on('error', () => undefined);
  const drop = () => void client.end().catch(() => undefined);
  try {
    await raceSignal(client.connect(), signal, 'postgres', 'login', drop);
    const found = await raceSignal(probe(client, schema), signal, 'postgres', 'query', drop);
    if (!found.canCreate) {
      throw new IntegrationError({
        provider: 'postgres',
        failureClass: 'permission',
        code: '42501',
        field: 'schema',
        step: 'query',
        cause: `The user may not create tables in schema "${schema}".`,
        hint: `Run GRANT USAGE, CREATE ON SCHEMA ${quoteIdent(schema)} TO ${quoteIdent(found.user)} (or CREATE on the database if the schema is to be created).`,
        secrets: [config.password],
      });
    }
    return { serverVersion: found.serverVersion, database: found.database, user: found.user, schema };
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** `prefer`: a server without TLS is tried again in plain text, as libpq does. */
async function attemptPreferringTls(config: PostgresWarehouseConfig, options: CallOptions): Promise<PostgresWarehouseDetail> {
  try {
    return await attempt(config, options);
  } catch (error) {
    const noTls = /does not support SSL/i.test(String((error as { message?: unknown }).message));
    if ((config.sslMode ?? 'prefer') !== 'prefer' || !noTls) throw error;
    return attempt({ ...config, sslMode: 'disable' }, options);
  }
}

export async function testPostgresWarehouse(config: PostgresWarehouseConfig, options: CallOptions = {}): Promise<PostgresWarehouseDetail> {
  const { signal } = options;
  const secrets = [config.password];
  throwIfStopped(signal, 'postgres', 'connect');
  if (!config.host || !config.database || !config.user) {
    const field = !config.host ? 'host' : !config.database ? 'database' : 'user';
    throw new IntegrationError({ provider: 'postgres', failureClass: 'config', field, cause: `The ${field} is missing.`, hint: `Fill in the ${field}.` });
  }
  try {
    return await withRetry(() => attemptPreferringTls(config, options), { retryable: isRetryablePostgresError, signal, provider: 'postgres' });
  } catch (error) {
    if (signal?.aborted) throw stoppedError(signal, 'postgres', 'connect');
    throw toPostgresIntegrationError(error, secrets);
  }
}
