// Where a pipeline runs: the local sandbox, or the user's own AWS account and region.
import { z } from 'zod';
import { AwsRegionSchema } from './aws-regions';
import { SecretRefSchema } from './secret-ref';

export const SandboxTargetSchema = z.strictObject({ kind: z.literal('sandbox') });

export const AwsTargetSchema = z.strictObject({
  kind: z.literal('aws'),
  accountId: z.string().regex(/^\d{12}$/, 'An AWS account ID is 12 digits'),
  region: AwsRegionSchema,
  /** The access key's id: not secret (it appears in CloudTrail and error messages), kept in the spec. */
  accessKeyId: z.string().regex(/^(AKIA|ASIA)[A-Z0-9]{16}$/, 'An access key ID is 20 characters starting with AKIA'),
  /** The credential holding the access key's secret, which Tapestry deploys with. */
  credentials: SecretRefSchema,
});

export const TargetSchema = z.discriminatedUnion('kind', [SandboxTargetSchema, AwsTargetSchema], {
  error: 'Choose one of: sandbox, aws',
});

export type Target = z.infer<typeof TargetSchema>;
