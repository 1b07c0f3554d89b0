// Generates lib/pipeline/catalog/airbyte-connectors.generated.json from Airbyte's official API
// documents (../shared/specs/airbyte-api-sources.yaml and airbyte-api-destinations.yaml): the
// configuration schema of each connector Tapestry offers, keyed by connector type (the
// `sourceType` / `destinationType` const value), with the prose taken out.
//
//   node --import tsx scripts/contracts/airbyte-connectors.ts [specsDir]
//
// Kept: field names, types, required lists, enums and consts, oneOf variants, defaults,
// `airbyte_secret`, `order`, `title`, `group`, patterns, formats and bounds — what validation and
// the wizard's forms need. Dropped: `description` and `examples` (prose for people) and Speakeasy's
// `x-speakeasy-*` SDK-generator annotations (not part of the connector specification).
// The Airbyte stand-in validates configurations against the output, and a contract test checks that
// the committed file still equals what this script makes from the official documents.
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';

/** The connectors Tapestry's wizard offers, by kind and connector type. */
export const CONNECTOR_TYPES = {
  sources: ['stripe', 'salesforce', 'zendesk-support', 'zoom', 'hubspot', 'postgres', 'faker'],
  destinations: ['snowflake', 'postgres'],
} as const;

export const CATALOG_OUTPUT = 'lib/pipeline/catalog/airbyte-connectors.generated.json';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

function isObject(value: Json | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isDropped(keyword: string): boolean {
  return keyword === 'description' || keyword === 'examples' || keyword.startsWith('x-speakeasy-');
}

/**
 * Removes prose from one connector schema. It walks only the places where subschemas live
 * (`properties` values, `items`, `oneOf`/`anyOf`/`allOf` members, `additionalProperties`), so a
 * connector field that happens to be called `description` keeps its name.
 */
export function withoutProse(schema: Json): Json {
  if (!isObject(schema)) return schema;
  const out: JsonObject = {};
  for (const [keyword, value] of Object.entries(schema)) {
    if (isDropped(keyword)) continue;
    if (keyword === 'properties' && isObject(value)) {
      out[keyword] = Object.fromEntries(Object.entries(value).map(([field, sub]) => [field, withoutProse(sub)]));
    } else if ((keyword === 'oneOf' || keyword === 'anyOf' || keyword === 'allOf') && Array.isArray(value)) {
      out[keyword] = value.map(withoutProse);
    } else if (keyword === 'items' || keyword === 'additionalProperties') {
      out[keyword] = Array.isArray(value) ? value.map(withoutProse) : withoutProse(value);
    } else {
      out[keyword] = value;
    }
  }
  return out;
}

function componentSchemas(file: string): JsonObject {
  const doc = YAML.parse(readFileSync(file, 'utf8')) as Json;
  const schemas = isObject(doc) && isObject(doc.components) ? doc.components.schemas : undefined;
  if (!isObject(schemas)) throw new Error(`${file}: no components.schemas`);
  return schemas;
}

function connectorSchema(schemas: JsonObject, name: string, constField: string, type: string): Json {
  const schema = schemas[name];
  if (!isObject(schema) || !isObject(schema.properties)) throw new Error(`no schema ${name}`);
  const marker = schema.properties[constField];
  if (!isObject(marker) || marker.const !== type) throw new Error(`${name}: ${constField} is not the const ${type}`);
  return withoutProse(schema);
}

/** The catalog's JSON text (what the committed file must equal). */
export function generateAirbyteConnectorCatalog(specsDir: string): string {
  const sourceSchemas = componentSchemas(path.join(specsDir, 'airbyte-api-sources.yaml'));
  const destinationSchemas = componentSchemas(path.join(specsDir, 'airbyte-api-destinations.yaml'));
  const catalog = {
    sources: Object.fromEntries(
      CONNECTOR_TYPES.sources.map((type) => [type, connectorSchema(sourceSchemas, `source-${type}`, 'sourceType', type)]),
    ),
    destinations: Object.fromEntries(
      CONNECTOR_TYPES.destinations.map((type) => [
        type,
        connectorSchema(destinationSchemas, `destination-${type}`, 'destinationType', type),
      ]),
    ),
  };
  return JSON.stringify(catalog, null, 2) + '\n';
}

function main(script: string): void {
  const repoRoot = path.resolve(script, '../../..');
  const specsDir = path.resolve(process.argv[2] ?? path.join(repoRoot, '../shared/specs'));
  const out = path.join(repoRoot, CATALOG_OUTPUT);
  mkdirSync(path.dirname(out), { recursive: true });
  writeFileSync(out, generateAirbyteConnectorCatalog(specsDir));
  console.log(`wrote ${CATALOG_OUTPUT}`);
}

// Run as a script (not when a test imports the generator).
const script = process.argv[1];
if (script && /airbyte-connectors\.ts$/.test(script)) main(script);
