// The whole pipeline as Tapestry stores, exports and imports it: what the wizard builds, what the
// YAML file holds (under `apiVersion`/`kind`), and what deploy reads.
import { z } from 'zod';
import { DestinationSchema } from './destinations';
import { SourceSchema } from './sources';
import { TargetSchema } from './target';
import { TransformationSchema } from './transformation';
import { WarehouseSchema } from './warehouse';

export const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

export const NameSchema = z.string().trim().min(1, 'Required').max(100, 'Keep it under 100 characters');
export const SlugSchema = z.string().max(63).regex(SLUG_PATTERN, 'Lower-case letters, digits and single dashes, e.g. rain-shield');

export const PipelineSpecSchema = z.strictObject({
  name: NameSchema,
  slug: SlugSchema,
  target: TargetSchema,
  warehouse: WarehouseSchema,
  sources: z.array(SourceSchema).min(1, 'Add at least one source'),
  transformation: TransformationSchema,
  destinations: z.array(DestinationSchema),
});

export type PipelineSpec = z.infer<typeof PipelineSpecSchema>;
