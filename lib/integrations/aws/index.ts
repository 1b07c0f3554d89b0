export { createStsClient, type AwsCredentialsConfig } from './sts-client';
export { testAwsCredentials, type AwsIdentity } from './test-credentials';
export { isRetryableAwsError, toAwsIntegrationError } from './errors';
