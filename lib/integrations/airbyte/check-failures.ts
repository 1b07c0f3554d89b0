// What a connector's failed check means. Airbyte passes the connector's own message through
// (Python connectors: requests/urllib3 errors with the provider's HTTP status; Java connectors:
// `State code: …` or Snowflake's `Error Code: …`), so the class is read from the well-known markers
// in it, and only a code is kept — never the message, which may quote hosts, users or secrets.
import { IntegrationError, type FailureClass } from '../errors';

interface Rule {
  failureClass: FailureClass;
  test: RegExp;
  cause: string;
  hint: string;
}

const RULES: Rule[] = [
  { failureClass: 'config', test: /Config validation error|Verification error\(s\)/i, cause: 'The connector refused the configuration as invalid.', hint: 'Correct the highlighted field and test again.' },
  { failureClass: 'dns', test: /NameResolutionError|UnknownHostException|Name or service not known|getaddrinfo|Failed to resolve/i, cause: 'The connector could not resolve the host it must reach.', hint: 'Check the host or subdomain for typos.' },
  { failureClass: 'tls', test: /SSLError|CERTIFICATE_VERIFY_FAILED|PKIX path|does not support SSL|SSLHandshake/i, cause: 'The connector could not establish a trusted TLS connection.', hint: 'Check the SSL settings and certificates, and any proxy that intercepts TLS.' },
  { failureClass: 'timeout', test: /timed out|Timeout|SocketTimeoutException/i, cause: 'The connector got no answer in time.', hint: 'Check the host, port and firewall rules between Airbyte and the service.' },
  { failureClass: 'auth', test: /\b401\b|Unauthorized|28P01|390100|password authentication failed|Incorrect username or password|invalid[_ ](client|grant|credentials)/i, cause: 'The service refused the credentials given to the connector.', hint: 'Re-enter the credentials (API key, client secret or password); they may be mistyped, rotated or revoked.' },
  { failureClass: 'permission', test: /\b403\b|Forbidden|42501|permission denied|not authorized|insufficient (privileges|scope)/i, cause: 'The credentials work but lack a permission or scope the connector needs.', hint: 'Grant the missing scopes or privileges to this user or app (see the connector’s setup guide).' },
  { failureClass: 'network', test: /Connection (to \S+ )?refused|ECONNREFUSED|Connection reset|Max retries exceeded/i, cause: 'The connector could not reach the service.', hint: 'Check the host and port, and that Airbyte’s network may reach it.' },
];

/** The provider's code in a connector message: a SQLSTATE, a Snowflake error number, or an HTTP status. */
function codeIn(message: string): string | undefined {
  const state = /State code: (\w{5})/.exec(message)?.[1];
  const snowflake = /Error Code: (\d+)/i.exec(message)?.[1];
  if (snowflake && snowflake !== '0') return snowflake;
  if (state) return state;
  const http = /\b([45]\d\d) (?:Client|Server) Error/.exec(message)?.[1];
  return http ? `HTTP ${http}` : undefined;
}

/** The configuration field a validation message names (`$.client_secret: …`, `required property 'x'`). */
function fieldIn(message: string): string | undefined {
  const required = /required property '([^']+)'/.exec(message)?.[1];
  if (required) return required;
  return /\$\.([\w.]+):/.exec(message)?.[1]?.split('.').at(-1);
}

export function checkFailure(message: string, jobBroke: boolean, secrets: readonly (string | undefined)[]): IntegrationError {
  const rule = RULES.find((r) => r.test.test(message));
  const failureClass = rule?.failureClass ?? (jobBroke ? 'unavailable' : 'config');
  return new IntegrationError({
    provider: 'airbyte',
    failureClass,
    code: codeIn(message),
    step: 'check',
    field: failureClass === 'config' ? fieldIn(message) : undefined,
    cause: rule?.cause ?? (jobBroke ? 'Airbyte could not finish the check.' : 'The connector reported that it cannot connect.'),
    hint: rule?.hint ?? 'Review the connector settings; the raw check log in Airbyte has the details.',
    secrets,
  });
}
