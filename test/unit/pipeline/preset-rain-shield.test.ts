import { describe, expect, it } from 'vitest';
import { parseModel, planModels } from '@/infra/local/dbt-cloud/model-compiler';
import { SOURCE_STREAMS } from '@/infra/local/airbyte/source-catalog';
import { postgresName } from '@/infra/local/airbyte/warehouse-writer';
import { UNIFIED_USER_COLUMNS } from '@/lib/pipeline/catalog/grouparoo-destinations';
import { rainShieldPreset } from '@/lib/pipeline/presets/rain-shield';
import { RAW_SCHEMA, UNIFIED_USERS_MODEL_FILES, unifiedUsersProjectFiles } from '@/lib/pipeline/presets/unified-users';
import { exportPipelineYaml, importPipelineYaml, missingSecrets, validateSpec } from '@/lib/pipeline/spec';
import { sandboxSpec, WAREHOUSE } from './spec-fixtures';

const awsSpec = () => rainShieldPreset({ target: 'aws', accountId: '123456789012', region: 'eu-west-1', accessKeyId: 'AKIAIOSFODNN7EXAMPLE', warehouse: WAREHOUSE });

/** The tables the Airbyte sandbox writes for the preset's sources: `<schema>.<prefix><stream>`, named as its writer names them. */
function rawTablesWritten(): Set<string> {
  const spec = sandboxSpec();
  const schema = String(spec.warehouse.config.schema);
  return new Set(
    spec.sources.flatMap((source) => {
      const offered = new Set((SOURCE_STREAMS[source.type] ?? []).map((s) => s.name));
      return (source.streams ?? []).filter((s) => offered.has(s.name)).map((s) => `${schema}.${postgresName(`${source.prefix ?? ''}${s.name}`)}`);
    }),
  );
}

describe('Rain Shield preset', () => {
  it('is valid as is in the sandbox, with the four sources and two destinations', () => {
    const spec = sandboxSpec();
    expect(validateSpec(spec)).toEqual({ ok: true, spec });
    expect(spec.sources.map((s) => s.type)).toEqual(['zoom', 'salesforce', 'stripe', 'zendesk-support']);
    expect(spec.destinations.map((d) => d.type)).toEqual(['mailchimp', 'salesforce']);
    expect(spec.warehouse.config).toMatchObject({ host: '127.0.0.1', port: 5432, database: 'warehouse', password: { secret: 'rain-shield-warehouse-password' } });
  });

  it('for AWS is valid and lacks only credentials: every missing item is a secret reference', () => {
    const spec = awsSpec();
    expect(validateSpec(spec).ok).toBe(true);
    expect(spec.target).toEqual({ kind: 'aws', accountId: '123456789012', region: 'eu-west-1', accessKeyId: 'AKIAIOSFODNN7EXAMPLE', credentials: { secret: 'rain-shield-aws' } });
    const missing = missingSecrets(spec);
    expect(missing.map((m) => m.secret)).toContain('rain-shield-aws');
    expect(missing).toHaveLength(10);
    expect(missingSecrets(spec, missing.map((m) => m.secret))).toEqual([]);
  });

  it('round-trips through YAML for both targets', () => {
    for (const spec of [sandboxSpec(), awsSpec()]) expect(importPipelineYaml(exportPipelineYaml(spec))).toEqual({ ok: true, spec });
  });

  it('keeps credential names apart with a prefix', () => {
    const spec = rainShieldPreset({ target: 'sandbox', warehouse: WAREHOUSE, secretPrefix: 'demo' });
    expect(missingSecrets(spec).every((m) => m.secret.startsWith('demo-'))).toBe(true);
  });
});

describe('unified users models', () => {
  const models = UNIFIED_USERS_MODEL_FILES.map((file) => parseModel(file, 'unified_users'));

  it('every ref() names a model of the set, and dbt can order them', () => {
    const names = new Set(models.map((m) => m.name));
    for (const model of models) {
      expect(model.compileError).toBeUndefined();
      for (const ref of model.refs) expect(names, `${model.name} refs ${ref}`).toContain(ref);
    }
    expect(planModels([...UNIFIED_USERS_MODEL_FILES], 'unified_users').at(-1)?.name).toBe('unified_users');
  });

  it("every source() is a raw table the Airbyte sandbox writes for the preset's streams", () => {
    const written = rawTablesWritten();
    const read = models.flatMap((m) => m.sources.map((s) => `${s.source}.${s.table}`));
    expect(read.length).toBe(5);
    for (const table of read) expect(written, table).toContain(table);
    expect(RAW_SCHEMA).toBe('raw');
  });

  it('unified_users reads every staging model and produces exactly the unified user columns', () => {
    const unified = models.find((m) => m.name === 'unified_users');
    expect(unified?.refs.sort()).toEqual(models.filter((m) => m.name !== 'unified_users').map((m) => m.name).sort());
    const finalSelect = unified?.rawCode.split(/\n\)\n/).at(-1) ?? '';
    const columns = [...finalSelect.matchAll(/(?:as )?(\w+),?\n/g)].map((m) => m[1]).filter((c) => c !== 'named' && c !== 'select');
    expect(columns).toEqual([...UNIFIED_USER_COLUMNS]);
    expect(unified?.rawCode).toContain('group by email');
  });

  it('declares the raw source for dbt Core, quoted (Salesforce tables keep capitals)', () => {
    const sources = unifiedUsersProjectFiles().find((f) => f.path === 'models/staging/sources.yml')?.content ?? '';
    expect(sources).toContain('identifier: true');
    for (const table of rawTablesWritten()) expect(sources).toContain(`- name: ${table.split('.')[1]}`);
  });
});
