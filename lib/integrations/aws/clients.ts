// SDK client factories for the deploy and run adapters (CloudFormation, ECS), built from the
// config they are handed (Rule 4: no env), with the SDK's own retries off, and `callAws`: one
// AWS call inside our bounds (10 s per attempt, the caller's signal, at most 3 jittered attempts)
// with every failure turned into an IntegrationError scrubbed of the secret key.
//
// Every call these adapters make is safe to send again: reads, and writes that carry a client
// token AWS deduplicates on. So besides throttling and 5xx, a dropped connection is retried too:
// it is how an accepted request whose answer was lost looks, and the same token makes the retry
// return the first answer instead of acting twice (REL-3).
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { ECSClient } from '@aws-sdk/client-ecs';
import { callSignal, stoppedError, withRetry, type CallOptions } from '../call-limits';
import { IntegrationError } from '../errors';
import { networkFailure } from '../network-errors';
import { isRetryableAwsError, toAwsIntegrationError } from './errors';
import type { AwsCredentialsConfig } from './sts-client';

function sdkConfig(config: AwsCredentialsConfig) {
  return {
    region: config.region,
    endpoint: config.endpoint,
    credentials: { accessKeyId: config.accessKeyId, secretAccessKey: config.secretAccessKey, sessionToken: config.sessionToken },
    maxAttempts: 1,
  };
}

export function createCloudFormationClient(config: AwsCredentialsConfig): CloudFormationClient {
  return new CloudFormationClient(sdkConfig(config));
}

export function createEcsClient(config: AwsCredentialsConfig): ECSClient {
  return new ECSClient(sdkConfig(config));
}

/** The values no error text may carry. */
export function awsSecrets(config: AwsCredentialsConfig): (string | undefined)[] {
  return [config.secretAccessKey, config.sessionToken];
}

/**
 * Whether AWS answered with one of these codes. The SDK names a modelled error by its exception
 * (`ChangeSetNotFoundException`) and keeps the wire code (`ChangeSetNotFound`) in `Code` when it
 * differs, so both are looked at.
 */
export function hasAwsCode(error: unknown, ...codes: string[]): boolean {
  const e = error as { name?: unknown; Code?: unknown };
  return codes.some((code) => e.name === code || e.Code === code);
}

/** The vendor's message, for recognising an outcome only (never shown or stored). */
export function awsErrorMessage(error: unknown): string {
  const message = (error as { message?: unknown }).message;
  return typeof message === 'string' ? message : '';
}

/** Throttling, 5xx, or a connection dropped before the answer arrived. */
function retryableForIdempotent(error: unknown): boolean {
  return isRetryableAwsError(error) || networkFailure(error)?.failureClass === 'network';
}

function isAbort(error: unknown): boolean {
  const name = (error as { name?: unknown }).name;
  return name === 'AbortError' || name === 'TimeoutError';
}

/**
 * One idempotent AWS call. `send` receives the signal for this attempt (pass it to the SDK as
 * `abortSignal`, so a deadline or Cancel drops the request); an outcome that is not a failure for
 * the caller (a stack that does not exist, say) should be caught inside `send` and returned.
 */
export async function callAws<T>(send: (abortSignal: AbortSignal) => Promise<T>, options: CallOptions, secrets: readonly (string | undefined)[]): Promise<T> {
  const { signal } = options;
  try {
    return await withRetry(() => send(callSignal(options)), { retryable: retryableForIdempotent, signal, provider: 'aws' });
  } catch (error) {
    if (signal?.aborted) throw stoppedError(signal, 'aws');
    if (isAbort(error)) throw new IntegrationError({ provider: 'aws', failureClass: 'timeout', secrets });
    throw toAwsIntegrationError(error, secrets);
  }
}
