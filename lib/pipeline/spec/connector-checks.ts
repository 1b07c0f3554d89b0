// What a zod schema cannot say about a spec: each connector configuration against its connector's
// own schema (Airbyte's for the warehouse and sources, Grouparoo's for destinations), secrets only
// as references, a destination's required fields mapped, and names unique. Works on unparsed input
// so these findings come together with zod's, whatever else is wrong.
import { getAt, deleteAt } from '@/lib/pipeline/catalog/config-paths';
import { isConnectorType } from '@/lib/pipeline/catalog/connectors';
import type { ConfigValidation, JsonObject } from '@/lib/pipeline/catalog/form-model';
import {
  grouparooDestination,
  grouparooSecretPaths,
  isGrouparooDestinationType,
  validateGrouparooDestinationConfig,
} from '@/lib/pipeline/catalog/grouparoo-destinations';
import { isRecord } from '@/lib/pipeline/catalog/schema-nodes';
import { secretPaths } from '@/lib/pipeline/catalog/secrets';
import { validateConnectorConfig } from '@/lib/pipeline/catalog/validate-config';
import type { SpecIssue, SpecPath } from './issues';
import { isSecretRef, PLAIN_SECRET_MESSAGE } from './secret-ref';

type Validator = (config: JsonObject, existingSecrets: string[]) => ConfigValidation;

const toSegments = (dotPath: string): SpecPath => (dotPath === '_form' ? [] : dotPath.split('.'));

/**
 * Checks one configuration: every secret absent or a reference, then the rest against the
 * connector's schema, with each secret counted as given (its value is stored elsewhere).
 */
export function checkConfig(at: SpecPath, config: unknown, secrets: string[], validate: Validator): SpecIssue[] {
  if (!isRecord(config)) return [];
  const issues: SpecIssue[] = [];
  const withoutRefs = structuredClone(config) as JsonObject;
  for (const path of secrets) {
    const value = getAt(withoutRefs, path);
    if (value === undefined) continue;
    if (!isSecretRef(value)) issues.push({ path: [...at, ...toSegments(path)], message: PLAIN_SECRET_MESSAGE });
    deleteAt(withoutRefs, path);
  }
  const result = validate(withoutRefs, secrets);
  if (!result.ok) {
    for (const [path, message] of Object.entries(result.errors)) issues.push({ path: [...at, ...toSegments(path)], message });
  }
  return issues;
}

function typeOf(part: unknown): string | undefined {
  return isRecord(part) && typeof part.type === 'string' ? part.type : undefined;
}

function listOf(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

export function checkWarehouse(warehouse: unknown): SpecIssue[] {
  const type = typeOf(warehouse);
  if (!type || !isConnectorType('destination', type) || !isRecord(warehouse)) return [];
  return checkConfig(['warehouse', 'config'], warehouse.config, secretPaths('destination', type), (config, existingSecrets) =>
    validateConnectorConfig('destination', type, config, { existingSecrets }),
  );
}

export function checkSource(source: unknown, index: number): SpecIssue[] {
  const type = typeOf(source);
  if (!type || !isRecord(source)) return [];
  if (!isConnectorType('source', type)) return [{ path: ['sources', index, 'type'], message: `Not a source connector Tapestry offers: ${type}` }];
  const issues = checkConfig(['sources', index, 'config'], source.config, secretPaths('source', type), (config, existingSecrets) =>
    validateConnectorConfig('source', type, config, { existingSecrets }),
  );
  const seen = new Set<string>();
  for (const [i, stream] of listOf(source.streams).entries()) {
    const name = isRecord(stream) ? stream.name : undefined;
    if (typeof name !== 'string') continue;
    if (seen.has(name)) issues.push({ path: ['sources', index, 'streams', i, 'name'], message: `Stream "${name}" is listed twice` });
    seen.add(name);
  }
  return issues;
}

/** The destination fields Grouparoo needs mapped; a field named by a setting takes that setting's name. */
export function requiredMappingFields(type: string, config: unknown): string[] {
  if (!isGrouparooDestinationType(type)) return [];
  return grouparooDestination(type)
    .mapping.filter((field) => field.required)
    .map((field) => {
      const named = field.namedBy && isRecord(config) ? getAt(config as JsonObject, field.namedBy) : undefined;
      return typeof named === 'string' && named !== '' ? named : field.field;
    });
}

export function checkDestination(destination: unknown, index: number): SpecIssue[] {
  const type = typeOf(destination);
  if (!type || !isRecord(destination)) return [];
  if (!isGrouparooDestinationType(type)) return [{ path: ['destinations', index, 'type'], message: `Not a destination Tapestry offers: ${type}` }];
  const issues = checkConfig(['destinations', index, 'config'], destination.config, grouparooSecretPaths(type), (config, existingSecrets) =>
    validateGrouparooDestinationConfig(type, config, { existingSecrets }),
  );
  const mapping = isRecord(destination.mapping) ? destination.mapping : undefined;
  if (mapping) {
    for (const field of requiredMappingFields(type, destination.config)) {
      if (!Object.hasOwn(mapping, field)) issues.push({ path: ['destinations', index, 'mapping', field], message: `Map a unified users column to ${field}: the destination requires it` });
    }
  }
  return issues;
}

/** Names that must be unique in their list (they name Airbyte sources and Grouparoo destinations). */
export function checkUniqueNames(list: unknown, key: 'sources' | 'destinations'): SpecIssue[] {
  const seen = new Set<string>();
  const issues: SpecIssue[] = [];
  for (const [i, item] of listOf(list).entries()) {
    const name = isRecord(item) ? item.name : undefined;
    if (typeof name !== 'string') continue;
    if (seen.has(name)) issues.push({ path: [key, i, 'name'], message: `Another ${key === 'sources' ? 'source' : 'destination'} is already named "${name}"` });
    seen.add(name);
  }
  return issues;
}

export function sourcesIssues(sources: unknown): SpecIssue[] {
  return [...listOf(sources).flatMap((s, i) => checkSource(s, i)), ...checkUniqueNames(sources, 'sources')];
}

export function destinationsIssues(destinations: unknown): SpecIssue[] {
  return [...listOf(destinations).flatMap((d, i) => checkDestination(d, i)), ...checkUniqueNames(destinations, 'destinations')];
}
