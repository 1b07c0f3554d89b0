// The S3 bucket Airbyte stages files in on their way to the warehouse (and dbt Core keeps its
// project and artifacts in): private, encrypted, versioned, reachable over TLS only, and tidied
// by lifecycle rules so staged files do not pile up. The name is left to CloudFormation, which
// makes a globally unique one from the stack name.
import { STAGING_EXPIRY_DAYS } from './versions';
import { arnWithin, getAtt, ref } from './fn';
import type { Resources } from './types';

export const BUCKET = 'StagingBucket';
/** Where Airbyte stages files; expires after STAGING_EXPIRY_DAYS. */
export const AIRBYTE_STAGING_PREFIX = 'airbyte/';
/** Where dbt Core's project bundle and run artifacts live. */
export const DBT_PREFIX = 'dbt/';

export function stagingBucketResources(): Resources {
  const bucketArn = getAtt(BUCKET, 'Arn');
  return {
    [BUCKET]: {
      Type: 'AWS::S3::Bucket',
      Properties: {
        BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
        PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
        OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
        VersioningConfiguration: { Status: 'Enabled' },
        LifecycleConfiguration: {
          Rules: [
            { Id: 'expire-staged-files', Status: 'Enabled', Prefix: AIRBYTE_STAGING_PREFIX, ExpirationInDays: STAGING_EXPIRY_DAYS },
            {
              Id: 'tidy-versions-and-uploads',
              Status: 'Enabled',
              NoncurrentVersionExpiration: { NoncurrentDays: STAGING_EXPIRY_DAYS },
              ExpiredObjectDeleteMarker: true,
              AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 },
            },
          ],
        },
      },
      purpose: 'Staging bucket (private, encrypted, versioned; staged files expire)',
    },
    StagingBucketPolicy: {
      Type: 'AWS::S3::BucketPolicy',
      Properties: {
        Bucket: ref(BUCKET),
        PolicyDocument: {
          Version: '2012-10-17',
          Statement: [
            {
              Sid: 'DenyPlainHttp',
              Effect: 'Deny',
              Principal: '*',
              Action: 's3:*',
              Resource: [bucketArn, arnWithin(bucketArn, '/*')],
              Condition: { Bool: { 'aws:SecureTransport': 'false' } },
            },
          ],
        },
      },
      purpose: 'Refuses any request to the staging bucket that is not over TLS',
    },
  };
}
