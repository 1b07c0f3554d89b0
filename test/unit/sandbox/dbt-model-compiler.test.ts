import { describe, expect, it } from 'vitest';
import {
  compileModel,
  dependantsOf,
  GraphError,
  parseModel,
  planModels,
  relationName,
  type ModelFile,
} from '@/infra/local/dbt-cloud/model-compiler';

const target = { database: 'warehouse', schema: 'analytics' };

function file(name: string, rawCode: string): ModelFile {
  return { name, path: `models/${name}.sql`, rawCode };
}

function plan(models: Record<string, string>) {
  return planModels(Object.entries(models).map(([n, sql]) => file(n, sql)), 'tapestry');
}

describe('rendering ref(), source(), config() and this', () => {
  it('replaces refs and sources with quoted three-part names and drops config and comments', () => {
    const model = parseModel(
      file(
        'unified',
        `{{ config(materialized='table', tags=["a", 'b'], enabled=True) }}
{# a comment with {{ ref('ignored') }} #}
select * from {{ ref('stg_users') }} u join {{ source("raw", "events") }} e using (id) -- {{ this }}`,
      ),
      'tapestry',
    );
    expect(model.compileError).toBeUndefined();
    expect(model.materialized).toBe('table');
    expect(model.refs).toEqual(['stg_users']);
    expect(model.sources).toEqual([{ source: 'raw', table: 'events' }]);
    expect(model.uniqueId).toBe('model.tapestry.unified');
    expect(compileModel(model, target)).toBe(
      'select * from "warehouse"."analytics"."stg_users" u join "warehouse"."raw"."events" e using (id) -- "warehouse"."analytics"."unified"',
    );
  });

  it('accepts the two-argument ref and whitespace-trimming delimiters', () => {
    const model = parseModel(file('m', "select 1 from\n  {{- ref('tapestry', 'base') -}}\n  where true"), 'tapestry');
    expect(model.refs).toEqual(['base']);
    expect(compileModel(model, target)).toBe('select 1 from"warehouse"."analytics"."base"where true');
  });

  it('materializes as a view by default and builds an incremental model as a table', () => {
    expect(parseModel(file('a', 'select 1'), 'p').materialized).toBe('view');
    expect(parseModel(file('b', "{{ config(materialized='incremental') }} select 1"), 'p').materialized).toBe('table');
  });

  it.each([
    ["{{ config(materialized='ephemeral') }} select 1", 'ephemeral models are not supported by the sandbox'],
    ["{{ config(materialized='snapshotty') }} select 1", "No materialization 'snapshotty' was found for adapter postgres!"],
    ["select {{ var('start_date') }}", 'it cannot render "{{ var(\'start_date\') }}"'],
    ['{% if true %}select 1{% endif %}', 'does not run Jinja statements'],
    ['select * from {{ ref(users) }}', 'cannot read the arguments of ref()'],
    ["select * from {{ source('raw') }}", 'source() takes 2 non-empty string arguments'],
    ["{{ config('table') }} select 1", 'config() takes keyword arguments only'],
  ])('reports %s as a compilation error of the model', (sql, expected) => {
    const model = parseModel(file('bad', sql), 'tapestry');
    expect(model.compileError).toContain('Compilation Error in model bad (models/bad.sql)');
    expect(model.compileError).toContain(expected);
    expect(() => compileModel(model, target)).toThrow(/Compilation Error/);
  });

  it('quotes identifiers that contain double quotes', () => {
    expect(relationName('db', 'we"ird', 'x')).toBe('"db"."we""ird"."x"');
  });
});

describe('planning the graph', () => {
  it('orders models after everything they ref, breaking ties by name', () => {
    const order = plan({
      unified: "select * from {{ ref('stg_b') }} union all select * from {{ ref('stg_a') }}",
      report: "select * from {{ ref('unified') }} join {{ ref('stg_a') }} using (id)",
      stg_b: "select * from {{ source('raw','b') }}",
      stg_a: "select * from {{ source('raw','a') }}",
      lonely: 'select 1',
    }).map((m) => m.name);
    expect(order).toEqual(['lonely', 'stg_a', 'stg_b', 'unified', 'report']);
  });

  it('names the cycle as dbt does', () => {
    const cycle = () =>
      plan({
        a: "select * from {{ ref('c') }}",
        b: "select * from {{ ref('a') }}",
        c: "select * from {{ ref('b') }}",
        d: 'select 1',
      });
    expect(cycle).toThrow(GraphError);
    expect(cycle).toThrow('Found a cycle: model.tapestry.a --> model.tapestry.c --> model.tapestry.b --> model.tapestry.a');
  });

  it('refuses a model that refs itself', () => {
    expect(() => plan({ a: "select * from {{ ref('a') }}" })).toThrow('Found a cycle: model.tapestry.a --> model.tapestry.a');
  });

  it('refuses a ref to a model that does not exist', () => {
    expect(() => plan({ a: 'select 1', b: "select * from {{ ref('missing') }}" })).toThrow(
      "Model 'model.tapestry.b' (models/b.sql) depends on a node named 'missing' which was not found",
    );
  });

  it('refuses two models with one name', () => {
    const files = [file('a', 'select 1'), { name: 'a', path: 'models/staging/a.sql', rawCode: 'select 2' }];
    expect(() => planModels(files, 'p')).toThrow('dbt found two models with the name "a".');
  });

  it('keeps a model with a compilation error in the plan, so only it and its dependants fail', () => {
    const order = plan({ bad: "select {{ var('x') }}", child: "select * from {{ ref('bad') }}", ok: 'select 1' });
    expect(order.map((m) => [m.name, Boolean(m.compileError)])).toEqual([
      ['bad', true],
      ['child', false],
      ['ok', false],
    ]);
  });

  it('finds every model downstream of a failing one', () => {
    const models = plan({
      a: 'select 1',
      b: "select * from {{ ref('a') }}",
      c: "select * from {{ ref('b') }}",
      d: 'select 2',
      e: "select * from {{ ref('d') }} join {{ ref('c') }} using (x)",
    });
    expect([...dependantsOf('b', models)].sort()).toEqual(['c', 'e']);
    expect([...dependantsOf('e', models)]).toEqual([]);
  });
});
