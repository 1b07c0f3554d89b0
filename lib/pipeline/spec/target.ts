// Where a pipeline runs: the local sandbox, or the user's own AWS account and region.
import { z } from 'zod';
import { AwsRegionSchema } from './aws-regions';
import { SecretRefSchema } from './secret-ref';

export const SandboxTargetSchema = z.strictObject({ kind: z.literal('sandbox') });

export const AwsTargetSchema = z.strictObject({
  kind: z.literal('aws'),
  accountId: z.string().regex(/^\d{12}$/, 'An AWS account ID is 12 digits'),
  region: AwsRegionSchema,
  /** The credential holding the access key (or role) Tapestry deploys with. */
  credentials: SecretRefSchema,
});

export const TargetSchema = z.discriminatedUnion('kind', [SandboxTargetSchema, AwsTargetSchema], {
  error: 'Choose one of: sandbox, aws',
});

export type Target = z.infer<typeof TargetSchema>;
