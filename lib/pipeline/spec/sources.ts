// The Airbyte sources: a connector, its configuration, the streams to sync with their sync modes,
// and when syncs run.
import { z } from 'zod';
import { ConnectorConfigSchema } from './config';
import { cronProblem, isTimeZone } from './cron';

/** The combined sync modes (source × destination) a Tapestry pipeline offers, named as Airbyte names them. */
export const SYNC_MODES = ['full_refresh_overwrite', 'full_refresh_append', 'incremental_append', 'incremental_deduped_history'] as const;
export type SyncMode = (typeof SYNC_MODES)[number];

const FieldPath = z.array(z.string().min(1)).min(1);

export const StreamSchema = z.strictObject({
  name: z.string().min(1),
  syncMode: z.enum(SYNC_MODES),
  /** The field incremental syncs resume from (nested fields as a path); the source's own cursor when absent. */
  cursorField: FieldPath.optional(),
  /** The fields deduplicated rows are keyed by; the source's own primary key when absent. */
  primaryKey: z.array(FieldPath).min(1).optional(),
});

export const ScheduleSchema = z.discriminatedUnion(
  'kind',
  [
    z.strictObject({ kind: z.literal('manual') }),
    z.strictObject({
      kind: z.literal('cron'),
      expression: z.string().superRefine((value, ctx) => {
        const problem = cronProblem(value);
        if (problem) ctx.addIssue({ code: 'custom', message: problem });
      }),
      timezone: z.string().refine(isTimeZone, 'Must be an IANA time zone, e.g. UTC or Europe/Paris'),
    }),
  ],
  { error: 'Choose one of: manual, cron' },
);

const NAME = /^[a-z0-9][a-z0-9_-]{0,62}$/;

export const SourceSchema = z.strictObject({
  /** Unique within the pipeline; names the Airbyte source and connection. */
  name: z.string().regex(NAME, 'Lower-case letters, digits, "_" or "-", at most 63'),
  /** Airbyte's source type (`sourceType`), e.g. `stripe`. */
  type: z.string().min(1),
  config: ConnectorConfigSchema,
  /**
   * Prepended to each stream's table name in the warehouse (Airbyte's connection `prefix`), so two
   * sources with a stream of the same name (Zoom and Zendesk both have `users`) land apart.
   */
  prefix: z.string().regex(/^[a-z0-9_]{0,30}$/, 'Lower-case letters, digits or "_", at most 30').optional(),
  /** The streams to sync; all of the source's streams in their default modes when absent. */
  streams: z.array(StreamSchema).optional(),
  schedule: ScheduleSchema,
});

export type Stream = z.infer<typeof StreamSchema>;
export type Schedule = z.infer<typeof ScheduleSchema>;
export type Source = z.infer<typeof SourceSchema>;
