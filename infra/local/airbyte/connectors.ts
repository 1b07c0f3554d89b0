// The connectors the stand-in knows: their configuration schemas (the project's generated catalog,
// made from Airbyte's official API documents by scripts/contracts/airbyte-connectors.ts) and their
// definition ids, which are Airbyte's own (airbyte-platform NameToDefinitionMapper: the public API
// maps `sourceType` names to these ids and back).
import catalog from '../../../lib/pipeline/catalog/airbyte-connectors.generated.json';
import type { ActorKind } from './store';

export type JsonSchema = Record<string, unknown>;

const SCHEMAS: Record<ActorKind, Record<string, JsonSchema>> = {
  source: catalog.sources as Record<string, JsonSchema>,
  destination: catalog.destinations as Record<string, JsonSchema>,
};

const DEFINITION_IDS: Record<ActorKind, Record<string, string>> = {
  source: {
    stripe: 'e094cb9a-26de-4645-8761-65c0c425d1de',
    salesforce: 'b117307c-14b6-41aa-9422-947e34922962',
    'zendesk-support': '79c1aa37-dae3-42ae-b333-d1c105477715',
    zoom: 'cbfd9856-1322-44fb-bcf1-0b39b7a8e92e',
    hubspot: '36c891d9-4bd9-43ac-bad2-10e12756272c',
    postgres: 'decd338e-5647-4c0b-adf4-da0e75f5a750',
    faker: 'dfd88b22-b603-4c3d-aad7-3701784586b1',
  },
  destination: {
    snowflake: '424892c4-daac-4491-b35d-c6688ba547ba',
    postgres: '25c5221d-dce2-4163-ade9-739ef790f503',
  },
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
