// The artifacts a `dbt run` step writes: run_results.json (schema v6, as dbt 1.8+ writes it: one
// result per node in execution order, with timing, adapter_response.rows_affected, the message,
// compiled code and relation name) and a small manifest.json (nodes, sources, parent and child
// maps: the fields lineage tools read, not the whole v12 manifest).
import type { ParsedModel } from './model-compiler';
import { relationName } from './model-compiler';
import type { AdapterResponse } from './warehouse';
import { isoMicros } from './wire-format';

export const RUN_RESULTS_SCHEMA = 'https://schemas.getdbt.com/dbt/run-results/v6.json';
export const MANIFEST_SCHEMA = 'https://schemas.getdbt.com/dbt/manifest/v12.json';
export const DBT_VERSION = '1.9.4';

export interface NodeResult {
  model: ParsedModel;
  status: 'success' | 'error' | 'skipped';
  message: string | null;
  compiledCode: string | null;
  relationName: string;
  adapterResponse: AdapterResponse | Record<string, never>;
  compile?: { startedAt: number; completedAt: number };
  execute?: { startedAt: number; completedAt: number };
  executionTime: number;
}

export interface Invocation {
  invocationId: string;
  projectName: string;
  database: string;
  schema: string;
  threads: number;
  target: string;
  command: string;
  startedAt: number;
  finishedAt: number;
}

function timing(result: NodeResult) {
  const out = [];
  if (result.compile) out.push({ name: 'compile', started_at: isoMicros(result.compile.startedAt), completed_at: isoMicros(result.compile.completedAt) });
  if (result.execute) out.push({ name: 'execute', started_at: isoMicros(result.execute.startedAt), completed_at: isoMicros(result.execute.completedAt) });
  return out;
}

export function buildRunResults(invocation: Invocation, results: NodeResult[]) {
  return {
    metadata: {
      dbt_schema_version: RUN_RESULTS_SCHEMA,
      dbt_version: DBT_VERSION,
      generated_at: isoMicros(invocation.finishedAt),
      invocation_id: invocation.invocationId,
      env: {},
    },
    results: results.map((r) => ({
      status: r.status,
      timing: timing(r),
      thread_id: 'Thread-1 (worker)',
      execution_time: r.executionTime,
      adapter_response: r.adapterResponse,
      message: r.message,
      failures: null,
      unique_id: r.model.uniqueId,
      compiled: r.compiledCode !== null,
      compiled_code: r.compiledCode,
      relation_name: r.relationName,
      batch_results: null,
    })),
    elapsed_time: (invocation.finishedAt - invocation.startedAt) / 1000,
    args: {
      which: invocation.command.split(' ')[1] ?? 'run',
      invocation_command: invocation.command,
      threads: invocation.threads,
      target: invocation.target,
      project_dir: '/usr/src/dbt-server-shared/project',
      select: [],
      exclude: [],
      full_refresh: false,
    },
  };
}

export function buildManifest(invocation: Invocation, models: ParsedModel[]) {
  const sourceIds = new Map<string, { source: string; table: string }>();
  for (const m of models) for (const s of m.sources) sourceIds.set(`source.${invocation.projectName}.${s.source}.${s.table}`, s);
  const parents = (m: ParsedModel) => [
    ...m.refs.map((r) => `model.${invocation.projectName}.${r}`),
    ...m.sources.map((s) => `source.${invocation.projectName}.${s.source}.${s.table}`),
  ];
  const parentMap: Record<string, string[]> = {};
  const childMap: Record<string, string[]> = {};
  for (const id of sourceIds.keys()) childMap[id] = [];
  for (const m of models) {
    parentMap[m.uniqueId] = [...new Set(parents(m))].sort();
    childMap[m.uniqueId] ??= [];
  }
  for (const m of models) for (const p of parentMap[m.uniqueId] ?? []) (childMap[p] ??= []).push(m.uniqueId);
  return {
    metadata: {
      dbt_schema_version: MANIFEST_SCHEMA,
      dbt_version: DBT_VERSION,
      generated_at: isoMicros(invocation.finishedAt),
      invocation_id: invocation.invocationId,
      project_name: invocation.projectName,
      adapter_type: 'postgres',
      env: {},
    },
    nodes: Object.fromEntries(
      models.map((m) => [
        m.uniqueId,
        {
          unique_id: m.uniqueId,
          name: m.name,
          resource_type: 'model',
          package_name: invocation.projectName,
          path: m.path.replace(/^models\//, ''),
          original_file_path: m.path,
          fqn: [invocation.projectName, ...m.path.replace(/^models\//, '').replace(/\.sql$/, '').split('/')],
          database: invocation.database,
          schema: invocation.schema,
          alias: m.name,
          relation_name: relationName(invocation.database, invocation.schema, m.name),
          raw_code: m.rawCode,
          language: 'sql',
          config: { enabled: true, materialized: m.materialized },
          depends_on: { nodes: parentMap[m.uniqueId] ?? [], macros: [] },
          refs: m.refs.map((name) => ({ name, package: null, version: null })),
          sources: m.sources.map((s) => [s.source, s.table]),
        },
      ]),
    ),
    sources: Object.fromEntries(
      [...sourceIds].map(([id, s]) => [
        id,
        {
          unique_id: id,
          name: s.table,
          source_name: s.source,
          resource_type: 'source',
          package_name: invocation.projectName,
          database: invocation.database,
          schema: s.source,
          identifier: s.table,
          relation_name: relationName(invocation.database, s.source, s.table),
        },
      ]),
    ),
    parent_map: parentMap,
    child_map: Object.fromEntries(Object.entries(childMap).map(([k, v]) => [k, [...new Set(v)].sort()])),
  };
}
