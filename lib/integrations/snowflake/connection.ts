// snowflake-sdk's callback API as bounded promises. The SDK takes no AbortSignal: its per-request
// `timeout` (set to the call budget) makes it drop a request the server does not answer, and a
// Cancel settles our promise at once and destroys the connection (the SDK queues that after a
// login in flight, so a session that still opens is logged out straight away). A statement in
// flight is cancelled on the server the way Snowflake does it (abort-request).
import snowflake from 'snowflake-sdk';
import { raceSignal, type CallOptions, callTimeout } from '../call-limits';
import type { IntegrationStep } from '../errors';

export interface SnowflakeConfig {
  /** Account identifier (`orgname-accountname`, or a locator such as `xy12345.us-east-1`). */
  account: string;
  username: string;
  password: string;
  role?: string;
  warehouse?: string;
  database?: string;
  schema?: string;
  /** Where to reach the account, e.g. `http://127.0.0.1:PORT` for the sandbox; absent = Snowflake's URL for the account. */
  accessUrl?: string;
}

// The SDK logs to a file in the working directory by default; its messages are not ours to show.
snowflake.configure({ logLevel: 'OFF' });

export function createSnowflakeConnection(config: SnowflakeConfig, options: CallOptions): snowflake.Connection {
  return snowflake.createConnection({
    account: config.account,
    username: config.username,
    password: config.password,
    role: config.role || undefined,
    warehouse: config.warehouse || undefined,
    database: config.database || undefined,
    schema: config.schema || undefined,
    accessUrl: config.accessUrl,
    application: 'Tapestry',
    timeout: callTimeout(options),
    // Our own retry policy decides; the SDK would otherwise retry a login for minutes.
    sfRetryMaxLoginRetries: 0,
  } as snowflake.ConnectionOptions);
}

export function destroyQuietly(connection: snowflake.Connection): void {
  connection.destroy(() => undefined);
}

export function connectBounded(connection: snowflake.Connection, options: CallOptions): Promise<void> {
  const login = new Promise<void>((resolve, reject) => connection.connect((error) => (error ? reject(error) : resolve())));
  return raceSignal(login, options.signal, 'snowflake', 'login', () => destroyQuietly(connection));
}

export type Row = Record<string, unknown>;

export function runBounded(connection: snowflake.Connection, sqlText: string, binds: snowflake.Binds, options: CallOptions, step: IntegrationStep): Promise<Row[]> {
  let statement: snowflake.RowStatement | undefined;
  const run = new Promise<Row[]>((resolve, reject) => {
    statement = connection.execute({ sqlText, binds, complete: (error, _s, rows) => (error ? reject(error) : resolve((rows ?? []) as Row[])) });
  });
  return raceSignal(run, options.signal, 'snowflake', step, () => statement?.cancel(() => undefined));
}
