// How a pipeline's objects are named in Grouparoo, and the natural keys their ids are returned
// under. Grouparoo keeps names (apps, sources, schedules, destinations, models) and property keys
// unique per instance, so each carries the pipeline's slug; a slug has no spaces and no
// underscores, so "<slug> " and "<slug>__" prefixes never match another pipeline's objects.
import { IntegrationError } from '../errors';

const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const COLUMN = /^[A-Za-z_][A-Za-z0-9_$]*$/;
const DESTINATION = /^[a-z0-9][a-z0-9_-]{0,62}$/;

export const KEYS = {
  model: 'model',
  warehouseApp: 'app:warehouse',
  source: 'source:unified_users',
  schedule: 'schedule:unified_users',
  property: (column: string) => `property:${column}`,
  destinationApp: (name: string) => `app:destination:${name}`,
  destination: (name: string) => `destination:${name}`,
} as const;

export interface PipelineNames {
  model: string;
  warehouseApp: string;
  source: string;
  schedule: string;
  propertyKey(column: string): string;
  /** The column a property key of this pipeline stands for, or undefined for another's key. */
  columnOf(propertyKey: string): string | undefined;
  destinationAppPrefix: string;
  destinationApp(name: string): string;
  destinationPrefix: string;
  destination(name: string): string;
}

function invalid(field: string, cause: string): IntegrationError {
  return new IntegrationError({ provider: 'grouparoo', failureClass: 'config', code: 'invalid-input', step: 'provision', field, cause });
}

export function pipelineNames(slug: string): PipelineNames {
  if (!SLUG.test(slug) || slug.length > 63) throw invalid('slug', 'The pipeline slug must be lower-case letters, digits and single dashes.');
  const keyPrefix = `${slug}__`;
  return {
    model: `${slug} users`,
    warehouseApp: `${slug} warehouse`,
    source: `${slug} unified users`,
    schedule: `${slug} unified users`,
    propertyKey: (column) => `${keyPrefix}${column}`,
    columnOf: (key) => (key.startsWith(keyPrefix) ? key.slice(keyPrefix.length) : undefined),
    destinationAppPrefix: `${slug} destination `,
    destinationApp: (name) => `${slug} destination ${name}`,
    destinationPrefix: `${slug} `,
    destination: (name) => `${slug} ${name}`,
  };
}

/** Columns and destination names go into keys and names as they are: refuse what would not round-trip. */
export function checkNames(columns: readonly string[], primaryKey: string, destinations: readonly { name: string; mapping: Record<string, string> }[]): void {
  for (const column of columns) if (!COLUMN.test(column)) throw invalid('unifiedUsersTable.columns', `The column name "${column}" is not a plain identifier.`);
  if (!columns.includes(primaryKey)) throw invalid('unifiedUsersTable.primaryKey', `The primary key "${primaryKey}" is not one of the table's columns.`);
  const seen = new Set<string>();
  for (const d of destinations) {
    if (!DESTINATION.test(d.name)) throw invalid('destinations.name', `The destination name "${d.name}" must be lower-case letters, digits, "_" or "-".`);
    if (seen.has(d.name)) throw invalid('destinations.name', `The destination name "${d.name}" is used twice.`);
    seen.add(d.name);
    for (const [field, column] of Object.entries(d.mapping)) {
      if (!columns.includes(column)) throw invalid('destinations.mapping', `The destination "${d.name}" maps ${field} from "${column}", which is not a unified users column.`);
    }
  }
}
