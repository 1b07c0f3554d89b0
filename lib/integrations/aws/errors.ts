// AWS errors (SDK v3 service exceptions carry the error code as `name` and the HTTP status in
// `$metadata`) sorted into failure classes with a fix hint for the credential fields.
import { IntegrationError, type IntegrationErrorInit } from '../errors';
import { networkFailure } from '../network-errors';

type Mapped = Omit<IntegrationErrorInit, 'provider' | 'code' | 'secrets'>;

const UNKNOWN_KEY: Mapped = { failureClass: 'auth', field: 'accessKeyId', cause: 'AWS does not recognise this access key ID.', hint: 'Check the access key ID; it may have been deleted or deactivated in IAM.' };
const EXPIRED: Mapped = { failureClass: 'auth', field: 'sessionToken', cause: 'The temporary credentials have expired.', hint: 'Get a fresh set of temporary credentials, or use long-term keys.' };
const DENIED: Mapped = { failureClass: 'permission', cause: 'These credentials may not make this call.', hint: 'Attach a policy that allows the action to this IAM user or role.' };
const THROTTLED: Mapped = { failureClass: 'throttled' };
const ALREADY_EXISTS: Mapped = { failureClass: 'config', cause: 'A stack or change set with this name already exists.', hint: 'Another deploy of this pipeline may be under way; wait for it, then try again.' };
const INVALID_CHANGE_SET_STATUS: Mapped = { failureClass: 'config', cause: 'The change set cannot be used in its current state (it may be still computing, obsolete or already executed).', hint: 'Review the change set again, then confirm it.' };
const CHANGE_SET_NOT_FOUND: Mapped = { failureClass: 'not_found', cause: 'The change set no longer exists.', hint: 'Prepare the deploy again to get a new change set.' };

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
  // CloudFormation (wire codes; the SDK's exception names follow below where they differ).
  AlreadyExistsException: ALREADY_EXISTS,
  InsufficientCapabilitiesException: { failureClass: 'config', cause: 'The stack template creates IAM resources, and the request did not acknowledge it.', hint: 'Deploy again; if it persists, report it: the request should carry the IAM capabilities.' },
  LimitExceededException: { failureClass: 'config', cause: 'An AWS account quota was reached (stacks, change sets or resources).', hint: 'Delete unused stacks in this region, or ask AWS for a higher quota.' },
  TokenAlreadyExistsException: { failureClass: 'config', cause: 'This request’s token was already used for a different request.', hint: 'Start the operation again; it will use a new token.' },
  InvalidChangeSetStatus: INVALID_CHANGE_SET_STATUS,
  InvalidChangeSetStatusException: INVALID_CHANGE_SET_STATUS,
  ChangeSetNotFound: CHANGE_SET_NOT_FOUND,
  ChangeSetNotFoundException: CHANGE_SET_NOT_FOUND,
  // ECS
  ClusterNotFoundException: { failureClass: 'not_found', cause: 'The ECS cluster does not exist in this account and region.', hint: 'Deploy the pipeline’s stack again; it creates the cluster.' },
  InvalidParameterException: { failureClass: 'config', cause: 'ECS refused the task request as invalid.', hint: 'Check the task definition, subnets and security groups of the pipeline’s stack.' },
  ClientException: { failureClass: 'config', cause: 'ECS refused the request (a task definition or resource it names may not exist).', hint: 'Deploy the pipeline’s stack again, then retry.' },
  ServerException: { failureClass: 'unavailable' },
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
