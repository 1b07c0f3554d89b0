// PostgreSQL failures (SQLSTATE codes from the server, socket codes from Node, TLS refusals)
// sorted into failure classes, each pointing at the field to fix.
import { IntegrationError, type IntegrationErrorInit } from '../errors';
import { networkFailure } from '../network-errors';

type Mapped = Omit<IntegrationErrorInit, 'provider' | 'code' | 'secrets'>;

const WRONG_LOGIN: Mapped = { failureClass: 'auth', field: 'password', step: 'login', cause: 'PostgreSQL refused the user name or password.', hint: 'Check the user name and password; the password may have been changed.' };

const BY_SQLSTATE: Record<string, Mapped> = {
  '28P01': WRONG_LOGIN,
  '28000': { failureClass: 'auth', field: 'user', step: 'login', cause: 'PostgreSQL does not allow this user to connect from here (pg_hba.conf).', hint: 'Ask the database administrator to allow this user and host, or check the SSL mode the server requires.' },
  '3D000': { failureClass: 'not_found', field: 'database', step: 'login', cause: 'The database does not exist on this server.', hint: 'Check the database name (it is case-sensitive), or create it first.' },
  '42501': { failureClass: 'permission', step: 'query', cause: 'This user lacks a privilege the warehouse needs.', hint: 'Grant CONNECT on the database and USAGE, CREATE on the schema to this user.' },
  '53300': { failureClass: 'unavailable', step: 'login', cause: 'The server has no free connection slots.', hint: 'Try again shortly, or raise max_connections on the server.' },
  '57P03': { failureClass: 'unavailable', step: 'login', cause: 'The server is starting up or shutting down.', hint: 'Try again in a minute.' },
  '57014': { failureClass: 'timeout', step: 'query', cause: 'The server cancelled the test query after the time allowed.' },
};

const NETWORK_HINTS: Record<string, Pick<Mapped, 'field' | 'hint'>> = {
  dns: { field: 'host', hint: 'Check the host name for typos, and that this server can resolve it.' },
  network: { field: 'port', hint: 'Check the host and port, that PostgreSQL listens on it (listen_addresses), and any firewall in between.' },
  timeout: { field: 'host', hint: 'Check the host and port and any firewall; a silent drop looks like this.' },
  tls: { field: 'sslMode', hint: 'Match the SSL mode to the server: "require" if it demands TLS, "verify-full" only with the right CA certificate.' },
};

/** Server-side overload answers: worth another try (logging in is idempotent). */
export function isRetryablePostgresError(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  return code === '53300' || code === '57P03';
}

export function toPostgresIntegrationError(error: unknown, secrets: readonly (string | undefined)[]): IntegrationError {
  if (error instanceof IntegrationError) return error;
  const code = (error as { code?: unknown }).code;
  const mapped = typeof code === 'string' ? BY_SQLSTATE[code] : undefined;
  if (mapped && typeof code === 'string') return new IntegrationError({ provider: 'postgres', code, secrets, ...mapped });
  const network = networkFailure(error);
  if (network) return new IntegrationError({ provider: 'postgres', failureClass: network.failureClass, code: network.code, step: 'connect', secrets, ...NETWORK_HINTS[network.failureClass] });
  return new IntegrationError({
    provider: 'postgres',
    failureClass: 'unavailable',
    code: typeof code === 'string' ? code : undefined,
    cause: 'PostgreSQL failed in an unexpected way.',
    hint: 'Try again; if it persists, check the server log for this time.',
    secrets,
  });
}
