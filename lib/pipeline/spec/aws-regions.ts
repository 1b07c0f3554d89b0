// The AWS regions a pipeline can be deployed to: the commercial partition's region codes, as the
// AWS SDK's endpoint partitions list them (GovCloud and China need their own accounts and
// partitions, which Tapestry does not target).
import { z } from 'zod';

export const AWS_REGIONS = [
  'us-east-1', 'us-east-2', 'us-west-1', 'us-west-2',
  'af-south-1',
  'ap-east-1', 'ap-east-2', 'ap-south-1', 'ap-south-2',
  'ap-northeast-1', 'ap-northeast-2', 'ap-northeast-3',
  'ap-southeast-1', 'ap-southeast-2', 'ap-southeast-3', 'ap-southeast-4', 'ap-southeast-5', 'ap-southeast-6', 'ap-southeast-7',
  'ca-central-1', 'ca-west-1',
  'eu-central-1', 'eu-central-2', 'eu-north-1', 'eu-south-1', 'eu-south-2', 'eu-west-1', 'eu-west-2', 'eu-west-3',
  'il-central-1', 'me-central-1', 'me-south-1', 'mx-central-1', 'sa-east-1',
] as const;

export type AwsRegion = (typeof AWS_REGIONS)[number];

export const AwsRegionSchema = z.enum(AWS_REGIONS, { error: 'Must be an AWS region code, e.g. us-east-1' });
