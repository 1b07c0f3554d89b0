// Validation of a connector configuration against the connector's own schema (Ajv), answered in
// plain words per form field. Before checking, the configuration is made what the form means:
// blank inputs are absent, hidden consts (`sourceType`, discriminators) are filled in, and a secret
// already stored counts as given when its input is left blank (write-only fields keep their value).
import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import type { ConfigValidation, ConnectorKind, JsonObject, JsonValue } from './form-model';
import { deleteAt, getAt, setInExisting } from './config-paths';
import { connectorSchema, isConnectorType, typeProperty } from './connectors';
import {
  discriminatorOf,
  isNestedObject,
  isRecord,
  mapSubschemas,
  oneOfOf,
  optionValue,
  propertiesOf,
  requiredOf,
  withDiscriminators,
  type SchemaNode,
} from './schema-nodes';
import { describe, locate } from './validation-messages';

// `strict: false`: connector specs carry Airbyte's UI keywords (order, group, airbyte_secret, …).
const ajv = new Ajv({ allErrors: true, verbose: true, strict: false, discriminator: true });
addFormats(ajv);

/**
 * The schema as validation reads it:
 * - `min`/`max` (Airbyte's Postgres source writes these for bounds the connector enforces at run
 *   time) become `minimum`/`maximum`, so a bad value is caught in the form rather than at sync;
 * - where a field has a `pattern`, its `format` is left out: the pattern is the connector's precise
 *   rule (Salesforce's start date pattern accepts a bare date that `date-time` would refuse).
 */
function forValidation(node: SchemaNode): SchemaNode {
  const out = mapSubschemas(node, forValidation);
  if (typeof out.min === 'number' && out.minimum === undefined) out.minimum = out.min;
  if (typeof out.max === 'number' && out.maximum === undefined) out.maximum = out.max;
  if (typeof out.pattern === 'string') delete out.format;
  return out;
}

const validators = new WeakMap<SchemaNode, { explicit: SchemaNode; validate: ValidateFunction }>();

function validatorFor(schema: SchemaNode): { explicit: SchemaNode; validate: ValidateFunction } {
  let entry = validators.get(schema);
  if (!entry) {
    const explicit = forValidation(withDiscriminators(schema));
    entry = { explicit, validate: ajv.compile(explicit) };
    validators.set(schema, entry);
  }
  return entry;
}

function isBlank(value: unknown): boolean {
  return value === null || value === undefined || (typeof value === 'string' && value.trim() === '');
}

/** A copy without blank inputs: an empty text box means "not given", as in Airbyte's own forms. */
function withoutBlanks(value: JsonValue): JsonValue {
  if (Array.isArray(value)) return value.filter((v) => !isBlank(v)).map(withoutBlanks);
  if (!isRecord(value)) return value;
  return Object.fromEntries(
    Object.entries(value as JsonObject)
      .filter(([, v]) => !isBlank(v))
      .map(([k, v]) => [k, withoutBlanks(v)]),
  );
}

/**
 * The option a choice's value fits when it does not name one: the only option whose required
 * settings are all there and which knows every setting given.
 */
function inferOption(options: SchemaNode[], tag: string, value: JsonObject): SchemaNode | undefined {
  const given = Object.keys(value);
  const fits = options.filter((option) => {
    const known = new Set(propertiesOf(option).map(([key]) => key));
    return requiredOf(option).every((key) => key === tag || Object.hasOwn(value, key)) && given.every((key) => known.has(key));
  });
  return fits.length === 1 ? fits[0] : undefined;
}

/**
 * Fills in, in place, what the form holds without showing: hidden consts, a choice's discriminator
 * when only one option fits, and required nested objects (the form flattens them into their
 * fields, so "absent" only means none of their fields was filled).
 */
function fillHidden(node: SchemaNode, value: JsonObject): void {
  let effective = node;
  const options = oneOfOf(node);
  const tag = discriminatorOf(node);
  if (options && tag) {
    if (value[tag] === undefined) {
      const only = inferOption(options, tag, value);
      if (only) value[tag] = optionValue(only, tag);
    }
    const chosen = options.find((option) => optionValue(option, tag) === value[tag]);
    if (!chosen) return;
    effective = chosen;
  }
  const required = new Set(requiredOf(effective));
  for (const [key, sub] of propertiesOf(effective)) {
    if (value[key] === undefined && sub.const !== undefined) value[key] = sub.const as JsonValue;
    if (value[key] === undefined && required.has(key) && isNestedObject(sub)) value[key] = {};
    const current = value[key];
    if (isRecord(current)) fillHidden(sub, current as JsonObject);
  }
}

/** Stands in for a stored secret during the check; removed before the value is returned. */
const STORED_SECRET = 'stored secret';

/** Marks blank secrets that are already stored as given; returns the paths it marked. */
function markStoredSecrets(config: JsonObject, existingSecrets: readonly string[]): Set<string> {
  const marked = new Set<string>();
  for (const path of existingSecrets) {
    if (getAt(config, path) === undefined && setInExisting(config, path, STORED_SECRET)) marked.add(path);
  }
  return marked;
}

export interface ValidateOptions {
  /** Dot paths of secrets already stored for this configuration; blank inputs keep them. */
  existingSecrets?: readonly string[];
}

/** Validates a configuration against any schema in the catalog's dialect. */
export function validateAgainstSchema(schema: SchemaNode, config: unknown, options: ValidateOptions = {}): ConfigValidation {
  if (!isRecord(config)) return { ok: false, errors: { _form: 'Must be a group of settings' } };
  const { explicit, validate } = validatorFor(schema);
  const value = withoutBlanks(config as JsonObject) as JsonObject;
  fillHidden(explicit, value);
  const marked = markStoredSecrets(value, options.existingSecrets ?? []);
  const valid = validate(value);
  for (const path of marked) deleteAt(value, path);
  const errors: Record<string, string> = {};
  for (const error of valid ? [] : (validate.errors ?? [])) {
    const { path, item } = locate(error);
    // A finding about a stored secret's stand-in (e.g. not a setting of the option now chosen) is
    // not about anything the user typed, and the stand-in is gone from the value returned.
    if (marked.has(path) || path in errors) continue;
    errors[path] = item === undefined ? describe(error) : `${item}: ${describe(error)}`;
  }
  return Object.keys(errors).length === 0 ? { ok: true, value } : { ok: false, errors };
}

/** Validates an Airbyte connector configuration from the wizard, an import or the API. */
export function validateConnectorConfig(kind: ConnectorKind, type: string, config: unknown, options: ValidateOptions = {}): ConfigValidation {
  if (!isConnectorType(kind, type)) {
    return { ok: false, errors: { [typeProperty(kind)]: `Not a ${kind} connector Tapestry offers: ${type}` } };
  }
  return validateAgainstSchema(connectorSchema(kind, type), config, options);
}
