// Reading Airbyte-style connector JSON schemas: typed access to the keywords the catalog uses, and
// the one transformation both the form and validation rely on — making every `oneOf` an explicit
// discriminated choice.

export type SchemaNode = Record<string, unknown>;

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function propertiesOf(node: SchemaNode): [string, SchemaNode][] {
  const props = node.properties;
  if (!isRecord(props)) return [];
  return Object.entries(props).filter((entry): entry is [string, SchemaNode] => isRecord(entry[1]));
}

export function requiredOf(node: SchemaNode): string[] {
  return Array.isArray(node.required) ? node.required.filter((r): r is string => typeof r === 'string') : [];
}

export function oneOfOf(node: SchemaNode): SchemaNode[] | undefined {
  return Array.isArray(node.oneOf) && node.oneOf.length > 0 && node.oneOf.every(isRecord) ? node.oneOf : undefined;
}

/** The discriminator `withDiscriminators` recorded on a `oneOf` node, if it found one. */
export function discriminatorOf(node: SchemaNode): string | undefined {
  const d = node.discriminator;
  return isRecord(d) && typeof d.propertyName === 'string' ? d.propertyName : undefined;
}

/**
 * Keys that hold a secret although the official spec does not flag them: Airbyte's Snowflake spec
 * leaves the private key's passphrase unmarked, but a passphrase next to its key is as sensitive.
 */
const UNFLAGGED_SECRET_KEYS = new Set(['private_key_password']);

/** Whether a property holds a secret: write-only in forms, removed by redaction. */
export function isSecretProperty(key: string, node: SchemaNode): boolean {
  return node.airbyte_secret === true || UNFLAGGED_SECRET_KEYS.has(key);
}

/** The non-null JSON type a node declares (`["string","null"]` counts as `string`). */
export function typeOf(node: SchemaNode): string | undefined {
  const t = node.type;
  if (typeof t === 'string') return t;
  if (!Array.isArray(t)) return undefined;
  const nonNull = t.filter((x) => x !== 'null');
  return nonNull.length === 1 && typeof nonNull[0] === 'string' ? nonNull[0] : undefined;
}

export function numberKeyword(node: SchemaNode, ...keywords: string[]): number | undefined {
  for (const k of keywords) {
    const v = node[k];
    if (typeof v === 'number') return v;
  }
  return undefined;
}

export function stringKeyword(node: SchemaNode, keyword: string): string | undefined {
  const v = node[keyword];
  return typeof v === 'string' ? v : undefined;
}

/** A value that fixes a property in one option: its `const`, or an `enum` of exactly one value. */
function fixedValue(node: SchemaNode | undefined): string | undefined {
  if (!node) return undefined;
  if (typeof node.const === 'string') return node.const;
  if (Array.isArray(node.enum) && node.enum.length === 1 && typeof node.enum[0] === 'string') return node.enum[0];
  return undefined;
}

function propertyIn(option: SchemaNode, key: string): SchemaNode | undefined {
  const props = option.properties;
  const sub = isRecord(props) ? props[key] : undefined;
  return isRecord(sub) ? sub : undefined;
}

/**
 * The property that tells a `oneOf`'s options apart: present in every option with a fixed, distinct
 * string value (`mode: "verify-ca"`, Snowflake's single-value `auth_type` enum). Among several
 * candidates, one that every option requires wins.
 */
export function findDiscriminator(options: SchemaNode[]): string | undefined {
  const first = options[0];
  if (!first) return undefined;
  const candidates = propertiesOf(first)
    .map(([key]) => key)
    .filter((key) => {
      const values = options.map((o) => fixedValue(propertyIn(o, key)));
      return values.every((v) => v !== undefined) && new Set(values).size === options.length;
    });
  return candidates.find((key) => options.every((o) => requiredOf(o).includes(key))) ?? candidates[0];
}

/** The fixed value of the discriminator in one option (after `withDiscriminators`, its `const`). */
export function optionValue(option: SchemaNode, discriminator: string): string {
  return fixedValue(propertyIn(option, discriminator)) ?? '';
}

/** A copy of a node whose direct subschemas (properties, items, oneOf options) went through `map`. */
export function mapSubschemas(node: SchemaNode, map: (sub: SchemaNode) => SchemaNode): SchemaNode {
  const out: SchemaNode = { ...node };
  if (isRecord(node.properties)) {
    out.properties = Object.fromEntries(Object.entries(node.properties).map(([k, v]) => [k, isRecord(v) ? map(v) : v]));
  }
  if (isRecord(node.items)) out.items = map(node.items);
  const options = oneOfOf(node);
  if (options) out.oneOf = options.map(map);
  return out;
}

/**
 * A copy of the schema in which every `oneOf` whose options have a discriminator states it
 * explicitly: the OpenAPI `discriminator` keyword (so Ajv checks only the option named, and its
 * errors are that option's), the discriminator as a `const` in each option (Snowflake's options
 * only carry a one-value enum) and required in each (the form always sets it).
 */
export function withDiscriminators(node: SchemaNode): SchemaNode {
  const out = mapSubschemas(node, withDiscriminators);
  const options = oneOfOf(out);
  const discriminator = options ? findDiscriminator(options) : undefined;
  if (!options || !discriminator) return out;
  out.discriminator = { propertyName: discriminator };
  out.oneOf = options.map((option) => {
    const tag = propertyIn(option, discriminator) ?? {};
    const required = requiredOf(option);
    return {
      ...option,
      properties: { ...(option.properties as object), [discriminator]: { ...tag, const: optionValue(option, discriminator) } },
      required: required.includes(discriminator) ? required : [discriminator, ...required],
    };
  });
  return out;
}

/**
 * Whether a node is a plain nested object whose properties are flattened into the form (one with
 * `properties: {}` simply has no settings; one without `properties` is free-form JSON).
 */
export function isNestedObject(node: SchemaNode): boolean {
  return typeOf(node) === 'object' && isRecord(node.properties) && !oneOfOf(node);
}
