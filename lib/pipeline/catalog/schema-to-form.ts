// From a connector's JSON schema to the form model the wizard renders. Nested objects are flattened
// into dotted paths (with their title as a section), `oneOf`s become choices, and whatever no field
// kind can express becomes a JSON field rather than disappearing.
import type { ChoiceOption, ConnectorForm, ConnectorKind, FieldKind, FieldOption, FormChoice, FormField, FormGroup, FormNode, JsonValue } from './form-model';
import { connectorSchema, connectorSummary } from './connectors';
import { GENERIC_PATTERN_HINT, hintFor, humanizeKey, placeholderFor } from './field-hints';
import {
  discriminatorOf,
  isNestedObject,
  isRecord,
  isSecretProperty,
  numberKeyword,
  oneOfOf,
  optionValue,
  propertiesOf,
  requiredOf,
  stringKeyword,
  typeOf,
  withDiscriminators,
  type SchemaNode,
} from './schema-nodes';

interface Place {
  parentPath: string;
  /** Whether the enclosing object must be present (a required field of an optional object is not). */
  parentRequired: boolean;
  group?: string;
  section?: string;
}

function joinPath(parent: string, key: string): string {
  return parent ? `${parent}.${key}` : key;
}

function labelOf(key: string, node: SchemaNode): string {
  return stringKeyword(node, 'title') ?? humanizeKey(key);
}

function enumOptions(values: unknown): FieldOption[] | undefined {
  if (!Array.isArray(values)) return undefined;
  return values.filter((v): v is string | number => typeof v === 'string' || typeof v === 'number').map((v) => ({ value: v, label: String(v) }));
}

function stringKind(key: string, node: SchemaNode): FieldKind {
  if (isSecretProperty(key, node)) return 'secret';
  if (Array.isArray(node.enum) && node.const === undefined) return 'enum';
  return hintFor(stringKeyword(node, 'pattern'), stringKeyword(node, 'format'))?.kind ?? 'text';
}

function arrayKind(node: SchemaNode): FieldKind {
  const items = isRecord(node.items) ? node.items : undefined;
  if (items && Array.isArray(items.enum)) return 'multi-enum';
  return items && typeOf(items) === 'string' ? 'string-list' : 'json';
}

function kindOf(key: string, node: SchemaNode): FieldKind {
  switch (typeOf(node)) {
    case 'string':
      return stringKind(key, node);
    case 'integer':
      return 'integer';
    case 'number':
      return 'number';
    case 'boolean':
      return 'boolean';
    case 'array':
      return arrayKind(node);
    default:
      return Array.isArray(node.enum) ? 'enum' : 'json';
  }
}

function fieldFor(key: string, node: SchemaNode, required: boolean, place: Place): FormField {
  const kind = kindOf(key, node);
  const pattern = stringKeyword(node, 'pattern');
  const patternHint = pattern ? (hintFor(pattern, stringKeyword(node, 'format'))?.hint ?? GENERIC_PATTERN_HINT) : undefined;
  const field: FormField = {
    type: 'field',
    path: joinPath(place.parentPath, key),
    key,
    label: labelOf(key, node),
    kind,
    required,
    secret: isSecretProperty(key, node),
  };
  const items = isRecord(node.items) ? node.items : {};
  const optional: Partial<FormField> = {
    multiline: node.multiline === true || undefined,
    default: node.default as JsonValue | undefined,
    const: node.const as JsonValue | undefined,
    pattern,
    patternHint,
    placeholder: placeholderFor(key),
    // `min`/`max` are what Airbyte's Postgres source writes instead of `minimum`/`maximum`.
    min: numberKeyword(node, 'minimum', 'min'),
    max: numberKeyword(node, 'maximum', 'max'),
    options: kind === 'multi-enum' ? enumOptions(items.enum) : kind === 'enum' ? enumOptions(node.enum) : undefined,
    group: place.group,
    section: place.section,
  };
  for (const [k, v] of Object.entries(optional)) if (v !== undefined) Object.assign(field, { [k]: v });
  return field;
}

function choiceFor(key: string, node: SchemaNode, options: SchemaNode[], discriminator: string, required: boolean, place: Place): FormChoice {
  const path = joinPath(place.parentPath, key);
  const label = labelOf(key, node);
  const choiceOptions: ChoiceOption[] = options.map((option) => {
    const value = optionValue(option, discriminator);
    return {
      value,
      label: stringKeyword(option, 'title') ?? value,
      fields: nodesOf(option, { parentPath: path, parentRequired: true, group: place.group, section: label }),
    };
  });
  const fallback = node.default;
  const defaultOption = choiceOptions.find((o) => o.value === fallback)?.value ?? choiceOptions[0]?.value ?? '';
  const choice: FormChoice = { type: 'choice', path, key, label, required, discriminator, defaultOption, options: choiceOptions };
  if (place.group) choice.group = place.group;
  if (place.section) choice.section = place.section;
  return choice;
}

function nodesFor(key: string, node: SchemaNode, required: boolean, place: Place): FormNode[] {
  const inPlace: Place = { ...place, group: stringKeyword(node, 'group') ?? place.group };
  const options = oneOfOf(node);
  const discriminator = discriminatorOf(node);
  if (options && discriminator) return [choiceFor(key, node, options, discriminator, required, inPlace)];
  if (!options && isNestedObject(node)) {
    return nodesOf(node, {
      parentPath: joinPath(place.parentPath, key),
      parentRequired: required,
      group: inPlace.group,
      section: labelOf(key, node),
    });
  }
  return [fieldFor(key, node, required, inPlace)];
}

/** Display order: the schema's `order`, then required before optional, then the schema's own order. */
function displayOrder(node: SchemaNode): [string, SchemaNode, boolean][] {
  const required = new Set(requiredOf(node));
  const rank = (n: SchemaNode) => numberKeyword(n, 'order') ?? Number.POSITIVE_INFINITY;
  return propertiesOf(node)
    .map(([key, sub]): [string, SchemaNode, boolean] => [key, sub, required.has(key)])
    .sort(([, a, aRequired], [, b, bRequired]) => rank(a) - rank(b) || Number(bRequired) - Number(aRequired));
}

function nodesOf(node: SchemaNode, place: Place): FormNode[] {
  return displayOrder(node).flatMap(([key, sub, required]) => nodesFor(key, sub, required && place.parentRequired, place));
}

function groupsOf(schema: SchemaNode): FormGroup[] {
  const groups = Array.isArray(schema.groups) ? schema.groups.filter(isRecord) : [];
  return groups
    .filter((g): g is { id: string } & SchemaNode => typeof g.id === 'string')
    .map((g) => ({ id: g.id, title: stringKeyword(g, 'title') ?? humanizeKey(g.id) }));
}

/** The form for any schema in the catalog's dialect (Airbyte's, also used for Grouparoo's settings). */
export function formForSchema(schema: SchemaNode, about: Pick<ConnectorForm, 'kind' | 'type' | 'title'>): ConnectorForm {
  const explicit = withDiscriminators(schema);
  return { ...about, groups: groupsOf(schema), fields: nodesOf(explicit, { parentPath: '', parentRequired: true }) };
}

const forms = new Map<string, ConnectorForm>();

/** The form of an Airbyte connector in the catalog; throws NOT_FOUND for a type not offered. */
export function formForConnector(kind: ConnectorKind, type: string): ConnectorForm {
  const cacheKey = `${kind}:${type}`;
  let form = forms.get(cacheKey);
  if (!form) {
    const schema = connectorSchema(kind, type);
    form = formForSchema(schema, { kind, type, title: connectorSummary(kind, type)?.displayName ?? type });
    forms.set(cacheKey, form);
  }
  return structuredClone(form);
}

/** Every field of a form, options' fields included, depth first. */
export function allFields(nodes: FormNode[]): FormField[] {
  return nodes.flatMap((n) => (n.type === 'field' ? [n] : n.options.flatMap((o) => allFields(o.fields))));
}
