// The browser's early field checks on the real generated Airbyte forms: what they say must be what
// the server's validateConnectorConfig says for the same input (same paths, same words), and the
// module must stay small enough for client code (no Ajv at run time, no zod, no catalog JSON).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ConnectorKind, FormField, JsonObject } from '@/lib/pipeline/catalog/form-model';
import { choiceProblem, fieldProblem, formProblems, textFromValue, valueFromText, visibleFields, visibleNodes } from '@/lib/pipeline/catalog/field-check';
import { initialConfig } from '@/lib/pipeline/catalog/initial-config';
import { allFields, formForConnector } from '@/lib/pipeline/catalog/schema-to-form';
import { validateConnectorConfig } from '@/lib/pipeline/catalog/validate-config';

function fieldOf(kind: ConnectorKind, type: string, fieldPath: string): FormField {
  const found = allFields(formForConnector(kind, type).fields).find((f) => f.path === fieldPath);
  if (!found) throw new Error(`no field ${fieldPath} in ${kind} ${type}`);
  return found;
}

function serverErrors(kind: ConnectorKind, type: string, config: JsonObject): Record<string, string> {
  const result = validateConnectorConfig(kind, type, config);
  return result.ok ? {} : result.errors;
}

const snowflake = { host: 'acme.snowflakecomputing.com', role: 'LOADER', warehouse: 'LOADING', database: 'RAW', schema: 'PUBLIC', username: 'AIRBYTE' };
const postgres = { host: 'db.internal', port: 5432, database: 'app', username: 'reader' };

// Each: a configuration as the form holds it (secrets typed as text, as validation sees them
// before they are stored) and every finding expected, from both sides.
const cases: { name: string; kind: ConnectorKind; type: string; config: JsonObject; expected: Record<string, string> }[] = [
  {
    name: 'Stripe: blank required fields, a date without its time, numbers out of range',
    kind: 'source',
    type: 'stripe',
    config: { account_id: '  ', start_date: '2024-01-01', num_workers: 50, lookback_window_days: -1, slice_range: 2.5 },
    expected: {
      account_id: 'Required',
      client_secret: 'Required',
      start_date: 'Must look like YYYY-MM-DDTHH:mm:ssZ',
      num_workers: 'Must be a whole number between 1 and 20',
      lookback_window_days: 'Must be a whole number of at least 0',
      slice_range: 'Must be a whole number of at least 1',
    },
  },
  {
    name: 'Snowflake: host pattern, unknown enum value, the chosen auth option’s missing secret',
    kind: 'destination',
    type: 'snowflake',
    config: { ...snowflake, host: 'localhost', cdc_deletion_mode: 'Purge', credentials: { auth_type: 'Username and Password' } },
    expected: {
      host: 'Must look like ACCOUNT.snowflakecomputing.com or ACCOUNT.REGION.CLOUD.snowflakecomputing.com',
      cdc_deletion_mode: 'Choose one of: Hard delete, Soft delete',
      'credentials.password': 'Required',
    },
  },
  {
    name: 'Snowflake: an auth option that does not exist',
    kind: 'destination',
    type: 'snowflake',
    config: { ...snowflake, credentials: { auth_type: 'OAuth' } },
    expected: { credentials: 'Choose one of: Key Pair Authentication, Username and Password' },
  },
  {
    name: 'Postgres source: port typed as text, a list item of the wrong type, options’ own fields',
    kind: 'source',
    type: 'postgres',
    config: {
      ...postgres,
      port: 'abc',
      schemas: ['public', 7],
      ssl_mode: { mode: 'verify-ca' },
      replication_method: { method: 'CDC', publication: 'pub', initial_waiting_seconds: 30 },
      tunnel_method: { tunnel_method: 'SSH_PASSWORD_AUTH', tunnel_host: 'bastion', tunnel_port: 'x', tunnel_user: 'u', tunnel_user_password: 'p' },
    },
    expected: {
      port: 'Must be a whole number between 0 and 65536',
      schemas: 'Item 2: Must be text',
      'ssl_mode.ca_certificate': 'Required',
      'replication_method.replication_slot': 'Required',
      'replication_method.initial_waiting_seconds': 'Must be a whole number between 120 and 2400',
      'tunnel_method.tunnel_port': 'Must be a whole number between 0 and 65536',
    },
  },
  {
    name: 'Zendesk Support: API token option without its email, a bad date, a fractional worker count',
    kind: 'source',
    type: 'zendesk-support',
    config: { subdomain: 'acme', credentials: { credentials: 'api_token', api_token: 't' }, start_date: 'yesterday', num_workers: 2.5 },
    expected: {
      'credentials.email': 'Required',
      start_date: 'Must look like YYYY-MM-DDTHH:mm:ssZ',
      num_workers: 'Must be a whole number between 1 and 40',
    },
  },
  {
    name: 'Faker: a count below its minimum, a boolean given as text',
    kind: 'source',
    type: 'faker',
    config: { count: 0, always_updated: 'yes' },
    expected: { count: 'Must be a whole number of at least 1', always_updated: 'Must be true or false' },
  },
  { name: 'HubSpot: a required choice left unanswered', kind: 'source', type: 'hubspot', config: {}, expected: { credentials: 'Required' } },
  {
    name: 'Salesforce: its looser date pattern accepts a bare day',
    kind: 'source',
    type: 'salesforce',
    config: { client_id: 'c', client_secret: 's', refresh_token: 'r', start_date: '2024-01-01' },
    expected: {},
  },
  { name: 'Faker: the configuration a new form starts from', kind: 'source', type: 'faker', config: initialConfig(formForConnector('source', 'faker')), expected: {} },
  {
    name: 'Postgres source: a new form with its required settings typed',
    kind: 'source',
    type: 'postgres',
    config: { ...initialConfig(formForConnector('source', 'postgres')), ...postgres, replication_method: { method: 'Standard' } },
    expected: {},
  },
];

describe('formProblems agrees with the server’s validateConnectorConfig', () => {
  for (const c of cases) {
    it(c.name, () => {
      expect(serverErrors(c.kind, c.type, c.config)).toEqual(c.expected);
      expect(formProblems(formForConnector(c.kind, c.type), c.config)).toEqual(c.expected);
    });
  }
});

describe('fieldProblem on single fields', () => {
  const host = fieldOf('destination', 'snowflake', 'host');
  const port = fieldOf('source', 'postgres', 'port');
  const startDate = fieldOf('source', 'stripe', 'start_date');

  it('names the expected shape with the field’s own pattern hint, and accepts real hosts', () => {
    expect(fieldProblem(host, 'localhost')).toBe(`Must look like ${host.patternHint}`);
    expect(fieldProblem(host, 'acme.eu-west-1.aws.snowflakecomputing.com')).toBeUndefined();
    expect(fieldProblem(host, 'https://acme.snowflakecomputing.com')).toBeUndefined();
  });

  it('treats blank and whitespace as missing: "Required" only for required fields', () => {
    expect(fieldProblem(host, '   ')).toBe('Required');
    expect(fieldProblem(host, undefined)).toBe('Required');
    expect(fieldProblem(startDate, '')).toBeUndefined();
  });

  it('reads integers by type and bounds, inclusive', () => {
    expect(fieldProblem(port, 'abc')).toBe('Must be a whole number between 0 and 65536');
    expect(fieldProblem(port, 65536)).toBeUndefined();
    expect(fieldProblem(port, 0)).toBeUndefined();
    expect(fieldProblem(port, 65537)).toBe('Must be a whole number between 0 and 65536');
  });

  it('checks the date-time pattern, and leaves a date with only a format to the server', () => {
    expect(fieldProblem(startDate, '2024-01-01T00:00:00Z')).toBeUndefined();
    expect(fieldProblem(startDate, '2024-01-01 00:00')).toBe('Must look like YYYY-MM-DDTHH:mm:ssZ');
    const formatOnly: FormField = { ...startDate, pattern: undefined, patternHint: undefined };
    expect(fieldProblem(formatOnly, 'next monday')).toBeUndefined();
  });

  it('counts a stored secret reference as given, never a hidden const as a problem', () => {
    const secret = fieldOf('source', 'stripe', 'client_secret');
    expect(fieldProblem(secret, { secret: 'stripe-key' })).toBeUndefined();
    expect(fieldProblem(secret, { secret: '' })).toBe('Must be text');
    expect(fieldProblem(fieldOf('source', 'stripe', 'sourceType'), 'zoom')).toBeUndefined();
  });

  it('checks enum membership by value and type, and every item of a multi-choice list', () => {
    const plugin = fieldOf('source', 'postgres', 'replication_method.plugin');
    expect(fieldProblem(plugin, 'pgoutput')).toBeUndefined();
    expect(fieldProblem(plugin, 'wal2json')).toBe('Choose one of: pgoutput');
    const multi: FormField = { ...plugin, kind: 'multi-enum' };
    expect(fieldProblem(multi, ['pgoutput', 'x'])).toBe('Item 2: Choose one of: pgoutput');
    expect(fieldProblem(multi, 'pgoutput')).toBe('Must be a list');
  });

  it('refuses JSON text that does not parse, accepts what the JSON field parsed', () => {
    const criteria = fieldOf('source', 'salesforce', 'streams_criteria');
    expect(criteria.kind).toBe('json');
    expect(fieldProblem(criteria, '[{"criteria": "contains",')).toBe('Must be valid JSON');
    expect(fieldProblem(criteria, [{ criteria: 'contains', value: 'Account' }])).toBeUndefined();
  });
});

describe('visibleFields and choices', () => {
  const form = formForConnector('destination', 'snowflake');
  const paths = (config: JsonObject) => visibleFields(form, config).map((f) => f.path);

  it('shows the chosen option’s fields only, and no hidden consts', () => {
    const keyPair = paths(initialConfig(form));
    expect(keyPair).toContain('credentials.private_key');
    expect(keyPair).not.toContain('credentials.password');
    expect(keyPair).not.toContain('destinationType');
    expect(keyPair).not.toContain('credentials.auth_type');
    const password = paths({ credentials: { auth_type: 'Username and Password' } });
    expect(password).toContain('credentials.password');
    expect(password).not.toContain('credentials.private_key');
    // The choice itself is shown, just before its option's fields.
    const nodes = visibleNodes(form, { credentials: { auth_type: 'Username and Password' } }).map((n) => n.path);
    expect(nodes.slice(nodes.indexOf('credentials'), nodes.indexOf('credentials') + 2)).toEqual(['credentials', 'credentials.password']);
  });

  it('shows no option’s fields for a choice that names none, and flags it when required', () => {
    expect(paths({}).filter((p) => p.startsWith('credentials.'))).toEqual([]);
    const hubspot = formForConnector('source', 'hubspot');
    const credentials = hubspot.fields.find((n) => n.type === 'choice');
    if (credentials?.type !== 'choice') throw new Error('HubSpot has a credentials choice');
    expect(choiceProblem(credentials, {})).toBe('Required');
    expect(choiceProblem(credentials, { credentials: { credentials_title: 'Private App Credentials' } })).toBeUndefined();
  });
});

describe('valueFromText and textFromValue', () => {
  const port = fieldOf('source', 'postgres', 'port');
  const schemas = fieldOf('source', 'postgres', 'schemas');
  const criteria = fieldOf('source', 'salesforce', 'streams_criteria');
  const number: FormField = { ...port, kind: 'number', min: undefined, max: undefined };

  it('gives numbers when they parse, the raw text when not, undefined for blank', () => {
    expect(valueFromText(port, ' 5432 ')).toBe(5432);
    expect(valueFromText(port, '54.5')).toBe('54.5');
    expect(valueFromText(port, '99999999999999999999')).toBe('99999999999999999999');
    expect(valueFromText(port, '   ')).toBeUndefined();
    expect(valueFromText(number, '-1.5e2')).toBe(-150);
    expect(valueFromText(number, '1e400')).toBe('1e400');
    expect(valueFromText(number, '1.')).toBe(1);
  });

  it('reads a list one item per line, dropping blank lines', () => {
    expect(valueFromText(schemas, 'public\n\n  sales  \n')).toEqual(['public', 'sales']);
    expect(textFromValue(schemas, ['public', 'sales'])).toBe('public\nsales');
  });

  it('parses JSON when it parses and keeps the text otherwise, so nothing typed is lost', () => {
    expect(valueFromText(criteria, '[{"criteria":"contains","value":"A"}]')).toEqual([{ criteria: 'contains', value: 'A' }]);
    expect(valueFromText(criteria, '[{"criteria":')).toBe('[{"criteria":');
    expect(valueFromText(criteria, '"text"')).toBe('"text"');
    expect(textFromValue(criteria, [{ a: 1 }])).toBe('[\n  {\n    "a": 1\n  }\n]');
    expect(textFromValue(criteria, '[{"criteria":')).toBe('[{"criteria":');
  });

  it('shows numbers and blanks as text', () => {
    expect(textFromValue(port, 5432)).toBe('5432');
    expect(textFromValue(port, undefined)).toBe('');
    expect(textFromValue(port, null)).toBe('');
  });
});

// Modules reached through run-time imports (type-only imports are erased and do not count).
function runtimeImports(entry: string): { files: Set<string>; packages: Set<string> } {
  const root = path.resolve(__dirname, '../../..');
  const files = new Set<string>();
  const packages = new Set<string>();
  const visit = (file: string) => {
    if (files.has(file)) return;
    files.add(file);
    const source = readFileSync(file, 'utf8');
    for (const match of source.matchAll(/^import\s+(type\s+)?[^;]*?from\s+'([^']+)';/gm)) {
      const [, typeOnly, specifier = ''] = match;
      if (typeOnly) continue;
      if (!specifier.startsWith('.') && !specifier.startsWith('@/')) {
        packages.add(specifier);
        continue;
      }
      const base = specifier.startsWith('@/') ? path.join(root, specifier.slice(2)) : path.resolve(path.dirname(file), specifier);
      const resolved = [base, `${base}.ts`, `${base}.tsx`].find((candidate) => /\.(tsx?|json)$/.test(candidate) && safeRead(candidate));
      if (!resolved) throw new Error(`cannot resolve ${specifier} from ${file}`);
      if (resolved.endsWith('.json')) files.add(resolved);
      else visit(resolved);
    }
  };
  visit(path.join(root, entry));
  return { files: new Set([...files].map((f) => path.relative(root, f))), packages };
}

function safeRead(file: string): boolean {
  try {
    readFileSync(file);
    return true;
  } catch {
    return false;
  }
}

describe('client safety', () => {
  it('field-check reaches only the pure catalog helpers: no Ajv at run time, no zod, no catalog JSON', () => {
    const { files, packages } = runtimeImports('lib/pipeline/catalog/field-check.ts');
    expect([...packages]).toEqual([]);
    expect([...files].sort()).toEqual(
      [
        'lib/pipeline/catalog/config-paths.ts',
        'lib/pipeline/catalog/field-check.ts',
        'lib/pipeline/catalog/field-hints.ts',
        'lib/pipeline/catalog/schema-nodes.ts',
        'lib/pipeline/catalog/validation-messages.ts',
      ].sort(),
    );
  });

  it('the connector form component brings in nothing but React, Next’s link and project files free of JSON and zod', () => {
    const { files, packages } = runtimeImports('components/wizard/connector-form/connector-form.tsx');
    expect([...packages].sort()).toEqual(['next/link', 'react']);
    expect([...files].filter((f) => f.endsWith('.json') || f.includes('validate-config') || f.includes('connectors.ts'))).toEqual([]);
  });
});
