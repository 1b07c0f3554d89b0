// The shapes Tapestry reads from Airbyte's answers (public API token and workspaces; the
// configuration API's CheckConnectionRead), checked with zod so a surprise is an error, not a crash.
import { z } from 'zod';

export const accessTokenSchema = z.object({
  access_token: z.string().min(1),
  token_type: z.string().optional(),
  /** Seconds; Airbyte OSS issues 15-minute application tokens. */
  expires_in: z.number().positive().optional(),
});

export const workspacesSchema = z.object({
  data: z.array(z.object({ workspaceId: z.string().min(1), name: z.string().optional() })),
});

export const checkConnectionReadSchema = z.object({
  status: z.enum(['succeeded', 'failed']),
  message: z.string().nullish(),
  jobInfo: z
    .object({
      id: z.string(),
      /** False when the check job itself broke (a timeout), rather than the connector answering "failed". */
      succeeded: z.boolean(),
      failureReason: z.object({ failureType: z.string().optional(), externalMessage: z.string().nullish() }).nullish(),
    })
    .passthrough(),
});

export type CheckConnectionRead = z.infer<typeof checkConnectionReadSchema>;
