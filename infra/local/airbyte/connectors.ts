// The connectors the stand-in knows: their configuration schemas (the project's generated catalog,
// made from Airbyte's official API documents by scripts/contracts/airbyte-connectors.ts) and their
// definition ids, which are Airbyte's own (airbyte-platform NameToDefinitionMapper: the public API
// maps `sourceType` names to these ids and back).
import { DESTINATION_DEFINITION_IDS, SOURCE_DEFINITION_IDS } from '../../../lib/integrations/airbyte/definitions';
import catalog from '../../../lib/pipeline/catalog/airbyte-connectors.generated.json';
import type { ActorKind } from './store';

export type JsonSchema = Record<string, unknown>;

const SCHEMAS: Record<ActorKind, Record<string, JsonSchema>> = {
  source: catalog.sources as Record<string, JsonSchema>,
  destination: catalog.destinations as Record<string, JsonSchema>,
};

// The product needs the same ids for Airbyte's check calls; one table, kept with the product.
const DEFINITION_IDS: Record<ActorKind, Readonly<Record<string, string>>> = {
  source: SOURCE_DEFINITION_IDS,
  destination: DESTINATION_DEFINITION_IDS,
};

/** The configuration field that names the connector type. */
export function typeField(kind: ActorKind): 'sourceType' | 'destinationType' {
  return kind === 'source' ? 'sourceType' : 'destinationType';
}

export function connectorSchema(kind: ActorKind, type: string): JsonSchema | undefined {
  return Object.hasOwn(SCHEMAS[kind], type) ? SCHEMAS[kind][type] : undefined;
}

export function definitionIdFor(kind: ActorKind, type: string): string | undefined {
  return DEFINITION_IDS[kind][type];
}

export function typeForDefinition(kind: ActorKind, definitionId: string): string | undefined {
  return Object.entries(DEFINITION_IDS[kind]).find(([, id]) => id === definitionId)?.[0];
}

export function connectorTypes(kind: ActorKind): string[] {
  return Object.keys(SCHEMAS[kind]);
}
