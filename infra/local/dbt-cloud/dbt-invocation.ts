// One dbt command inside a run step. `dbt run` and `dbt build` build the bound models in the
// warehouse in ref() order and write run_results.json and manifest.json; a model that fails
// errors its node and skips everything downstream; a graph dbt refuses (unknown ref, cycle)
// fails the step before anything runs, with no run_results.json (as dbt exits at parse time).
// Other commands (deps, test, seed, source freshness, docs generate) find nothing to do here.
import { randomUUID } from 'node:crypto';
import { buildManifest, buildRunResults, DBT_VERSION, type Invocation, type NodeResult } from './artifacts';
import { databaseOf, DEFAULT_TARGET_SCHEMA, loadModels, redactedUrl, type DbtBinding } from './binding';
import { compileModel, dependantsOf, GraphError, planModels, relationName, type ParsedModel } from './model-compiler';
import { Warehouse } from './warehouse';

export interface InvocationContext {
  command: string;
  binding?: DbtBinding;
  schemaOverride?: string;
  projectName: string;
  threads: number;
  target: string;
  now(): number;
  log(text: string): void;
  debug(text: string): void;
  /** Waits (scaled) to pace the step like a real run; false once the run is stopped. */
  pause(ms: number): Promise<boolean>;
  signal: AbortSignal;
}

export interface InvocationOutcome {
  ok: boolean;
  /** Set when the run was stopped part-way (cancel or timeout). */
  stopped?: boolean;
  summary: string;
  artifacts?: Map<string, string>;
}

/** Simulated time per model on top of the real SQL, so progress is visible at timeScale 1. */
const MODEL_PACE_MS = 1500;
const LINE_WIDTH = 72;

export function buildsModels(command: string): boolean {
  return /^dbt\s+(run|build)\b/.test(command.trim());
}

function progressLine(text: string, tag: string): string {
  return `${text} ${'.'.repeat(Math.max(3, LINE_WIDTH - text.length))} [${tag}]`;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function header(ctx: InvocationContext, found: string): void {
  ctx.log(`Running with dbt=${DBT_VERSION}`);
  ctx.log('Registered adapter: postgres=1.9.0');
  ctx.log(found);
  ctx.log('');
}

function nothingToDo(ctx: InvocationContext): InvocationOutcome {
  ctx.log('Nothing to do. Try checking your model configs and model specification args');
  return { ok: true, summary: 'Nothing to do' };
}

function writeArtifacts(invocation: Invocation, models: ParsedModel[], results: NodeResult[]): Map<string, string> {
  return new Map([
    ['run_results.json', JSON.stringify(buildRunResults(invocation, results))],
    ['manifest.json', JSON.stringify(buildManifest(invocation, models))],
  ]);
}

async function buildModel(
  ctx: InvocationContext,
  warehouse: Warehouse,
  model: ParsedModel,
  position: string,
  target: { database: string; schema: string },
): Promise<NodeResult> {
  const kind = `sql ${model.materialized} model ${target.schema}.${model.name}`;
  const relation = relationName(target.database, target.schema, model.name);
  ctx.log(progressLine(`${position} START ${kind}`, 'RUN'));
  ctx.debug(`Began running node ${model.uniqueId}`);
  const compileStart = ctx.now();
  if (model.compileError) {
    ctx.log(progressLine(`${position} ERROR creating ${kind}`, 'ERROR in 0.00s'));
    return { model, status: 'error', message: model.compileError, compiledCode: null, relationName: relation, adapterResponse: {}, executionTime: 0 };
  }
  const compiledCode = compileModel(model, target);
  const compile = { startedAt: compileStart, completedAt: ctx.now() };
  ctx.debug(`Writing runtime sql for node "${model.uniqueId}"\n${compiledCode}`);
  const executeStart = ctx.now();
  const outcome = await warehouse.build(target.schema, model.name, model.materialized, compiledCode);
  const execute = { startedAt: executeStart, completedAt: ctx.now() };
  const seconds = (execute.completedAt - compile.startedAt) / 1000;
  const base = { model, compiledCode, relationName: relation, compile, execute, executionTime: seconds };
  if (!outcome.ok) {
    ctx.log(progressLine(`${position} ERROR creating ${kind}`, `ERROR in ${seconds.toFixed(2)}s`));
    const message = `Database Error in model ${model.name} (${model.path})\n  ${outcome.error}\n  compiled code at target/run/${ctx.projectName}/${model.path}`;
    return { ...base, status: 'error', message, adapterResponse: {} };
  }
  ctx.log(progressLine(`${position} OK created ${kind}`, `${outcome.adapterResponse._message} in ${seconds.toFixed(2)}s`));
  return { ...base, status: 'success', message: outcome.adapterResponse._message, adapterResponse: outcome.adapterResponse };
}

async function runModels(ctx: InvocationContext, binding: DbtBinding, models: ParsedModel[]): Promise<InvocationOutcome> {
  const target = { database: databaseOf(binding.warehouseUrl), schema: ctx.schemaOverride ?? binding.schema ?? DEFAULT_TARGET_SCHEMA };
  const startedAt = ctx.now();
  ctx.log(`Concurrency: ${ctx.threads} threads (target='${ctx.target}')`);
  ctx.log('');
  ctx.debug(`Using postgres connection to ${redactedUrl(binding.warehouseUrl)}`);
  const warehouse = new Warehouse(binding.warehouseUrl);
  // A cancel or timeout ends the connection, so a long statement stops with the run.
  const stop = () => void warehouse.close();
  ctx.signal.addEventListener('abort', stop, { once: true });
  const results: NodeResult[] = [];
  const skipped = new Set<string>();
  try {
    for (const [i, model] of models.entries()) {
      if (ctx.signal.aborted) return { ok: false, stopped: true, summary: 'Stopped' };
      const position = `${i + 1} of ${models.length}`;
      if (skipped.has(model.name)) {
        ctx.log(progressLine(`${position} SKIP relation ${target.schema}.${model.name}`, 'SKIP'));
        const relation = relationName(target.database, target.schema, model.name);
        results.push({ model, status: 'skipped', message: null, compiledCode: null, relationName: relation, adapterResponse: {}, executionTime: 0 });
        continue;
      }
      const result = await buildModel(ctx, warehouse, model, position, target);
      if (ctx.signal.aborted) return { ok: false, stopped: true, summary: 'Stopped' };
      results.push(result);
      if (result.status === 'error') for (const d of dependantsOf(model.name, models)) skipped.add(d);
      if (!(await ctx.pause(MODEL_PACE_MS))) return { ok: false, stopped: true, summary: 'Stopped' };
    }
  } finally {
    ctx.signal.removeEventListener('abort', stop);
    await warehouse.close();
  }
  const finishedAt = ctx.now();
  const count = (s: NodeResult['status']) => results.filter((r) => r.status === s).length;
  const tables = models.filter((m) => m.materialized === 'table').length;
  const views = models.length - tables;
  const seconds = ((finishedAt - startedAt) / 1000).toFixed(2);
  ctx.log('');
  ctx.log(`Finished running ${[views ? plural(views, 'view model') : '', tables ? plural(tables, 'table model') : ''].filter(Boolean).join(', ')} in 0 hours 0 minutes and ${seconds} seconds (${seconds}s).`);
  ctx.log('');
  const errors = results.filter((r) => r.status === 'error');
  if (errors.length === 0) ctx.log('Completed successfully');
  else {
    ctx.log(`Completed with ${plural(errors.length, 'error')}, 0 partial successes, and 0 warnings:`);
    for (const e of errors) {
      ctx.log('');
      ctx.log(`  ${e.message ?? ''}`);
    }
  }
  ctx.log('');
  const totals = `PASS=${count('success')} WARN=0 ERROR=${errors.length} SKIP=${count('skipped')} TOTAL=${results.length}`;
  ctx.log(`Done. ${totals}`);
  const invocation: Invocation = {
    invocationId: randomUUID(),
    projectName: ctx.projectName,
    database: target.database,
    schema: target.schema,
    threads: ctx.threads,
    target: ctx.target,
    command: ctx.command,
    startedAt,
    finishedAt,
  };
  return { ok: errors.length === 0, summary: totals, artifacts: writeArtifacts(invocation, models, results) };
}

export async function invokeDbt(ctx: InvocationContext): Promise<InvocationOutcome> {
  if (/^dbt\s+deps\b/.test(ctx.command.trim())) {
    ctx.log(`Running with dbt=${DBT_VERSION}`);
    ctx.log('Warning: No packages were found in packages.yml');
    return { ok: true, summary: 'No packages' };
  }
  if (!buildsModels(ctx.command)) {
    header(ctx, 'Found 0 tests, 0 seeds, 0 snapshots, 0 sources, 433 macros');
    return nothingToDo(ctx);
  }
  if (/\s(--select|-s|--exclude)\s/.test(` ${ctx.command} `)) ctx.log('Note: the sandbox runs every model of the project; node selection is ignored.');
  if (!ctx.binding) {
    ctx.log('This job is not bound to a warehouse and models in the sandbox, so it runs an empty project.');
    header(ctx, 'Found 0 models, 0 sources, 433 macros');
    const now = ctx.now();
    const invocation: Invocation = { invocationId: randomUUID(), projectName: ctx.projectName, database: 'warehouse', schema: DEFAULT_TARGET_SCHEMA, threads: ctx.threads, target: ctx.target, command: ctx.command, startedAt: now, finishedAt: now };
    return { ...nothingToDo(ctx), artifacts: writeArtifacts(invocation, [], []) };
  }
  let models: ParsedModel[];
  try {
    models = planModels(await loadModels(ctx.binding), ctx.projectName);
  } catch (error) {
    header(ctx, 'Found 0 models, 0 sources, 433 macros');
    const text = error instanceof GraphError ? error.message : `Could not read the project's models: ${(error as Error).message}`;
    ctx.log('Encountered an error:');
    for (const line of text.split('\n')) ctx.log(line);
    return { ok: false, summary: text.split('\n')[0] ?? 'Encountered an error' };
  }
  const sources = new Set(models.flatMap((m) => m.sources.map((s) => `${s.source}.${s.table}`)));
  header(ctx, `Found ${plural(models.length, 'model')}, ${plural(sources.size, 'source')}, 433 macros`);
  if (models.length === 0) return nothingToDo(ctx);
  return runModels(ctx, ctx.binding, models);
}
