// The parts of Grouparoo 0.9's answers this adapter reads (apps, models, sources, properties,
// schedules, destinations, runs, imports, exports), checked with zod so a surprise is an error,
// not a crash. Only what Tapestry uses is required; the rest passes through unread. Dates are
// epoch milliseconds (Grouparoo's APIData.formatDate).
import { z } from 'zod';

const options = z.record(z.string(), z.unknown());
const mapping = z.record(z.string(), z.string().nullable());
const date = z.number().nullish();

/** What every configuration object has: an id, a state (draft, ready, deleted …) and options. */
const configured = z.object({ id: z.string().min(1), state: z.string(), options, createdAt: date });

export const appSchema = configured.extend({ name: z.string(), type: z.string() });
export const modelSchema = z.object({ id: z.string().min(1), name: z.string(), type: z.string(), state: z.string(), createdAt: date });
/** `mapping`: source column → property key. */
export const sourceSchema = configured.extend({ name: z.string(), type: z.string(), appId: z.string(), modelId: z.string(), mapping });
export const propertySchema = configured.extend({ key: z.string(), type: z.string(), sourceId: z.string().nullish(), isPrimaryKey: z.boolean().nullish() });
export const scheduleSchema = configured.extend({ name: z.string(), sourceId: z.string(), recurring: z.boolean(), incremental: z.boolean().nullish() });
/** `mapping`: destination field → property key; `collection` is `model` when every record of the model is sent. */
export const destinationSchema = configured.extend({
  name: z.string(),
  type: z.string(),
  modelId: z.string(),
  app: z.object({ id: z.string() }).nullish(),
  mapping,
  collection: z.string().nullish(),
});

export const runSchema = z.object({
  id: z.string().min(1),
  /** draft → running → complete | stopped. */
  state: z.string(),
  creatorId: z.string(),
  creatorType: z.string(),
  recordsImported: z.number().nullish(),
  /** Grouparoo's summary of failed imports (`<message> (x<count>)`, joined); never shown as is. */
  error: z.string().nullish(),
  createdAt: z.number(),
});

export const countedSchema = z.object({ total: z.number() });
export const exportPageSchema = z.object({ total: z.number(), exports: z.array(z.object({ id: z.string(), createdAt: date })) });
export const recordPageSchema = z.object({ total: z.number(), records: z.array(z.object({ id: z.string() })) });
export const exportTotalsSchema = z.object({ totals: z.record(z.string(), z.number()) });
export const anySchema = z.unknown();

/** The value under `key` of an answer: `{ app: {...} }` → the app, `{ total, apps: [...] }` → the apps. */
export function under<T extends z.ZodType>(key: string, schema: T) {
  return z.object({ [key]: schema }).transform((body) => body[key] as z.infer<T>);
}
