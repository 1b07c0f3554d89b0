// The one error every integration adapter throws: a failure class the UI can explain (UX-1: DNS,
// TLS, auth, permission, warehouse, role …), the provider's own error code, and a cause and a fix
// hint written by us. A vendor's message never travels in it (Rule 3: it may echo a host, a user
// name or worse), only its code; whatever we do write from the user's configuration is scrubbed
// of the configuration's secrets before it is stored (Rule 2).

export const FAILURE_CLASSES = [
  /** The host name does not resolve. */
  'dns',
  /** The TLS handshake failed: certificate not trusted, wrong host name, SSL refused. */
  'tls',
  /** The host resolved but the connection was refused, reset or dropped. */
  'network',
  /** No answer within the time allowed. */
  'timeout',
  /** The credentials were refused (wrong password or key, expired token, locked user). */
  'auth',
  /** The credentials are valid but lack a grant or a role this needs. */
  'permission',
  /** A named object (database, warehouse, workspace, connector) does not exist. */
  'not_found',
  /** The configuration itself is incomplete or invalid. */
  'config',
  /** The provider asked us to slow down, and kept asking after our retries. */
  'throttled',
  /** The provider failed on its side (5xx, maintenance, overloaded), after our retries. */
  'unavailable',
  /** The user (or the caller) cancelled the test. */
  'cancelled',
] as const;

export type FailureClass = (typeof FAILURE_CLASSES)[number];

export type IntegrationProvider = 'aws' | 'snowflake' | 'postgres' | 'airbyte' | 'dbt_cloud' | 'grouparoo';

/** Where in a test the failure happened, for the message that names the failing step. */
export type IntegrationStep = 'connect' | 'login' | 'query' | 'warehouse' | 'role' | 'token' | 'check' | 'provision' | 'sync' | 'transform' | 'bootstrap' | 'teardown';

export interface IntegrationErrorInit {
  provider: IntegrationProvider;
  failureClass: FailureClass;
  /** The provider's code as it sent it: `390100`, `28P01`, `InvalidClientTokenId`, `HTTP 401`, `ENOTFOUND`. */
  code?: string;
  /** What went wrong, in our words (defaults to the class's generic cause). */
  cause?: string;
  /** What the user can do about it (defaults to the class's generic hint). */
  hint?: string;
  /** The configuration field the failure points at (`password`, `role`, `warehouse`, `host` …). */
  field?: string;
  step?: IntegrationStep;
  /** Secret values of the configuration, removed from every text this error carries. */
  secrets?: readonly (string | undefined)[];
}

const GENERIC: Record<FailureClass, { cause: string; hint: string }> = {
  dns: { cause: 'The host name could not be resolved.', hint: 'Check the host or account name for typos, and that this server can resolve it.' },
  tls: { cause: 'A secure (TLS) connection could not be established.', hint: 'Check the SSL mode and the CA certificate, and that the host name matches the server certificate.' },
  network: { cause: 'The server could not be reached: the connection was refused or dropped.', hint: 'Check the host and port, and that a firewall or allow-list lets this server in.' },
  timeout: { cause: 'The server did not answer in time.', hint: 'Check the host and port and any firewall; if the server is just slow, try again.' },
  auth: { cause: 'The credentials were refused.', hint: 'Re-enter the credentials; they may be mistyped, rotated or expired.' },
  permission: { cause: 'The credentials work but lack a permission this needs.', hint: 'Grant the missing privilege or role to this user, or use another one.' },
  not_found: { cause: 'Something the configuration names does not exist, or is not visible to this user.', hint: 'Check the name, and that this user is allowed to see it.' },
  config: { cause: 'The configuration is incomplete or invalid.', hint: 'Correct the highlighted fields and test again.' },
  throttled: { cause: 'The provider is rate-limiting requests.', hint: 'Wait a minute and test again.' },
  unavailable: { cause: 'The provider failed on its side.', hint: 'Try again shortly; if it persists, check the provider’s status page.' },
  cancelled: { cause: 'The test was cancelled before it finished.', hint: 'Run the test again when ready.' },
};

const MIN_SECRET_LENGTH = 4;

/** Replaces every occurrence of each secret (and its URL-encoded form) with a mask. */
export function scrubSecrets(text: string, secrets: readonly (string | undefined)[]): string {
  let out = text;
  for (const secret of secrets) {
    if (!secret || secret.length < MIN_SECRET_LENGTH) continue;
    for (const form of new Set([secret, encodeURIComponent(secret)])) out = out.split(form).join('••••');
  }
  return out;
}

export class IntegrationError extends Error {
  override name = 'IntegrationError';
  readonly provider: IntegrationProvider;
  readonly failureClass: FailureClass;
  readonly code: string | undefined;
  /** What went wrong, in our words (never the vendor's message). */
  override readonly cause: string;
  readonly hint: string;
  readonly field: string | undefined;
  readonly step: IntegrationStep | undefined;

  constructor(init: IntegrationErrorInit) {
    const secrets = init.secrets ?? [];
    const generic = GENERIC[init.failureClass];
    const cause = scrubSecrets(init.cause ?? generic.cause, secrets);
    const code = init.code === undefined ? undefined : scrubSecrets(init.code, secrets);
    super(code ? `${cause} (${init.provider} ${code})` : cause);
    this.provider = init.provider;
    this.failureClass = init.failureClass;
    this.code = code;
    this.cause = cause;
    this.hint = scrubSecrets(init.hint ?? generic.hint, secrets);
    this.field = init.field;
    this.step = init.step;
  }

  /** What may be shown to the user or stored: no stack, no vendor text. */
  toJSON() {
    return { provider: this.provider, failureClass: this.failureClass, code: this.code, cause: this.cause, hint: this.hint, field: this.field, step: this.step };
  }
}

export function isIntegrationError(error: unknown): error is IntegrationError {
  return error instanceof IntegrationError;
}
