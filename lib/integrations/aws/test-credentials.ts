// "Test connection" for AWS credentials: STS GetCallerIdentity, which any valid key may call (it
// needs no IAM permission), so a failure here is about the key itself, the endpoint or the network.
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { callSignal, stoppedError, withRetry, type CallOptions } from '../call-limits';
import { IntegrationError } from '../errors';
import { isRetryableAwsError, toAwsIntegrationError } from './errors';
import { createStsClient, type AwsCredentialsConfig } from './sts-client';

export interface AwsIdentity {
  accountId: string;
  arn: string;
}

export async function testAwsCredentials(config: AwsCredentialsConfig, options: CallOptions = {}): Promise<AwsIdentity> {
  const secrets = [config.secretAccessKey, config.sessionToken];
  const client = createStsClient(config);
  const { signal } = options;
  try {
    const identity = await withRetry(
      // The SDK destroys the HTTP request when the signal fires, so the server sees the disconnect.
      () => client.send(new GetCallerIdentityCommand({}), { abortSignal: callSignal(options) }),
      { retryable: isRetryableAwsError, signal, provider: 'aws' },
    );
    if (!identity.Account || !identity.Arn) {
      throw new IntegrationError({ provider: 'aws', failureClass: 'unavailable', cause: 'STS answered without an account or ARN.', secrets });
    }
    return { accountId: identity.Account, arn: identity.Arn };
  } catch (error) {
    if (signal?.aborted) throw stoppedError(signal, 'aws', 'connect');
    if (isAbort(error)) throw new IntegrationError({ provider: 'aws', failureClass: 'timeout', step: 'connect', secrets });
    throw toAwsIntegrationError(error, secrets);
  } finally {
    client.destroy();
  }
}

/** The SDK's answer to an aborted request (here: the per-call deadline, since the caller's signal did not fire). */
function isAbort(error: unknown): boolean {
  const name = (error as { name?: unknown }).name;
  return name === 'AbortError' || name === 'TimeoutError';
}
