// Properties of the whole catalog: every connector in the generated file gets a complete form, and
// form and validation agree (a form filled in as it describes validates; leaving out any required
// field it shows is reported on that field).
import { describe, expect, it } from 'vitest';
import catalog from '@/lib/pipeline/catalog/airbyte-connectors.generated.json';
import { setAt } from '@/lib/pipeline/catalog/config-paths';
import { connectorSummary, listConnectors } from '@/lib/pipeline/catalog/connectors';
import { hasPatternHint } from '@/lib/pipeline/catalog/field-hints';
import type { ConnectorKind, FieldKind, FormField, FormNode, JsonObject, JsonValue } from '@/lib/pipeline/catalog/form-model';
import { allFields, formForConnector } from '@/lib/pipeline/catalog/schema-to-form';
import { validateConnectorConfig } from '@/lib/pipeline/catalog/validate-config';
import { isAppError } from '@/lib/errors';

const CONNECTORS: [ConnectorKind, string][] = [
  ...Object.keys(catalog.sources).map((type): [ConnectorKind, string] => ['source', type]),
  ...Object.keys(catalog.destinations).map((type): [ConnectorKind, string] => ['destination', type]),
];

const KINDS: FieldKind[] = ['text', 'secret', 'integer', 'number', 'boolean', 'enum', 'multi-enum', 'string-list', 'date', 'date-time', 'json'];

/** A valid value of each shape the catalog's patterns describe, keyed by the hint shown. */
const SAMPLE_BY_HINT: Record<string, string> = {
  'YYYY-MM-DDTHH:mm:ssZ': '2024-03-01T00:00:00Z',
  'YYYY-MM-DD or YYYY-MM-DDTHH:mm:ssZ': '2024-03-01',
  'ACCOUNT.snowflakecomputing.com or ACCOUNT.REGION.CLOUD.snowflakecomputing.com': 'xy12345.eu-west-1.aws.snowflakecomputing.com',
};

function sample(field: FormField): JsonValue {
  if (field.const !== undefined) return field.const;
  switch (field.kind) {
    case 'integer':
    case 'number':
      return typeof field.default === 'number' ? field.default : (field.min ?? field.max ?? 1);
    case 'boolean':
      return true;
    case 'enum':
      return field.options?.[0]?.value ?? '';
    case 'multi-enum':
      return [field.options?.[0]?.value ?? ''];
    case 'string-list':
      return ['public'];
    case 'json':
      return field.default ?? {};
    case 'date':
      return '2024-03-01';
    default: {
      const shaped = field.patternHint === undefined ? undefined : SAMPLE_BY_HINT[field.patternHint];
      if (field.patternHint !== undefined && shaped === undefined) throw new Error(`no sample for ${field.path} (${field.patternHint})`);
      return shaped ?? (field.kind === 'date-time' ? '2024-03-01T00:00:00Z' : `value of ${field.path}`);
    }
  }
}

/** Each way of picking options: the defaults, then every option of every choice in turn. */
function picks(nodes: FormNode[]): Map<string, string>[] {
  const out: Map<string, string>[] = [new Map()];
  for (const node of nodes) {
    if (node.type !== 'choice') continue;
    for (const option of node.options) {
      out.push(new Map([[node.path, option.value]]));
      for (const inner of picks(option.fields).slice(1)) out.push(new Map([[node.path, option.value], ...inner]));
    }
  }
  return out;
}

/** Fills every required and hidden field under the options picked; returns the visible required ones. */
function fill(nodes: FormNode[], config: JsonObject, pick: Map<string, string>): FormField[] {
  return nodes.flatMap((node): FormField[] => {
    if (node.type === 'choice') {
      const value = pick.get(node.path) ?? node.defaultOption;
      return fill(node.options.find((o) => o.value === value)?.fields ?? [], config, pick);
    }
    if (!node.required && node.const === undefined) return [];
    setAt(config, node.path, sample(node));
    return node.const === undefined ? [node] : [];
  });
}

function withoutPath(config: JsonObject, path: string): JsonObject {
  const copy = structuredClone(config);
  const segments = path.split('.');
  let node = copy;
  for (const s of segments.slice(0, -1)) node = node[s] as JsonObject;
  delete node[segments.at(-1) ?? ''];
  return copy;
}

describe.each(CONNECTORS)('%s %s', (kind, type) => {
  const form = formForConnector(kind, type);
  const fields = allFields(form.fields);

  it('has a label and a known kind for every field, and words for every pattern', () => {
    expect(fields.length).toBeGreaterThan(0);
    for (const f of fields) {
      expect(f.label.trim(), f.path).not.toBe('');
      expect(KINDS, f.path).toContain(f.kind);
      if (f.pattern !== undefined) expect(hasPatternHint(f.pattern), `${f.path}: ${f.pattern}`).toBe(true);
      if (f.secret) expect(f.kind, f.path).toBe('secret');
      if (f.kind === 'enum' || f.kind === 'multi-enum') expect(f.options?.length, f.path).toBeGreaterThan(0);
    }
  });

  it('gives every choice distinct options, each fixing its discriminator as a hidden const', () => {
    const choices = form.fields.filter((n) => n.type === 'choice');
    for (const c of choices) {
      expect(new Set(c.options.map((o) => o.value)).size, c.path).toBe(c.options.length);
      expect(c.options.map((o) => o.value), c.path).toContain(c.defaultOption);
      for (const option of c.options) {
        const tag = option.fields.find((f) => f.path === `${c.path}.${c.discriminator}`);
        expect(tag?.type === 'field' && tag.const, `${c.path} ${option.value}`).toBe(option.value);
      }
    }
  });

  it('accepts the form filled in as it describes, under every option, and reports each required field left out', () => {
    for (const pick of picks(form.fields)) {
      const config: JsonObject = {};
      const required = fill(form.fields, config, pick);
      const result = validateConnectorConfig(kind, type, config);
      expect(result, JSON.stringify(config)).toMatchObject({ ok: true });
      // The hidden consts outside choices (`sourceType`, Salesforce's `auth_type`) are filled in.
      const hidden = form.fields.filter((n) => n.type === 'field' && n.const !== undefined).map((n) => n.path);
      const bare = hidden.reduce(withoutPath, config);
      expect(validateConnectorConfig(kind, type, bare)).toEqual(result);
      for (const f of required) {
        const missing = validateConnectorConfig(kind, type, withoutPath(config, f.path));
        expect(missing.ok ? {} : missing.errors, f.path).toEqual({ [f.path]: 'Required' });
      }
    }
  });
});

describe('the connector list', () => {
  it('lists exactly the generated connectors, each with a name, an icon and a category', () => {
    for (const kind of ['source', 'destination'] as const) {
      const listed = listConnectors(kind);
      expect(listed.map((c) => c.type)).toEqual(CONNECTORS.filter(([k]) => k === kind).map(([, t]) => t));
      for (const c of listed) {
        expect(c.displayName && c.iconKey && c.category, c.type).toBeTruthy();
        expect(formForConnector(kind, c.type).title).toBe(c.displayName);
      }
      expect(new Set(listed.map((c) => c.displayName)).size).toBe(listed.length);
    }
    expect(listConnectors('destination').every((c) => c.category === 'Warehouse')).toBe(true);
    expect(connectorSummary('source', 'zendesk-support')).toEqual({
      kind: 'source',
      type: 'zendesk-support',
      displayName: 'Zendesk Support',
      iconKey: 'zendesk',
      category: 'Support',
    });
  });

  it('refuses a connector type it does not offer', () => {
    expect(connectorSummary('destination', 'stripe')).toBeUndefined();
    expect(connectorSummary('source', 'toString')).toBeUndefined();
    let thrown: unknown;
    try {
      formForConnector('destination', 'stripe');
    } catch (error) {
      thrown = error;
    }
    expect(isAppError(thrown) && thrown.code).toBe('NOT_FOUND');
  });
});
