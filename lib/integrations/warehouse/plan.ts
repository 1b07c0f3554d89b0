// What one pipeline's warehouse objects are called, from its slug and the warehouse settings the
// wizard saved (the Airbyte destination's configuration). The service principal's names carry the
// pipeline so many pipelines share one account; a slug too long for the engine's identifier limit
// (or with characters a slug never has) is cut and given a short hash of the whole slug, so two
// pipelines never end up with the same role.
import { createHash } from 'node:crypto';
import { IntegrationError } from '../errors';
import { POSTGRES_MAX_IDENTIFIER, SNOWFLAKE_MAX_IDENTIFIER, postgresName, snowflakeName } from './identifiers';
import type { WarehousePlan } from './types';

const CANONICAL_SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const HASH_LENGTH = 6;

export const SNOWFLAKE_ANALYTICS_SCHEMA = 'ANALYTICS';
export const POSTGRES_ANALYTICS_SCHEMA = 'analytics';
/** Airbyte's PostgreSQL destination writes to `public` unless told otherwise. */
const POSTGRES_DEFAULT_SCHEMA = 'public';

/**
 * The slug as an identifier part that fits in `room` characters: `-` becomes `_`; anything else
 * odd also becomes `_` and earns the hash suffix (that mapping is not one-to-one), as does a cut.
 */
export function pipelinePart(slug: string, room: number, provider: 'snowflake' | 'postgres'): string {
  const cleaned = slug.toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_+|_+$/g, '');
  if (!cleaned) {
    throw new IntegrationError({ provider, failureClass: 'config', field: 'slug', cause: 'The pipeline has no usable slug for its warehouse names.', hint: 'Give the pipeline a slug with letters or digits.' });
  }
  const exact = CANONICAL_SLUG.test(slug) && cleaned.length <= room;
  if (exact) return cleaned;
  const hash = createHash('sha256').update(slug).digest('hex').slice(0, HASH_LENGTH);
  const head = cleaned.slice(0, room - HASH_LENGTH - 1).replace(/_+$/, '');
  return `${head}_${hash}`;
}

function text(config: Record<string, unknown>, key: string): string | undefined {
  const value = config[key];
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

function required(config: Record<string, unknown>, key: string, provider: 'snowflake' | 'postgres'): string {
  const value = text(config, key);
  if (value === undefined) throw new IntegrationError({ provider, failureClass: 'config', field: key, cause: `The warehouse ${key} is missing.`, hint: `Fill in the ${key} on the warehouse step.` });
  return value;
}

function snowflakePlan(slug: string, config: Record<string, unknown>): WarehousePlan {
  // TAPESTRY_ + part + _ROLE must fit; _SVC is shorter, so the role's suffix sets the room.
  const part = pipelinePart(slug, SNOWFLAKE_MAX_IDENTIFIER - 'TAPESTRY_'.length - '_ROLE'.length, 'snowflake').toUpperCase();
  return {
    kind: 'snowflake',
    database: snowflakeName(required(config, 'database', 'snowflake'), 'database'),
    rawSchema: snowflakeName(required(config, 'schema', 'snowflake'), 'schema'),
    analyticsSchema: SNOWFLAKE_ANALYTICS_SCHEMA,
    role: `TAPESTRY_${part}_ROLE`,
    user: `TAPESTRY_${part}_SVC`,
    warehouse: snowflakeName(required(config, 'warehouse', 'snowflake'), 'warehouse'),
  };
}

function postgresPlan(slug: string, config: Record<string, unknown>): WarehousePlan {
  const part = pipelinePart(slug, POSTGRES_MAX_IDENTIFIER - 'tapestry_'.length - '_svc'.length, 'postgres');
  return {
    kind: 'postgres',
    database: postgresName(required(config, 'database', 'postgres'), 'database'),
    rawSchema: postgresName(text(config, 'schema') ?? POSTGRES_DEFAULT_SCHEMA, 'schema'),
    analyticsSchema: POSTGRES_ANALYTICS_SCHEMA,
    role: `tapestry_${part}`,
    user: `tapestry_${part}_svc`,
  };
}

export function warehousePlanFor(pipelineSlug: string, warehouse: { type: 'snowflake' | 'postgres'; config: Record<string, unknown> }): WarehousePlan {
  return warehouse.type === 'snowflake' ? snowflakePlan(pipelineSlug, warehouse.config) : postgresPlan(pipelineSlug, warehouse.config);
}

/** The plan's schemas, once each (raw and analytics may be the same schema). */
export function planSchemas(plan: WarehousePlan): string[] {
  return [...new Set([plan.rawSchema, plan.analyticsSchema])];
}

/** The comment that marks an object as Tapestry's own for this pipeline: only such objects are ever dropped. */
export function ownershipMarker(plan: WarehousePlan): string {
  return `Created by Tapestry for ${plan.role}`;
}
