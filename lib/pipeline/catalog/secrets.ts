// Which configuration values are secrets, and the configuration with them taken out: what may be
// stored in plain columns, exported to YAML or sent to the browser. Secret values themselves go to
// encrypted storage and come back only where an integration needs them.
import type { ConnectorKind, JsonObject, JsonValue } from './form-model';
import { connectorSchema } from './connectors';
import { isRecord, isSecretProperty, oneOfOf, propertiesOf, type SchemaNode } from './schema-nodes';
import { allFields, formForConnector } from './schema-to-form';

/** A property's schemas in a node and in all of its `oneOf` options (any option may be chosen). */
function propertySchemas(node: SchemaNode | undefined): Map<string, SchemaNode[]> {
  const out = new Map<string, SchemaNode[]>();
  if (!node) return out;
  for (const variant of [node, ...(oneOfOf(node) ?? [])]) {
    for (const [key, sub] of propertiesOf(variant)) out.set(key, [...(out.get(key) ?? []), sub]);
  }
  return out;
}

function redactValue(value: JsonValue, node: SchemaNode | undefined): JsonValue {
  if (Array.isArray(value)) return value.map((item) => redactValue(item, node && isRecord(node.items) ? node.items : undefined));
  if (!isRecord(value)) return value;
  const props = propertySchemas(node);
  const out: JsonObject = {};
  for (const [key, item] of Object.entries(value as JsonObject)) {
    const subs = props.get(key) ?? [];
    // A key secret in any option is dropped: the value may have been typed under that option.
    if (subs.some((sub) => isSecretProperty(key, sub))) continue;
    // A key read differently by different options is redacted under all of them at once.
    out[key] = redactValue(item, subs.length > 1 ? { oneOf: subs } : subs[0]);
  }
  return out;
}

/** The configuration with every secret value removed (at any depth, in any `oneOf` option). */
export function redactSecretsBySchema(schema: SchemaNode, config: JsonObject): JsonObject {
  return redactValue(config, schema) as JsonObject;
}

export function redactSecrets(kind: ConnectorKind, type: string, config: JsonObject): JsonObject {
  return redactSecretsBySchema(connectorSchema(kind, type), config);
}

/** Dot paths of every secret field of a connector's form, options of every choice included. */
export function secretPaths(kind: ConnectorKind, type: string): string[] {
  return [...new Set(allFields(formForConnector(kind, type).fields).filter((f) => f.secret).map((f) => f.path))];
}
