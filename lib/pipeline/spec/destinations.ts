// The reverse-ETL destinations (Grouparoo): where unified users are sent, and which unified users
// column fills each of the destination's fields.
import { z } from 'zod';
import { UNIFIED_USER_COLUMNS } from '@/lib/pipeline/catalog/grouparoo-destinations';
import { ConnectorConfigSchema } from './config';

export const DestinationSchema = z.strictObject({
  name: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,62}$/, 'Lower-case letters, digits, "_" or "-", at most 63'),
  /** Grouparoo destination type, e.g. `mailchimp`. */
  type: z.string().min(1),
  /** `{ app: {...}, destination: {...} }`: Grouparoo's app and destination options. */
  config: ConnectorConfigSchema,
  /** Destination field → unified users column. */
  mapping: z.record(z.string().min(1), z.enum(UNIFIED_USER_COLUMNS)),
});

export type Destination = z.infer<typeof DestinationSchema>;
