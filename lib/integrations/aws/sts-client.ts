// The STS client factory: everything it needs is passed in (Rule 4: adapters never read env), the
// endpoint included, so the sandbox's AWS stand-in and real AWS are reached the same way. The
// SDK's own retries are off: the adapters retry themselves, within the 10 s / 30 s bounds.
import { STSClient } from '@aws-sdk/client-sts';

export interface AwsCredentialsConfig {
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  /** `http://127.0.0.1:PORT` for the sandbox; absent = AWS's own endpoint for the region. */
  endpoint?: string;
}

export function createStsClient(config: AwsCredentialsConfig): STSClient {
  return new STSClient({
    region: config.region,
    endpoint: config.endpoint,
    credentials: { accessKeyId: config.accessKeyId, secretAccessKey: config.secretAccessKey, sessionToken: config.sessionToken },
    maxAttempts: 1,
  });
}
