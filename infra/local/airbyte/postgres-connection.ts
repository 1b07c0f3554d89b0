// Reaching a PostgreSQL server named by an Airbyte Postgres configuration (destination or source):
// the `pg` client settings it implies, and what a failure to reach it means in the words Airbyte's
// Postgres connectors use (`State code: …; Message: …`), sorted into the failure classes Tapestry
// explains (DNS, TLS, auth, permission, timeout).
import pg from 'pg';

export type FailureClass = 'dns' | 'tls' | 'auth' | 'permission' | 'timeout' | 'other';

/** Bounds every connection attempt and statement, so a check or a sync never waits forever. */
const CONNECT_TIMEOUT_MS = 10_000;
const QUERY_TIMEOUT_MS = 30_000;

type JsonObject = Record<string, unknown>;

export class UnsupportedSetting extends Error {
  override name = 'UnsupportedSetting';
}

export function postgresClientConfig(configuration: JsonObject): pg.ClientConfig {
  const tunnel = (configuration.tunnel_method as JsonObject | undefined)?.tunnel_method;
  if (tunnel !== undefined && tunnel !== 'NO_TUNNEL') {
    throw new UnsupportedSetting('SSH tunnels cannot be opened from the sandbox; choose "No Tunnel".');
  }
  const sslMode = String((configuration.ssl_mode as JsonObject | undefined)?.mode ?? (configuration.ssl === true ? 'require' : 'disable'));
  const ca = (configuration.ssl_mode as JsonObject | undefined)?.ca_certificate;
  let ssl: pg.ClientConfig['ssl'] = false;
  if (sslMode === 'require') ssl = { rejectUnauthorized: false };
  else if (sslMode === 'verify-ca' || sslMode === 'verify-full') ssl = { rejectUnauthorized: true, ca: typeof ca === 'string' ? ca : undefined };
  return {
    host: String(configuration.host ?? ''),
    port: Number(configuration.port ?? 5432),
    database: String(configuration.database ?? ''),
    user: String(configuration.username ?? ''),
    password: typeof configuration.password === 'string' ? configuration.password : undefined,
    ssl,
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    query_timeout: QUERY_TIMEOUT_MS,
    application_name: 'airbyte-sandbox',
  };
}

export async function connectPostgres(configuration: JsonObject): Promise<pg.Client> {
  const client = new pg.Client(postgresClientConfig(configuration));
  // A server that drops the connection later must not crash the stand-in with an unhandled 'error'.
  client.on('error', () => undefined);
  try {
    await client.connect();
  } catch (error) {
    await client.end().catch(() => undefined);
    throw error;
  }
  return client;
}

/** Sorts a connection or statement failure into a class and phrases it as the Postgres connectors do. */
export function describePostgresError(error: unknown, configuration: JsonObject): { failureClass: FailureClass; message: string } {
  if (error instanceof UnsupportedSetting) return { failureClass: 'other', message: error.message };
  const e = error as { code?: string; message?: string };
  const host = String(configuration.host ?? '');
  const message = e.message ?? String(error);
  const state = (code: string, text: string) => `State code: ${code}; Message: ${text}`;
  switch (e.code) {
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return { failureClass: 'dns', message: state('08001', `The connection attempt failed. (java.net.UnknownHostException: ${host})`) };
    case 'ECONNREFUSED':
      return {
        failureClass: 'other',
        message: state('08001', `Connection to ${host}:${String(configuration.port ?? 5432)} refused. Check that the hostname and port are correct and that the postmaster is accepting TCP/IP connections.`),
      };
    case 'ETIMEDOUT':
      return { failureClass: 'timeout', message: state('08001', 'The connection attempt failed. (java.net.SocketTimeoutException: Connect timed out)') };
    case '28P01':
    case '28000':
      return { failureClass: 'auth', message: `${state(e.code, `FATAL: ${message}`)}` };
    case '3D000':
      return { failureClass: 'other', message: state('3D000', `FATAL: ${message}`) };
    case '42501':
      return { failureClass: 'permission', message: state('42501', `ERROR: ${message}`) };
  }
  if (/ssl|tls|certificate/i.test(message)) return { failureClass: 'tls', message: state('08004', message) };
  if (/timeout|timed out/i.test(message)) {
    return { failureClass: 'timeout', message: state('08001', 'The connection attempt failed. (java.net.SocketTimeoutException: Connect timed out)') };
  }
  return { failureClass: 'other', message: e.code ? state(e.code, message) : message };
}
