// The parts of Airbyte's public-API answers that provisioning and jobs read (workspaces, sources,
// destinations, connections, jobs and their list pages), checked with zod so a surprise is an
// error, not a crash. Only what Tapestry uses is required; the rest passes through unread.
import { z } from 'zod';

/** A list answer: one page of `data`; `next` is set even on the last page, so callers stop on a short page. */
export function pageSchema<T extends z.ZodType>(item: T) {
  return z.object({ data: z.array(item), next: z.string().nullish(), previous: z.string().nullish() });
}

export const workspaceSchema = z.object({ workspaceId: z.string().min(1), name: z.string() });

/** Sources and destinations: the id field differs, the rest is alike. `createdAt` is epoch seconds. */
export const sourceSchema = z.object({ sourceId: z.string().min(1), name: z.string(), sourceType: z.string().optional(), workspaceId: z.string().optional(), createdAt: z.number().optional() });
export const destinationSchema = z.object({ destinationId: z.string().min(1), name: z.string(), destinationType: z.string().optional(), workspaceId: z.string().optional(), createdAt: z.number().optional() });

export const connectionSchema = z.object({
  connectionId: z.string().min(1),
  name: z.string(),
  sourceId: z.string(),
  destinationId: z.string(),
  workspaceId: z.string().optional(),
  status: z.string(),
  createdAt: z.number().optional(),
});

/**
 * A job as JobResponse describes it. `queued` is in Airbyte's enum though OSS reports `pending`;
 * rows and bytes are absent until an attempt exists.
 */
export const jobSchema = z.object({
  jobId: z.number().int(),
  status: z.enum(['pending', 'queued', 'running', 'incomplete', 'failed', 'succeeded', 'cancelled']),
  jobType: z.string().optional(),
  connectionId: z.string().optional(),
  startTime: z.string().optional(),
  lastUpdatedAt: z.string().nullish(),
  duration: z.string().nullish(),
  rowsSynced: z.number().nullish(),
  bytesSynced: z.number().nullish(),
});

export type AirbyteJobRead = z.infer<typeof jobSchema>;

/** A DELETE answers 204 with no body (or, for a job, the job): nothing in it is needed. */
export const anySchema = z.unknown();
