// Snowflake failures sorted into failure classes. The codes are Snowflake's six-digit error
// numbers (login: 3901xx; SQL: 000606, 002003, 002043, 003001 …); snowflake-sdk reports them as
// `code` with a `sqlState`, and wraps socket failures as `NetworkError` with the cause inside.
import { IntegrationError, type IntegrationErrorInit } from '../errors';
import { networkFailure } from '../network-errors';

type Mapped = Omit<IntegrationErrorInit, 'provider' | 'code' | 'secrets'>;

const BY_CODE: Record<string, Mapped> = {
  '390100': { failureClass: 'auth', field: 'password', step: 'login', cause: 'Snowflake refused the user name or password.', hint: 'Check the user name and password (Snowflake gives the same answer for an unknown user).' },
  '390101': { failureClass: 'auth', field: 'username', step: 'login', cause: 'This Snowflake user is disabled.', hint: 'Ask an account administrator to enable the user (ALTER USER … SET DISABLED = FALSE).' },
  '390102': { failureClass: 'auth', field: 'username', step: 'login', cause: 'This Snowflake user is locked after too many failed logins.', hint: 'Wait 15 minutes, or ask an account administrator to unlock it; then check the password.' },
  '390189': { failureClass: 'permission', field: 'role', step: 'role', cause: 'The role is not granted to this user (or does not exist).', hint: 'Grant the role to the user (GRANT ROLE … TO USER …), or choose a role the user has.' },
  '390144': { failureClass: 'auth', field: 'password', step: 'login', cause: 'Snowflake asks for multi-factor authentication, which a service login cannot answer.', hint: 'Use a service user without MFA, or key-pair authentication.' },
  '000606': { failureClass: 'config', field: 'warehouse', step: 'warehouse', cause: 'The session has no usable warehouse.', hint: 'Name a warehouse, and grant USAGE on it to the role.' },
  '002043': { failureClass: 'not_found', field: 'warehouse', step: 'warehouse', cause: 'The warehouse does not exist, or the role may not use it.', hint: 'Check the warehouse name, and GRANT USAGE ON WAREHOUSE … TO ROLE … .' },
  '002003': { failureClass: 'not_found', field: 'database', step: 'query', cause: 'A database or schema does not exist, or the role may not see it.', hint: 'Check the database and schema names, and grant USAGE on them to the role.' },
  '003001': { failureClass: 'permission', field: 'role', step: 'query', cause: 'The role lacks a privilege the warehouse connection needs.', hint: 'Grant the role USAGE on the warehouse, database and schema, and CREATE TABLE on the schema.' },
  '003013': { failureClass: 'permission', field: 'role', step: 'role', cause: 'The role is not granted to this user.', hint: 'Grant the role to the user, or choose a role the user has.' },
  '390400': { failureClass: 'config', field: 'account', step: 'login', cause: 'Snowflake could not read the login request.', hint: 'Check the account identifier and the other connection fields.' },
};

interface SdkError {
  name?: unknown;
  code?: unknown;
  message?: unknown;
  response?: { status?: unknown };
}

/** An HTTP status Snowflake answered with (403 for an unknown account host, 429, 5xx). */
function httpStatus(error: SdkError): number | undefined {
  const status = error.response?.status;
  if (typeof status === 'number') return status;
  const match = /status code (\d{3})/i.exec(String(error.message ?? ''));
  return match ? Number(match[1]) : undefined;
}

/** Throttling and 5xx answers to a login (idempotent): worth another try. */
export function isRetryableSnowflakeError(error: unknown): boolean {
  const status = httpStatus(error as SdkError);
  return status !== undefined && (status === 429 || status >= 500);
}

export function toSnowflakeIntegrationError(error: unknown, secrets: readonly (string | undefined)[]): IntegrationError {
  if (error instanceof IntegrationError) return error;
  const e = error as SdkError;
  const code = typeof e.code === 'string' || typeof e.code === 'number' ? String(e.code) : undefined;
  const mapped = code ? BY_CODE[code] : undefined;
  if (mapped) return new IntegrationError({ provider: 'snowflake', code, secrets, ...mapped });
  // The SDK's own deadline ("timeout of N ms exceeded") ends a request the server never answered.
  if (/timeout of \d+ ?ms exceeded|timed out/i.test(String(e.message ?? ''))) {
    return new IntegrationError({ provider: 'snowflake', failureClass: 'timeout', code: 'ETIMEDOUT', step: 'login', field: 'account', secrets });
  }
  const network = networkFailure(error);
  if (network) return new IntegrationError({ provider: 'snowflake', failureClass: network.failureClass, code: network.code, field: 'account', step: 'connect', secrets });
  const status = httpStatus(e);
  if (status === 403 || status === 404) {
    return new IntegrationError({ provider: 'snowflake', failureClass: 'not_found', code: `HTTP ${status}`, field: 'account', step: 'login', cause: 'No Snowflake account answers at this account identifier.', hint: 'Use the account identifier from your Snowflake URL (orgname-accountname, or the locator with its region).', secrets });
  }
  if (status === 429) return new IntegrationError({ provider: 'snowflake', failureClass: 'throttled', code: 'HTTP 429', secrets });
  if (status !== undefined && status >= 500) return new IntegrationError({ provider: 'snowflake', failureClass: 'unavailable', code: `HTTP ${status}`, secrets });
  if (e.name === 'NetworkError') return new IntegrationError({ provider: 'snowflake', failureClass: 'network', code: code ?? 'NetworkError', field: 'account', step: 'connect', secrets });
  return new IntegrationError({ provider: 'snowflake', failureClass: 'unavailable', code, cause: 'Snowflake failed in an unexpected way.', hint: 'Try again; if it persists, look the code up in Snowflake’s documentation.', secrets });
}
