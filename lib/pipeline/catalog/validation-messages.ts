// Ajv's findings in plain words, keyed by the dotted path of the form field they belong to.
import type { ErrorObject } from 'ajv';
import { GENERIC_PATTERN_HINT, hintFor, humanizeKey } from './field-hints';
import { isRecord, numberKeyword, oneOfOf, stringKeyword, type SchemaNode } from './schema-nodes';

function segmentsOf(instancePath: string): string[] {
  return instancePath
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/**
 * The form field a finding belongs to and, for a finding inside a list, which item (1-based) and
 * setting of it. A list is one field in the form (string list, JSON), so its items' findings are
 * reported on it.
 */
export function locate(error: ErrorObject): { path: string; item?: string } {
  const segments = segmentsOf(error.instancePath);
  const params = error.params as Record<string, unknown>;
  if (error.keyword === 'required') segments.push(String(params.missingProperty));
  if (error.keyword === 'additionalProperties') segments.push(String(params.additionalProperty));
  const index = segments.findIndex((s) => /^\d+$/.test(s));
  if (index < 0) return { path: segments.join('.') || '_form' };
  const inner = segments.slice(index + 1).map(humanizeKey).join(' › ');
  const item = `Item ${Number(segments[index]) + 1}${inner ? `, ${inner}` : ''}`;
  return { path: segments.slice(0, index).join('.') || '_form', item };
}

function bounded(noun: string, node: SchemaNode): string {
  const min = numberKeyword(node, 'minimum');
  const max = numberKeyword(node, 'maximum');
  if (min !== undefined && max !== undefined) return `Must be ${noun} between ${min} and ${max}`;
  if (min !== undefined) return `Must be ${noun} of at least ${min}`;
  if (max !== undefined) return `Must be ${noun} of at most ${max}`;
  return `Must be ${noun}`;
}

function numberRule(node: SchemaNode): string {
  return bounded(node.type === 'integer' ? 'a whole number' : 'a number', node);
}

const TYPE_WORDS: Record<string, string> = {
  string: 'Must be text',
  boolean: 'Must be true or false',
  array: 'Must be a list',
  object: 'Must be a group of settings',
  null: 'Must be empty',
};

function typeRule(expected: string, node: SchemaNode): string {
  if (expected.includes('integer') || expected.includes('number')) return numberRule(node);
  return TYPE_WORDS[expected] ?? `Must be ${expected}`;
}

function shapeRule(node: SchemaNode): string {
  const hint = hintFor(stringKeyword(node, 'pattern'), stringKeyword(node, 'format'));
  return `Must look like ${hint?.hint ?? GENERIC_PATTERN_HINT}`;
}

function optionTitles(node: SchemaNode, tag: string): string[] {
  return (oneOfOf(node) ?? []).map((option) => {
    const props = isRecord(option.properties) ? option.properties : {};
    const fixed = isRecord(props[tag]) ? props[tag].const : undefined;
    return stringKeyword(option, 'title') ?? String(fixed);
  });
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

/** One finding in words a person filling the form understands. Needs Ajv's `verbose` option. */
export function describe(error: ErrorObject): string {
  const params = error.params as Record<string, unknown>;
  const node = isRecord(error.parentSchema) ? error.parentSchema : {};
  const limit = Number(params.limit);
  switch (error.keyword) {
    case 'required':
      return 'Required';
    case 'type':
      return typeRule(String(params.type), node);
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
    case 'multipleOf':
      return numberRule(node);
    case 'pattern':
    case 'format':
      return shapeRule(node);
    case 'enum':
      return `Choose one of: ${(params.allowedValues as unknown[]).map(String).join(', ')}`;
    case 'const':
      return `Must be ${String(params.allowedValue)}`;
    case 'discriminator':
      return `Choose one of: ${optionTitles(node, String(params.tag)).join(', ')}`;
    case 'oneOf':
      return 'Choose one of the options';
    case 'minLength':
      return `Must be at least ${count(limit, 'character')} long`;
    case 'maxLength':
      return `Must be at most ${count(limit, 'character')} long`;
    case 'minItems':
      return `Add at least ${count(limit, 'item')}`;
    case 'maxItems':
      return `Keep at most ${count(limit, 'item')}`;
    case 'uniqueItems':
      return 'Each value may appear only once';
    case 'additionalProperties':
      return 'Not a setting of this connector';
    default:
      return 'Is not valid';
  }
}
