// Pure logic of the Airbyte stand-in: configuration validation messages and secret masking, cron
// rules, Java-style times, sync-mode combinations, deterministic overlapping records, sync plans,
// pagination links, forced check failures, and the catalog generator's prose stripping.
import { describe, expect, it } from 'vitest';
import { CheckFailurePlan } from '@/infra/local/airbyte/check-failures';
import { deepMerge, maskSecrets, restoreMaskedSecrets, SECRET_MASK, validationMessages } from '@/infra/local/airbyte/configuration';
import { connectorSchema } from '@/infra/local/airbyte/connectors';
import { cronProblem } from '@/infra/local/airbyte/cron';
import { javaDuration, javaInstant } from '@/infra/local/airbyte/jobs';
import { paginate } from '@/infra/local/airbyte/listing';
import { streamsOf } from '@/infra/local/airbyte/source-catalog';
import type { Actor, Connection } from '@/infra/local/airbyte/store';
import { combinedSyncModes } from '@/infra/local/airbyte/sync-modes';
import { planSync } from '@/infra/local/airbyte/sync-plan';
import { postgresName } from '@/infra/local/airbyte/warehouse-writer';
import { withoutProse } from '@/scripts/contracts/airbyte-connectors';

const postgresDestination = connectorSchema('destination', 'postgres')!;
const hubspot = connectorSchema('source', 'hubspot')!;
const base = { destinationType: 'postgres', host: 'db', port: 5432, database: 'd', schema: 'public', username: 'u' };

describe('configuration validation', () => {
  it('names missing and mistyped fields in networknt’s words', () => {
    expect(validationMessages(postgresDestination, { ...base, host: undefined, port: '5432' })).toEqual([
      "$: required property 'host' not found",
      '$.port: string found, integer expected',
    ]);
  });

  it('reports the errors of the oneOf variant the discriminator picks, or the summary when none matches', () => {
    expect(validationMessages(postgresDestination, { ...base, ssl_mode: { mode: 'verify-full', ca_certificate: 'x' } })).toEqual([
      "$.ssl_mode: required property 'client_certificate' not found",
      "$.ssl_mode: required property 'client_key' not found",
    ]);
    expect(validationMessages(postgresDestination, { ...base, ssl_mode: { mode: 'sometimes' } })).toEqual([
      '$.ssl_mode: must be valid to one and only one schema, but 0 are valid',
    ]);
    expect(validationMessages(postgresDestination, { ...base, ssl_mode: { mode: 'require' } })).toEqual([]);
  });

  it('masks secrets inside oneOf variants and restores masked values from what is stored', () => {
    const stored = { credentials: { credentials_title: 'OAuth Credentials', client_id: 'id', client_secret: 'cs', refresh_token: 'rt' } };
    const masked = maskSecrets(stored, hubspot);
    expect(masked).toEqual({ credentials: { credentials_title: 'OAuth Credentials', client_id: 'id', client_secret: SECRET_MASK, refresh_token: SECRET_MASK } });
    const edited = deepMerge(masked, { credentials: { refresh_token: 'new' } });
    expect(restoreMaskedSecrets(edited, stored, hubspot)).toEqual({ credentials: { ...stored.credentials, refresh_token: 'new' } });
  });
});

describe('cron schedules', () => {
  it.each([
    ['0 0 6 * * ?', undefined],
    ['0 30 */2 ? * MON-FRI UTC', undefined],
    ['0 0 12 * * ? 2027', undefined],
  ])('accepts %s', (expression, problem) => {
    expect(cronProblem(expression)).toBe(problem);
  });

  it('refuses what Airbyte refuses, with its messages', () => {
    expect(cronProblem('0 0 * * *')).toMatch(/contains 5 parts but we expect one of \[6, 7\]/);
    expect(cronProblem('* 0 0 * * ?')).toMatch(/seconds and minutes values cannot be `\*`/);
    expect(cronProblem('0 0 0 * * MON')).toMatch(/Both, a day-of-week AND a day-of-month parameter, are not supported/);
    expect(cronProblem('0 61 0 * * ?')).toMatch(/Invalid minute value: 61/);
  });
});

describe('Java-style times', () => {
  it('prints instants as OffsetDateTime does (no seconds when zero) and durations as java.time.Duration', () => {
    expect(javaInstant(Date.UTC(2023, 2, 25, 1, 30, 50, 999))).toBe('2023-03-25T01:30:50Z');
    expect(javaInstant(Date.UTC(2023, 2, 25, 1, 30, 0))).toBe('2023-03-25T01:30Z');
    expect([0, 45, 65, 7200, 93_780].map(javaDuration)).toEqual(['PT0S', 'PT45S', 'PT1M5S', 'PT2H', 'PT26H3M']);
  });
});

describe('sync modes', () => {
  it('crosses what the stream supports with what the destination supports', () => {
    expect(combinedSyncModes(['full_refresh'], ['overwrite', 'append', 'append_dedup'])).toEqual(['full_refresh_append', 'full_refresh_overwrite']);
    expect(combinedSyncModes(['full_refresh', 'incremental'], ['append'])).toEqual(['full_refresh_append', 'incremental_append']);
  });
});

describe('synthetic records', () => {
  const emails = (type: string, stream: string) => {
    const def = streamsOf(type).find((s) => s.name === stream)!;
    return new Set(Array.from({ length: def.baseCount }, (_, i) => String(def.record(i)[Object.keys(def.fields).find((f) => /email/i.test(f))!]).toLowerCase()));
  };

  it('are the same on every call', () => {
    const charges = streamsOf('stripe')[1]!;
    expect(charges.record(7)).toEqual(charges.record(7));
    expect(charges.record(7)).not.toEqual(charges.record(8));
  });

  it('share people (by email) across every source, in overlapping windows', () => {
    const stripe = emails('stripe', 'customers');
    const everyone = new Set(stripe);
    for (const [type, stream] of [['salesforce', 'Contact'], ['zendesk-support', 'users'], ['zoom', 'webinar_registrants'], ['hubspot', 'contacts'], ['postgres', 'customers'], ['faker', 'users']] as const) {
      const other = emails(type, stream);
      const shared = [...other].filter((e) => stripe.has(e)).length;
      expect(shared, `${type}.${stream}`).toBeGreaterThan(3);
      other.forEach((e) => everyone.add(e));
    }
    // …and each brings people the others lack, so a unified model has more people than any source.
    expect(everyone.size).toBeGreaterThan(stripe.size + 20);
  });
});

describe('sync plans', () => {
  const source = { kind: 'source', connectorType: 'stripe', addedRecords: { customers: 2 } } as unknown as Actor;
  const connection = (cursor?: number): Connection =>
    ({
      prefix: 'stripe_',
      namespaceDefinition: 'destination',
      cursors: new Map(cursor === undefined ? [] : [['customers', cursor]]),
      streams: [{ name: 'customers', syncMode: 'incremental_append', cursorField: ['updated'], primaryKey: [['id']], selectedFields: [{ fieldPath: ['id'] }, { fieldPath: ['email'] }, { fieldPath: ['updated'] }] }],
    }) as unknown as Connection;

  it('emits only records past the cursor, oldest first, projected to the selected fields', () => {
    const all = planSync(connection(), source, 'raw')[0]!;
    expect(all.records).toHaveLength(42);
    expect(all.target).toMatchObject({ schema: 'raw', table: 'stripe_customers', columns: { id: 'string', email: 'string', updated: 'integer' }, overwrite: false });
    const cursor = all.records[39]!.updated as number;
    const rest = planSync(connection(cursor), source, 'raw')[0]!;
    expect(rest.records.map((r) => r.id)).toEqual(all.records.slice(40).map((r) => r.id));
    expect(Object.keys(rest.records[0]!)).toEqual(['id', 'email', 'updated']);
  });

  it('derives PostgreSQL-compatible names', () => {
    expect(postgresName('webinar registrants-2024')).toBe('webinar_registrants_2024');
    expect(postgresName('2fa')).toBe('_2fa');
  });
});

describe('pagination links', () => {
  it('offers next for any non-empty page and previous past the first', () => {
    const page = paginate([1, 2, 3, 4, 5], { limit: 2, offset: 4 }, 'http://x/v1/sources', { includeDeleted: 'false' });
    expect(page).toEqual({ data: [5], next: 'http://x/v1/sources?includeDeleted=false&limit=2&offset=6', previous: 'http://x/v1/sources?includeDeleted=false&limit=2&offset=2' });
    expect(paginate([1], { limit: 2, offset: 2 }, 'http://x', {}).next).toBe('');
  });
});

describe('forced check failures', () => {
  it('match by connector type and are used up', () => {
    const plan = new CheckFailurePlan();
    plan.add({ failure: 'auth', sourceType: 'stripe', times: 1 });
    plan.add({ failure: 'dns', destinationType: 'postgres' });
    expect(plan.take('source', 'zoom')).toBeUndefined();
    expect(plan.take('source', 'stripe')?.failure).toBe('auth');
    expect(plan.take('source', 'stripe')).toBeUndefined();
    expect(plan.take('destination', 'postgres')?.failure).toBe('dns');
    expect(plan.take('destination', 'postgres')?.failure).toBe('dns');
  });
});

describe('catalog generator', () => {
  it('drops prose and SDK annotations but keeps rules and a field named "description"', () => {
    const schema = {
      title: 'Spec',
      description: 'prose',
      'x-speakeasy-entity': 'x',
      properties: {
        description: { type: 'string', description: 'a field called description', examples: ['e'], airbyte_secret: true, order: 1 },
        mode: { oneOf: [{ title: 'A', description: 'prose', properties: { kind: { const: 'a', 'x-speakeasy-param-sensitive': true } } }] },
      },
    };
    expect(withoutProse(schema)).toEqual({
      title: 'Spec',
      properties: {
        description: { type: 'string', airbyte_secret: true, order: 1 },
        mode: { oneOf: [{ title: 'A', properties: { kind: { const: 'a' } } }] },
      },
    });
  });
});
