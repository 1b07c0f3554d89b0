// The browser's early answer on a connector field: checks one value against what its FormField
// carries (required, number type and bounds, pattern, options, JSON text) in the words of
// validation-messages.ts, and turns what a person typed into the value the configuration holds.
// validateConnectorConfig on the server stays the judge; this module answers on blur without Ajv,
// zod or the catalog, so it must stay client-safe (only form-model types and the pure catalog
// helpers below) and never be stricter than the server.
import type { ErrorObject } from 'ajv';
import { getAt } from './config-paths';
import type { ChoiceOption, ConnectorForm, FormChoice, FormField, FormNode, JsonObject, JsonValue } from './form-model';
import { isRecord } from './schema-nodes';
import { describe } from './validation-messages';

/** The server's words for a finding, so both sides say the same thing about the same value. */
function say(keyword: string, params: Record<string, unknown> = {}, parentSchema: Record<string, unknown> = {}): string {
  const finding: ErrorObject = { keyword, params, parentSchema, instancePath: '', schemaPath: '' };
  return describe(finding);
}

/** Blank as the server reads it: such an input means "not given" (see withoutBlanks). */
function isBlank(value: JsonValue | undefined): boolean {
  return value === null || value === undefined || (typeof value === 'string' && value.trim() === '');
}

const compiled = new Map<string, RegExp | null>();

/** The field's pattern as Ajv runs it (unicode mode); null when this browser cannot compile it. */
function patternOf(pattern: string): RegExp | null {
  let regex = compiled.get(pattern);
  if (regex === undefined) {
    try {
      regex = new RegExp(pattern, 'u');
    } catch {
      regex = null;
    }
    compiled.set(pattern, regex);
  }
  return regex;
}

/**
 * The field's pattern, the precise rule where the schema has one. A date with only a `format` is
 * left to the server (no connector in the catalog has one; ajv-formats' rules are not worth their
 * weight in the browser).
 */
function shapeProblem(field: FormField, text: string): string | undefined {
  const regex = field.pattern === undefined ? null : patternOf(field.pattern);
  // The format only picks the hint's words, as it did for the field's patternHint.
  const format = field.kind === 'date' || field.kind === 'date-time' ? field.kind : undefined;
  return regex && !regex.test(text) ? say('pattern', {}, { pattern: field.pattern, format }) : undefined;
}

function numberProblem(field: FormField, value: JsonValue): string | undefined {
  const ok =
    typeof value === 'number' &&
    Number.isFinite(value) &&
    (field.kind === 'number' || Number.isInteger(value)) &&
    (field.min === undefined || value >= field.min) &&
    (field.max === undefined || value <= field.max);
  return ok ? undefined : say('type', { type: field.kind }, { type: field.kind, minimum: field.min, maximum: field.max });
}

function optionProblem(field: FormField, value: JsonValue): string | undefined {
  const allowed = (field.options ?? []).map((o) => o.value);
  return allowed.some((a) => a === value) ? undefined : say('enum', { allowedValues: allowed });
}

/** A list's findings name the item, as the server's `locate` does. */
function listProblem(value: JsonValue, itemProblem: (item: JsonValue) => string | undefined): string | undefined {
  if (!Array.isArray(value)) return say('type', { type: 'array' });
  const items = value.filter((item) => !isBlank(item));
  for (const [index, item] of items.entries()) {
    const problem = itemProblem(item);
    if (problem) return `Item ${index + 1}: ${problem}`;
  }
  return undefined;
}

function textProblem(field: FormField, value: JsonValue): string | undefined {
  return typeof value === 'string' ? shapeProblem(field, value) : say('type', { type: 'string' });
}

/** A stored secret is a reference `{ secret: "<credential name>" }`; a typed one is text. */
function isSecretRefValue(value: JsonValue): boolean {
  return isRecord(value) && typeof value.secret === 'string' && value.secret !== '';
}

function givenValueProblem(field: FormField, value: JsonValue): string | undefined {
  switch (field.kind) {
    case 'integer':
    case 'number':
      return numberProblem(field, value);
    case 'boolean':
      return typeof value === 'boolean' ? undefined : say('type', { type: 'boolean' });
    case 'enum':
      return optionProblem(field, value);
    case 'multi-enum':
      return listProblem(value, (item) => optionProblem(field, item));
    case 'string-list':
      return listProblem(value, (item) => (typeof item === 'string' ? undefined : say('type', { type: 'string' })));
    case 'json':
      return typeof value === 'string' && parseJson(value) === undefined ? 'Must be valid JSON' : undefined;
    case 'secret':
      return isSecretRefValue(value) ? undefined : textProblem(field, value);
    default:
      return textProblem(field, value);
  }
}

/**
 * What is wrong with one field's value, in the server's words, or undefined. Hidden consts are the
 * form's own business and never a problem here.
 */
export function fieldProblem(field: FormField, value: JsonValue | undefined): string | undefined {
  if (field.const !== undefined) return undefined;
  if (value === undefined || isBlank(value)) return field.required ? say('required') : undefined;
  return givenValueProblem(field, value);
}

/** The option of a choice the configuration names; none when it names no option (or nothing). */
export function chosenOption(choice: FormChoice, config: JsonObject): ChoiceOption | undefined {
  const picked = getAt(config, `${choice.path}.${choice.discriminator}`);
  return choice.options.find((option) => option.value === picked);
}

/** A choice left unanswered (when required) or naming an option that does not exist. */
export function choiceProblem(choice: FormChoice, config: JsonObject): string | undefined {
  if (chosenOption(choice, config)) return undefined;
  const picked = getAt(config, `${choice.path}.${choice.discriminator}`);
  if (isBlank(picked)) return choice.required ? say('required') : undefined;
  return say('enum', { allowedValues: choice.options.map((o) => o.label) });
}

/** The nodes a person sees: hidden consts left out, each choice followed by its chosen option's nodes. */
function shownNodes(nodes: FormNode[], config: JsonObject): FormNode[] {
  return nodes.flatMap((node): FormNode[] => {
    if (node.type === 'field') return node.const === undefined ? [node] : [];
    return [node, ...shownNodes(chosenOption(node, config)?.fields ?? [], config)];
  });
}

/** The fields and choices currently shown, in display order. */
export function visibleNodes(form: ConnectorForm, config: JsonObject): FormNode[] {
  return shownNodes(form.fields, config);
}

/** The fields currently shown: the chosen option of each choice, consts hidden. */
export function visibleFields(form: ConnectorForm, config: JsonObject): FormField[] {
  return shownNodes(form.fields, config).filter((node): node is FormField => node.type === 'field');
}

/**
 * Every problem the form can see at once (for Next), by field path like the server's errors; an
 * empty object when there is none to report early.
 */
export function formProblems(form: ConnectorForm, config: JsonObject): Record<string, string> {
  const problems: Record<string, string> = {};
  for (const node of shownNodes(form.fields, config)) {
    const problem = node.type === 'field' ? fieldProblem(node, getAt(config, node.path)) : choiceProblem(node, config);
    if (problem) problems[node.path] = problem;
  }
  return problems;
}

function parseJson(text: string): JsonValue | undefined {
  try {
    return JSON.parse(text) as JsonValue;
  } catch {
    return undefined;
  }
}

const INTEGER_TEXT = /^[+-]?\d+$/;
const NUMBER_TEXT = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/**
 * The configuration value for what was typed into a field's text box: numbers as numbers when they
 * parse, else the raw text (so the server names the bad type and nothing typed is lost), a list one
 * item per line, JSON parsed when it parses (else kept as text), and blank as undefined.
 */
export function valueFromText(field: FormField, text: string): JsonValue | undefined {
  const trimmed = text.trim();
  if (trimmed === '') return undefined;
  switch (field.kind) {
    case 'integer': {
      const n = Number(trimmed);
      return INTEGER_TEXT.test(trimmed) && Number.isSafeInteger(n) ? n : text;
    }
    case 'number': {
      const n = Number(trimmed);
      return NUMBER_TEXT.test(trimmed) && Number.isFinite(n) ? n : text;
    }
    case 'string-list':
      return text
        .split('\n')
        .map((line) => line.trim())
        .filter(Boolean);
    case 'json': {
      // JSON of a bare string stays text like any other: a JSON field stands for lists and objects.
      const parsed = parseJson(trimmed);
      return parsed === undefined || typeof parsed === 'string' ? text : parsed;
    }
    default:
      return text;
  }
}

/** What a field's text box shows for a configuration value (the inverse of valueFromText). */
export function textFromValue(field: FormField, value: JsonValue | undefined): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (field.kind === 'string-list' && Array.isArray(value)) return value.map((item) => (typeof item === 'string' ? item : JSON.stringify(item))).join('\n');
  if (typeof value === 'object') return JSON.stringify(value, null, 2);
  return String(value);
}
