// A spec as a YAML file to keep in git: a header comment, `apiVersion` and `kind`, then the spec's
// parts in the schema's order, with configuration and mapping keys sorted so the same pipeline
// always exports byte for byte the same (clean diffs). Secrets can only be references here, since
// a valid spec holds no secret values; they are written inline as `{ secret: name }`.
import { Document, isMap, visit } from 'yaml';
import { isRecord } from '@/lib/pipeline/catalog/schema-nodes';
import type { PipelineSpec } from '../pipeline';
import { API_VERSION, HEADER_COMMENT, KIND } from './envelope';

function sortedKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortedKeys);
  if (!isRecord(value)) return value;
  return Object.fromEntries(Object.keys(value).sort().map((key) => [key, sortedKeys(value[key])]));
}

/** The spec's own fields in a fixed order (as declared), configuration and mappings sorted. */
function ordered(spec: PipelineSpec): Record<string, unknown> {
  return {
    apiVersion: API_VERSION,
    kind: KIND,
    name: spec.name,
    slug: spec.slug,
    target: spec.target,
    warehouse: { type: spec.warehouse.type, config: sortedKeys(spec.warehouse.config) },
    sources: spec.sources.map(({ name, type, prefix, config, streams, schedule }) => ({ name, type, prefix, config: sortedKeys(config), streams, schedule })),
    transformation: spec.transformation,
    destinations: spec.destinations.map(({ name, type, config, mapping }) => ({ name, type, config: sortedKeys(config), mapping: sortedKeys(mapping) })),
  };
}

export function exportPipelineYaml(spec: PipelineSpec): string {
  // Optional fields left undefined are dropped rather than written as null; a value used twice
  // (one schedule for all sources) is written twice, not as an anchor and alias.
  const doc = new Document(ordered(spec), { keepUndefined: false, aliasDuplicateObjects: false });
  doc.commentBefore = HEADER_COMMENT;
  visit(doc, {
    Map(_, node) {
      if (isMap(node) && node.items.length === 1 && String((node.items[0]?.key as { value?: unknown } | undefined)?.value) === 'secret') node.flow = true;
    },
  });
  return doc.toString({ lineWidth: 0 });
}
