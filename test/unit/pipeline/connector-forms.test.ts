// Schema-to-form on the real generated Airbyte connector schemas.
import { describe, expect, it } from 'vitest';
import type { FormChoice, FormField, FormNode } from '@/lib/pipeline/catalog/form-model';
import { formForConnector } from '@/lib/pipeline/catalog/schema-to-form';
import { initialConfig } from '@/lib/pipeline/catalog/initial-config';

function find(nodes: FormNode[], path: string): FormNode | undefined {
  for (const node of nodes) {
    if (node.path === path) return node;
    if (node.type === 'choice') {
      for (const option of node.options) {
        const inside = find(option.fields, path);
        if (inside) return inside;
      }
    }
  }
  return undefined;
}

function field(nodes: FormNode[], path: string): FormField {
  const node = find(nodes, path);
  if (node?.type !== 'field') throw new Error(`no field ${path}`);
  return node;
}

function choice(nodes: FormNode[], path: string): FormChoice {
  const node = find(nodes, path);
  if (node?.type !== 'choice') throw new Error(`no choice ${path}`);
  return node;
}

const visiblePaths = (nodes: FormNode[]) => nodes.filter((n) => n.type === 'choice' || n.const === undefined).map((n) => n.path);

describe('Stripe source form', () => {
  const form = formForConnector('source', 'stripe');

  it('asks for the account id and a write-only secret key, in the spec order', () => {
    expect(form.title).toBe('Stripe');
    expect(field(form.fields, 'account_id')).toMatchObject({ label: 'Account ID', kind: 'text', required: true, secret: false });
    expect(field(form.fields, 'client_secret')).toMatchObject({ label: 'Secret Key', kind: 'secret', required: true, secret: true });
    expect(visiblePaths(form.fields)).toEqual([
      'account_id',
      'client_secret',
      'start_date',
      'lookback_window_days',
      'slice_range',
      'num_workers',
      'call_rate_limit',
    ]);
  });

  it('edits the start date as a timestamp and says its shape in words', () => {
    expect(field(form.fields, 'start_date')).toMatchObject({
      kind: 'date-time',
      required: false,
      default: '2017-01-25T00:00:00Z',
      pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z$',
      patternHint: 'YYYY-MM-DDTHH:mm:ssZ',
    });
  });

  it('keeps integer bounds and defaults, and hides the connector type as a const', () => {
    expect(field(form.fields, 'num_workers')).toMatchObject({ kind: 'integer', min: 1, max: 20, default: 10 });
    expect(field(form.fields, 'sourceType')).toMatchObject({ const: 'stripe', required: true });
  });
});

describe('Salesforce source form', () => {
  const form = formForConnector('source', 'salesforce');

  it('marks the client secret and refresh token write-only but not the client id', () => {
    expect(field(form.fields, 'client_id')).toMatchObject({ kind: 'text', secret: false, required: true });
    expect(field(form.fields, 'client_secret')).toMatchObject({ kind: 'secret', secret: true, required: true });
    expect(field(form.fields, 'refresh_token')).toMatchObject({ kind: 'secret', secret: true, required: true });
  });

  it('offers the sandbox switch as a boolean defaulting to off, and hides the auth_type const', () => {
    expect(field(form.fields, 'is_sandbox')).toMatchObject({ kind: 'boolean', default: false, label: 'Sandbox' });
    expect(field(form.fields, 'auth_type')).toMatchObject({ const: 'Client', label: 'Authentication type' });
  });

  it('accepts a day or a timestamp as the start date, and falls back to JSON for the object filters', () => {
    expect(field(form.fields, 'start_date')).toMatchObject({ kind: 'date-time', patternHint: 'YYYY-MM-DD or YYYY-MM-DDTHH:mm:ssZ' });
    expect(field(form.fields, 'streams_criteria')).toMatchObject({ kind: 'json', label: 'Filter Salesforce Objects' });
  });
});

describe('Snowflake destination form', () => {
  const form = formForConnector('destination', 'snowflake');

  it('makes the authorization method a choice between key pair and username/password, discriminated by auth_type', () => {
    const auth = choice(form.fields, 'credentials');
    expect(auth).toMatchObject({ label: 'Authorization Method', discriminator: 'auth_type', group: 'connection' });
    expect(auth.options.map((o) => [o.value, o.label])).toEqual([
      ['Key Pair Authentication', 'Key Pair Authentication'],
      ['Username and Password', 'Username and Password'],
    ]);
    expect(auth.defaultOption).toBe('Key Pair Authentication');
  });

  it('gives each option its own fields, with the discriminator as a hidden const', () => {
    const [keyPair, password] = choice(form.fields, 'credentials').options;
    expect(keyPair?.fields.map((f) => f.path)).toEqual(['credentials.private_key', 'credentials.private_key_password', 'credentials.auth_type']);
    expect(field(keyPair?.fields ?? [], 'credentials.auth_type')).toMatchObject({ const: 'Key Pair Authentication', required: true });
    expect(field(keyPair?.fields ?? [], 'credentials.private_key')).toMatchObject({ kind: 'secret', multiline: true, required: true });
    // The spec leaves the key's passphrase unflagged; it is still kept write-only.
    expect(field(keyPair?.fields ?? [], 'credentials.private_key_password')).toMatchObject({ kind: 'secret', secret: true, required: false });
    expect(password?.fields.map((f) => f.path)).toEqual(['credentials.password', 'credentials.auth_type']);
    expect(field(password?.fields ?? [], 'credentials.password')).toMatchObject({ kind: 'secret', secret: true, required: true });
  });

  it('keeps the spec groups, with a hint for the host pattern', () => {
    expect(form.groups).toEqual([
      { id: 'connection', title: 'Connection' },
      { id: 'sync_behavior', title: 'Sync Behavior' },
      { id: 'advanced', title: 'Advanced' },
    ]);
    expect(field(form.fields, 'host').patternHint).toMatch(/snowflakecomputing\.com/);
    expect(field(form.fields, 'cdc_deletion_mode')).toMatchObject({
      kind: 'enum',
      group: 'sync_behavior',
      options: [
        { value: 'Hard delete', label: 'Hard delete' },
        { value: 'Soft delete', label: 'Soft delete' },
      ],
    });
  });
});

describe('Postgres destination form', () => {
  const form = formForConnector('destination', 'postgres');

  it('makes the port an integer within its range, defaulting to 5432', () => {
    expect(field(form.fields, 'port')).toMatchObject({ kind: 'integer', min: 0, max: 65536, default: 5432, required: true });
  });

  it('offers the six SSL modes as a choice on `mode`, verify-full asking for its certificates', () => {
    const ssl = choice(form.fields, 'ssl_mode');
    expect(ssl.discriminator).toBe('mode');
    expect(ssl.required).toBe(false);
    expect(ssl.options.map((o) => o.value)).toEqual(['disable', 'allow', 'prefer', 'require', 'verify-ca', 'verify-full']);
    const verifyFull = ssl.options.find((o) => o.value === 'verify-full');
    const required = (verifyFull?.fields ?? []).filter((f) => f.type === 'field' && f.required && f.const === undefined).map((f) => f.path);
    expect(required).toEqual(['ssl_mode.ca_certificate', 'ssl_mode.client_certificate', 'ssl_mode.client_key']);
    expect(choice(form.fields, 'tunnel_method').options.map((o) => o.label)).toEqual(['No Tunnel', 'SSH Key Authentication', 'Password Authentication']);
  });
});

describe('Postgres source form', () => {
  const form = formForConnector('source', 'postgres');

  it('picks the replication method the spec defaults to (CDC) and reads its min/max bounds', () => {
    const method = choice(form.fields, 'replication_method');
    expect(method.discriminator).toBe('method');
    expect(method.defaultOption).toBe('CDC');
    expect(field(form.fields, 'replication_method.initial_waiting_seconds')).toMatchObject({ kind: 'integer', min: 120, max: 2400 });
    expect(field(form.fields, 'replication_method.lsn_commit_behaviour')).toMatchObject({ kind: 'enum' });
  });

  it('edits the schemas as a list of strings and groups fields as the spec does', () => {
    expect(field(form.fields, 'schemas')).toMatchObject({ kind: 'string-list', default: ['public'], group: 'db' });
    expect(form.groups.map((g) => g.title)).toEqual(['Database', 'Authentication', 'Security', 'Advanced']);
  });
});

describe('Zoom source form (server-to-server OAuth)', () => {
  const form = formForConnector('source', 'zoom');

  it('asks for account id, client id, a secret client secret and the token endpoint, labelled from their keys', () => {
    expect(visiblePaths(form.fields)).toEqual(['account_id', 'client_id', 'client_secret', 'authorization_endpoint']);
    expect(field(form.fields, 'account_id')).toMatchObject({ label: 'Account ID', required: true, secret: false });
    expect(field(form.fields, 'client_id')).toMatchObject({ label: 'Client ID', required: true, secret: false });
    expect(field(form.fields, 'client_secret')).toMatchObject({ label: 'Client secret', kind: 'secret', secret: true, required: true });
    expect(field(form.fields, 'authorization_endpoint')).toMatchObject({
      label: 'Authorization endpoint',
      default: 'https://zoom.us/oauth/token',
      required: true,
    });
  });
});

describe('Zendesk Support source form', () => {
  const form = formForConnector('source', 'zendesk-support');

  it('offers OAuth or an API token, discriminated by the nested `credentials` const', () => {
    const auth = choice(form.fields, 'credentials');
    expect(auth.discriminator).toBe('credentials');
    expect(auth.options.map((o) => [o.value, o.label])).toEqual([
      ['oauth2.0', 'OAuth2.0'],
      ['api_token', 'API Token'],
    ]);
    const apiToken = auth.options[1]?.fields ?? [];
    expect(field(apiToken, 'credentials.email')).toMatchObject({ kind: 'text', required: true, secret: false, section: 'Authentication' });
    expect(field(apiToken, 'credentials.api_token')).toMatchObject({ kind: 'secret', required: true });
    expect(field(auth.options[0]?.fields ?? [], 'credentials.client_id')).toMatchObject({ secret: true, required: false });
  });
});

describe('initial configuration', () => {
  it('holds the defaults, the hidden consts and the default option of each choice', () => {
    expect(initialConfig(formForConnector('destination', 'snowflake'))).toEqual({
      destinationType: 'snowflake',
      cdc_deletion_mode: 'Hard delete',
      credentials: { auth_type: 'Key Pair Authentication' },
    });
    const postgres = initialConfig(formForConnector('source', 'postgres'));
    expect(postgres).toMatchObject({ port: 5432, schemas: ['public'], ssl_mode: { mode: 'disable' }, tunnel_method: { tunnel_method: 'NO_TUNNEL' } });
    expect(postgres.replication_method).toMatchObject({ method: 'CDC', plugin: 'pgoutput', initial_waiting_seconds: 1200 });
  });

  it('never shares default values between forms', () => {
    const first = initialConfig(formForConnector('source', 'postgres'));
    (first.schemas as string[]).push('changed');
    expect(initialConfig(formForConnector('source', 'postgres')).schemas).toEqual(['public']);
  });
});
