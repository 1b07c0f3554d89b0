// Connection-test failures a test can force (`PUT /__sandbox/airbyte/checks`), one per class the
// product must explain — DNS, TLS, auth, permission, timeout — each phrased as the connector in
// question phrases it: Python API connectors (requests/urllib3 errors with the provider's HTTP
// status), the Java Postgres connectors (`State code: …`) and the Snowflake JDBC driver (its error
// numbers).
import { z } from 'zod';

export const CHECK_FAILURE_CLASSES = ['dns', 'tls', 'auth', 'permission', 'timeout'] as const;
export type CheckFailureClass = (typeof CHECK_FAILURE_CLASSES)[number];

export const checkFailureRuleSchema = z
  .object({
    failure: z.enum(CHECK_FAILURE_CLASSES),
    /** Only checks of this source type (e.g. `stripe`); absent with no destinationType = every check. */
    sourceType: z.string().min(1).max(100).optional(),
    destinationType: z.string().min(1).max(100).optional(),
    /** How many checks it affects; absent = until cleared. */
    times: z.number().int().positive().optional(),
    /** How long the check takes before answering (unscaled ms; `timeout` defaults to a minute). */
    delayMs: z.number().int().min(0).max(600_000).optional(),
  })
  .strict();

export type CheckFailureRule = z.infer<typeof checkFailureRuleSchema>;

export class CheckFailurePlan {
  private rules: CheckFailureRule[] = [];

  add(rule: CheckFailureRule): void {
    this.rules.push({ ...rule });
  }

  clear(): void {
    this.rules = [];
  }

  list(): CheckFailureRule[] {
    return this.rules.map((r) => ({ ...r }));
  }

  /** The first rule matching a check, used up by one if it counts. */
  take(kind: 'source' | 'destination', connectorType: string): CheckFailureRule | undefined {
    const rule = this.rules.find((r) =>
      kind === 'source'
        ? r.destinationType === undefined && (r.sourceType === undefined || r.sourceType === connectorType)
        : r.sourceType === undefined && (r.destinationType === undefined || r.destinationType === connectorType),
    );
    if (!rule) return undefined;
    if (rule.times !== undefined) {
      rule.times -= 1;
      if (rule.times <= 0) this.rules = this.rules.filter((r) => r !== rule);
    }
    return rule;
  }
}

/** The host an API connector calls, for its messages. */
function apiHost(connectorType: string, configuration: Record<string, unknown>): string {
  switch (connectorType) {
    case 'stripe':
      return 'api.stripe.com';
    case 'salesforce':
      return configuration.is_sandbox === true ? 'test.salesforce.com' : 'login.salesforce.com';
    case 'zendesk-support':
      return `${String(configuration.subdomain ?? 'example')}.zendesk.com`;
    case 'zoom':
      return 'api.zoom.us';
    case 'hubspot':
      return 'api.hubapi.com';
    default:
      return 'localhost';
  }
}

function apiMessage(failure: CheckFailureClass, host: string): string {
  const url = `https://${host}/`;
  switch (failure) {
    case 'dns':
      return `HTTPSConnectionPool(host='${host}', port=443): Max retries exceeded with url: / (Caused by NameResolutionError("<urllib3.connection.HTTPSConnection>: Failed to resolve '${host}' ([Errno -2] Name or service not known)"))`;
    case 'tls':
      return `HTTPSConnectionPool(host='${host}', port=443): Max retries exceeded with url: / (Caused by SSLError(SSLCertVerificationError(1, '[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: unable to get local issuer certificate (_ssl.c:1006)')))`;
    case 'auth':
      return `Unable to connect to stream with the provided credentials - 401 Client Error: Unauthorized for url: ${url}`;
    case 'permission':
      return `Unable to connect to stream with the provided credentials - 403 Client Error: Forbidden for url: ${url}. The credentials lack the permissions (scopes) this connector needs.`;
    case 'timeout':
      return `HTTPSConnectionPool(host='${host}', port=443): Max retries exceeded with url: / (Caused by ConnectTimeoutError(<urllib3.connection.HTTPSConnection>, 'Connection to ${host} timed out. (connect timeout=60)'))`;
  }
}

function postgresMessage(failure: CheckFailureClass, configuration: Record<string, unknown>): string {
  const host = String(configuration.host ?? '');
  switch (failure) {
    case 'dns':
      return `State code: 08001; Message: The connection attempt failed. (java.net.UnknownHostException: ${host})`;
    case 'tls':
      return 'State code: 08004; Message: The server does not support SSL.';
    case 'auth':
      return `State code: 28P01; Error code: 0; Message: FATAL: password authentication failed for user "${String(configuration.username ?? '')}"`;
    case 'permission':
      return `State code: 42501; Error code: 0; Message: ERROR: permission denied for schema ${String(configuration.schema ?? 'public')}`;
    case 'timeout':
      return 'State code: 08001; Message: The connection attempt failed. (java.net.SocketTimeoutException: Connect timed out)';
  }
}

function snowflakeMessage(failure: CheckFailureClass, configuration: Record<string, unknown>): string {
  const host = String(configuration.host ?? '');
  switch (failure) {
    case 'dns':
      return `Could not connect with provided configuration. JDBC driver encountered communication error. Message: Exception encountered for HTTP request: ${host}: Name or service not known.`;
    case 'tls':
      return 'Could not connect with provided configuration. JDBC driver encountered communication error. Message: PKIX path building failed: unable to find valid certification path to requested target.';
    case 'auth':
      return 'Could not connect with provided configuration. SQL State: 28000, Error Code: 390100. Incorrect username or password was specified.';
    case 'permission':
      return `Could not connect with provided configuration. SQL State: 02000, Error Code: 2003. SQL compilation error: Schema '${String(configuration.database ?? '')}.${String(configuration.schema ?? '')}' does not exist or not authorized.`;
    case 'timeout':
      return `Could not connect with provided configuration. JDBC driver encountered communication error. Message: Connect to ${host}:443 failed: Connect timed out.`;
  }
}

/** The message a forced failure of a given class produces for a connector. */
export function forcedFailureMessage(failure: CheckFailureClass, connectorType: string, configuration: Record<string, unknown>): string {
  if (connectorType === 'postgres') return postgresMessage(failure, configuration);
  if (connectorType === 'snowflake') return snowflakeMessage(failure, configuration);
  return apiMessage(failure, apiHost(connectorType, configuration));
}
