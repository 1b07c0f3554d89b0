// The pure parts of the sandbox's dbt Core container: which images count as dbt Core, how the
// container's command is read, the ECS reason made from run_results.json, and sources read from
// the schema the container's environment names.
import { describe, expect, it } from 'vitest';
import { DBT_IMAGES } from '@/infra/cloudformation/template/versions';
import { compileModel, parseModel } from '@/infra/local/dbt-cloud/model-compiler';
import { parseDbtCommand } from '@/infra/local/dbt-core/command';
import { imageRepository, isDbtCoreImage } from '@/infra/local/dbt-core/image';
import { summarizeRunResults } from '@/infra/local/dbt-core/run-summary';

describe('dbt Core image', () => {
  it('is matched by repository, whatever the tag or digest', () => {
    expect(imageRepository('ghcr.io/dbt-labs/dbt-postgres:1.9.0')).toBe('ghcr.io/dbt-labs/dbt-postgres');
    expect(imageRepository('localhost:5000/dbt-postgres:1.9')).toBe('localhost:5000/dbt-postgres');
    expect(imageRepository('localhost:5000/dbt-postgres')).toBe('localhost:5000/dbt-postgres');
    expect(isDbtCoreImage(DBT_IMAGES.postgres)).toBe(true);
    expect(isDbtCoreImage('ghcr.io/dbt-labs/dbt-postgres:1.10.2')).toBe(true);
    expect(isDbtCoreImage(`ghcr.io/dbt-labs/dbt-postgres@sha256:${'a'.repeat(64)}`)).toBe(true);
    expect(isDbtCoreImage('ghcr.io/dbt-labs/dbt-postgres')).toBe(true);
    expect(isDbtCoreImage('ghcr.io/dbt-labs/dbt-postgres-extra:1.9.0')).toBe(false);
    expect(isDbtCoreImage(DBT_IMAGES.snowflake)).toBe(false);
    expect(isDbtCoreImage('public.ecr.aws/docker/library/busybox:latest')).toBe(false);
  });
});

describe('the container command', () => {
  it('builds for run and build, with or without a leading dbt, selection or not', () => {
    expect(parseDbtCommand(['dbt', 'build'])).toEqual({ kind: 'build', text: 'dbt build' });
    expect(parseDbtCommand(['run'])).toEqual({ kind: 'build', text: 'dbt run' });
    expect(parseDbtCommand(['dbt', 'build', '--select', 'a', 'b'])).toEqual({ kind: 'build', text: 'dbt build --select a b' });
  });

  it("has nothing to do for dbt's other commands, and is dbt's usage error otherwise", () => {
    expect(parseDbtCommand(['deps'])).toEqual({ kind: 'other', text: 'dbt deps' });
    expect(parseDbtCommand(['dbt', 'dbt', 'build'])).toEqual({ kind: 'usage-error', message: "Error: No such command 'dbt'." });
    expect(parseDbtCommand([]).kind).toBe('usage-error');
    expect(parseDbtCommand(['dbt']).kind).toBe('usage-error');
  });
});

describe('the container reason', () => {
  const node = (name: string, status: string, rows: number | undefined, message: string | null = null) => ({
    unique_id: `model.unified_users.${name}`,
    status,
    message,
    adapter_response: rows === undefined ? {} : { rows_affected: rows },
  });

  it('names the models built and the rows of the last one', () => {
    const json = JSON.stringify({ results: [node('stg_a', 'success', 10), node('stg_b', 'success', -1), node('unified_users', 'success', 7)] });
    expect(summarizeRunResults(json, 'unused')).toEqual({
      summary: 'built 3 models, 7 rows in unified_users',
      models: [
        { model: 'stg_a', status: 'success', rows: 10 },
        { model: 'stg_b', status: 'success', rows: null },
        { model: 'unified_users', status: 'success', rows: 7 },
      ],
    });
  });

  it('names the first failing model and its error line, bounded to 255 characters', () => {
    const error = `Database Error in model stg_b (models/stg_b.sql)\n  relation "raw.b" does not exist${'!'.repeat(300)}\n  LINE 2: from "w"."raw"."b"`;
    const json = JSON.stringify({ results: [node('stg_a', 'success', 1), node('stg_b', 'error', undefined, error), node('stg_c', 'error', undefined, 'x'), node('unified_users', 'skipped', undefined)] });
    const { summary, models } = summarizeRunResults(json, 'unused');
    expect(summary.startsWith('model stg_b failed: relation "raw.b" does not exist!!!')).toBe(true);
    expect(summary).toHaveLength(255);
    expect(models[1]).toEqual({ model: 'stg_b', status: 'error', rows: null, error });
    const short = JSON.stringify({ results: [node('stg_b', 'error', undefined, 'Database Error in model stg_b\n  boom'), node('stg_c', 'error', undefined, 'x'), node('u', 'skipped', undefined)] });
    expect(summarizeRunResults(short, 'unused').summary).toBe('model stg_b failed: boom (+1 other failed model); 1 skipped');
  });

  it("is dbt's own summary when there is no run_results.json", () => {
    expect(summarizeRunResults(undefined, 'Compilation Error')).toEqual({ models: [], summary: 'Compilation Error' });
  });
});

describe('sources in the schema the environment names', () => {
  it('reads a mapped source from its schema and any other source from the schema of its name', () => {
    const model = parseModel({ name: 'm', path: 'models/m.sql', rawCode: "select * from {{ source('raw', 'users') }} join {{ source('crm', 'people') }} using (id)" }, 'p');
    expect(compileModel(model, { database: 'w', schema: 'analytics', sourceSchemas: { raw: 'landing' } })).toBe('select * from "w"."landing"."users" join "w"."crm"."people" using (id)');
    expect(compileModel(model, { database: 'w', schema: 'analytics' })).toBe('select * from "w"."raw"."users" join "w"."crm"."people" using (id)');
  });
});
