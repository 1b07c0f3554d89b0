// Connector configurations: validation against the connector's schema (Ajv standing in for the
// networknt validator Airbyte uses, with its messages), secret masking on every read, and the
// merge rules of PATCH (deep merge) and of masked secrets sent back unchanged (keep the stored one).
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import type { JsonSchema } from './connectors';

/** What Airbyte shows instead of a secret value (SecretsHelpers.SECRETS_MASK). */
export const SECRET_MASK = '**********';

type JsonObject = Record<string, unknown>;

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const ajv = new Ajv({ strict: false, allErrors: true, verbose: true });
addFormats(ajv);
const compiled = new WeakMap<JsonSchema, ValidateFunction>();

function validatorFor(schema: JsonSchema): ValidateFunction {
  let fn = compiled.get(schema);
  if (!fn) {
    fn = ajv.compile(schema);
    compiled.set(schema, fn);
  }
  return fn;
}

/** `/ssl_mode/mode` → `$.ssl_mode.mode`, networknt's legacy path notation. */
function jsonPath(instancePath: string): string {
  if (!instancePath) return '$';
  return '$' + instancePath.split('/').slice(1).map((p) => '.' + p.replace(/~1/g, '/').replace(/~0/g, '~')).join('');
}

function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

/** One Ajv error in the words networknt's json-schema-validator uses. */
function describe(error: ErrorObject): string {
  const at = jsonPath(error.instancePath);
  const p = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'required':
      return `${at}: required property '${String(p.missingProperty)}' not found`;
    case 'type':
      return `${at}: ${jsonType(error.data)} found, ${String(p.type)} expected`;
    case 'enum':
      return `${at}: does not have a value in the enumeration [${(p.allowedValues as unknown[]).map(String).join(', ')}]`;
    case 'const':
      return `${at}: must be the constant value '${String(p.allowedValue)}'`;
    case 'pattern':
      return `${at}: does not match the regex pattern ${String(p.pattern)}`;
    case 'format':
      return `${at}: does not match the ${String(p.format)} pattern`;
    case 'minimum':
    case 'exclusiveMinimum':
      return `${at}: must have a minimum value of ${String(p.limit)}`;
    case 'maximum':
    case 'exclusiveMaximum':
      return `${at}: must have a maximum value of ${String(p.limit)}`;
    case 'minLength':
      return `${at}: must be at least ${String(p.limit)} characters long`;
    case 'maxLength':
      return `${at}: must be at most ${String(p.limit)} characters long`;
    case 'minItems':
      return `${at}: expected at least ${String(p.limit)} items but found ${Array.isArray(error.data) ? error.data.length : 0}`;
    case 'uniqueItems':
      return `${at}: must have only unique items in the array`;
    case 'additionalProperties':
      return `${at}: property '${String(p.additionalProperty)}' is not defined in the schema and the schema does not allow additional properties`;
    case 'oneOf':
      return `${at}: must be valid to one and only one schema, but ${Array.isArray(p.passingSchemas) ? p.passingSchemas.length : 0} are valid`;
    default:
      return `${at}: ${error.message ?? error.keyword}`;
  }
}

/**
 * Ajv reports every branch of a failed `oneOf`. When exactly one branch matches the discriminating
 * const (e.g. `ssl_mode.mode = verify-ca`), its own errors say what is wrong; otherwise the summary
 * does. Innermost `oneOf`s are resolved first.
 */
export function relevantErrors(errors: ErrorObject[]): ErrorObject[] {
  let remaining = [...errors];
  const oneOfs = errors.filter((e) => e.keyword === 'oneOf').sort((a, b) => b.schemaPath.length - a.schemaPath.length);
  for (const oneOf of oneOfs) {
    const prefix = oneOf.schemaPath + '/';
    const byBranch = new Map<string, ErrorObject[]>();
    for (const e of remaining) {
      if (!e.schemaPath.startsWith(prefix)) continue;
      const branch = e.schemaPath.slice(prefix.length).split('/')[0] ?? '';
      byBranch.set(branch, [...(byBranch.get(branch) ?? []), e]);
    }
    const matching = [...byBranch.values()].filter((list) => !list.some((e) => e.keyword === 'const' || e.keyword === 'enum'));
    const inside = new Set([...byBranch.values()].flat());
    const chosen = matching.length === 1 ? (matching[0] ?? []) : [oneOf];
    remaining = remaining.filter((e) => !inside.has(e) && e !== oneOf).concat(chosen);
  }
  return remaining;
}

/** Validation messages for a configuration, empty when it conforms. */
export function validationMessages(schema: JsonSchema, configuration: unknown): string[] {
  const validate = validatorFor(schema);
  if (validate(configuration)) return [];
  return [...new Set(relevantErrors(validate.errors ?? []).map(describe))];
}

/** The properties a schema node allows for an object value, including those of its `oneOf` variants. */
function propertySchemas(schema: unknown): Map<string, JsonObject> {
  const out = new Map<string, JsonObject>();
  if (!isObject(schema)) return out;
  const variants = Array.isArray(schema.oneOf) ? schema.oneOf : [];
  for (const node of [schema, ...variants]) {
    if (!isObject(node) || !isObject(node.properties)) continue;
    for (const [name, sub] of Object.entries(node.properties)) {
      if (isObject(sub) && !out.has(name)) out.set(name, sub);
      else if (isObject(sub) && sub.airbyte_secret === true) out.set(name, sub);
    }
  }
  return out;
}

/**
 * Walks a configuration beside its schema and rebuilds it, letting `onSecret` decide each secret
 * field's value (given its path of names).
 */
function mapSecrets(value: unknown, schema: unknown, onSecret: (value: unknown, path: string[]) => unknown, path: string[] = []): unknown {
  if (Array.isArray(value)) {
    const items = isObject(schema) ? schema.items : undefined;
    return value.map((v, i) => mapSecrets(v, items, onSecret, [...path, String(i)]));
  }
  if (!isObject(value)) return value;
  const props = propertySchemas(schema);
  const out: JsonObject = {};
  for (const [name, v] of Object.entries(value)) {
    const sub = props.get(name);
    out[name] = sub?.airbyte_secret === true ? onSecret(v, [...path, name]) : mapSecrets(v, sub, onSecret, [...path, name]);
  }
  return out;
}

/** The configuration as Airbyte returns it: every secret field masked. */
export function maskSecrets(configuration: JsonObject, schema: JsonSchema): JsonObject {
  return mapSecrets(configuration, schema, () => SECRET_MASK) as JsonObject;
}

function valueAt(root: unknown, path: string[]): unknown {
  let node = root;
  for (const key of path) node = isObject(node) || Array.isArray(node) ? (node as Record<string, unknown>)[key] : undefined;
  return node;
}

/** A client sending a masked value back means "unchanged": put the stored secret in its place. */
export function restoreMaskedSecrets(incoming: JsonObject, stored: JsonObject, schema: JsonSchema): JsonObject {
  return mapSecrets(incoming, schema, (value, path) => (value === SECRET_MASK ? (valueAt(stored, path) ?? value) : value)) as JsonObject;
}

/** Jackson's `Jsons.mergeNodes`: objects merge key by key, anything else is replaced. */
export function deepMerge(base: JsonObject, update: JsonObject): JsonObject {
  const out: JsonObject = { ...base };
  for (const [key, value] of Object.entries(update)) {
    const current = out[key];
    out[key] = isObject(current) && isObject(value) ? deepMerge(current, value) : value;
  }
  return out;
}
