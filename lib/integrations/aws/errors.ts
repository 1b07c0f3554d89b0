// AWS errors (SDK v3 service exceptions carry the error code as `name` and the HTTP status in
// `$metadata`) sorted into failure classes with a fix hint for the credential fields.
import { IntegrationError, type IntegrationErrorInit } from '../errors';
import { networkFailure } from '../network-errors';

type Mapped = Omit<IntegrationErrorInit, 'provider' | 'code' | 'secrets'>;

const UNKNOWN_KEY: Mapped = { failureClass: 'auth', field: 'accessKeyId', cause: 'AWS does not recognise this access key ID.', hint: 'Check the access key ID; it may have been deleted or deactivated in IAM.' };
const EXPIRED: Mapped = { failureClass: 'auth', field: 'sessionToken', cause: 'The temporary credentials have expired.', hint: 'Get a fresh set of temporary credentials, or use long-term keys.' };
const DENIED: Mapped = { failureClass: 'permission', cause: 'These credentials may not make this call.', hint: 'Attach a policy that allows the action to this IAM user or role.' };
const THROTTLED: Mapped = { failureClass: 'throttled' };

const BY_CODE: Record<string, Mapped> = {
  InvalidClientTokenId: UNKNOWN_KEY,
  UnrecognizedClientException: UNKNOWN_KEY,
  AuthFailure: UNKNOWN_KEY,
  SignatureDoesNotMatch: { failureClass: 'auth', field: 'secretAccessKey', cause: 'The secret access key does not match the access key ID.', hint: 'Re-enter the secret access key that belongs to this access key ID.' },
  ExpiredToken: EXPIRED,
  ExpiredTokenException: EXPIRED,
  InvalidToken: { failureClass: 'auth', field: 'sessionToken', cause: 'The session token is not valid for these keys.', hint: 'Paste the session token issued together with this access key.' },
  AccessDenied: DENIED,
  AccessDeniedException: DENIED,
  Throttling: THROTTLED,
  ThrottlingException: THROTTLED,
  RequestLimitExceeded: THROTTLED,
  InvalidAction: { failureClass: 'config', field: 'endpoint', cause: 'The endpoint does not answer as AWS STS does.', hint: 'Leave the endpoint empty for AWS, or point it at an STS-compatible endpoint.' },
};

function awsCode(error: unknown): { code?: string; status?: number } {
  const e = error as { name?: unknown; Code?: unknown; $metadata?: { httpStatusCode?: unknown } };
  const status = typeof e.$metadata?.httpStatusCode === 'number' ? e.$metadata.httpStatusCode : undefined;
  const code = typeof e.Code === 'string' ? e.Code : typeof e.name === 'string' ? e.name : undefined;
  return { code, status };
}

/** Throttling and 5xx answers: worth another try for an idempotent call. */
export function isRetryableAwsError(error: unknown): boolean {
  const { code, status } = awsCode(error);
  return (code !== undefined && BY_CODE[code]?.failureClass === 'throttled') || (status !== undefined && status >= 500);
}

export function toAwsIntegrationError(error: unknown, secrets: readonly (string | undefined)[]): IntegrationError {
  if (error instanceof IntegrationError) return error;
  const network = networkFailure(error);
  if (network) return new IntegrationError({ provider: 'aws', failureClass: network.failureClass, code: network.code, field: 'region', secrets });
  const { code, status } = awsCode(error);
  const mapped = code ? BY_CODE[code] : undefined;
  if (mapped) return new IntegrationError({ provider: 'aws', code, secrets, ...mapped });
  if (status !== undefined && status >= 500) return new IntegrationError({ provider: 'aws', failureClass: 'unavailable', code: code ?? `HTTP ${status}`, secrets });
  return new IntegrationError({
    provider: 'aws',
    failureClass: 'config',
    code: code ?? (status ? `HTTP ${status}` : undefined),
    cause: 'AWS refused the request.',
    hint: 'Check the region and endpoint, then the credentials.',
    secrets,
  });
}
