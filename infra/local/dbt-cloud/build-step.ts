// The models of a `dbt run`/`dbt build` step, built one after another in the warehouse. The
// step's progress (each finished model's result, the model under way, its transaction just
// before COMMIT) is recorded on the run as it goes, so a restarted stand-in resumes the step:
// models already committed are not built again, the model that was under way is built again
// unless its COMMIT had landed (the warehouse is asked), and every START/OK line is logged once.
import { randomUUID } from 'node:crypto';
import { buildManifest, buildRunResults, type Invocation, type NodeResult } from './artifacts';
import { compileModel, dependantsOf, planModels, relationName, type ParsedModel } from './model-compiler';
import type { BuildProgress, ModelResult } from './state';
import { Warehouse } from './warehouse';

export interface BuildContext {
  command: string;
  projectName: string;
  threads: number;
  target: string;
  now(): number;
  log(text: string): void;
  debug(text: string): void;
  /** Waits until `ms` (scaled to the run's pace) after `since`; false once the run is stopped. */
  pauseSince(since: number, ms: number): Promise<boolean>;
  signal: AbortSignal;
  /** Keeps the step's progress on the run; `durable` saves it to disk before returning. */
  record(progress: BuildProgress, durable?: boolean): void;
}

export interface InvocationOutcome {
  ok: boolean;
  /** Set when the run was stopped part-way (cancel, timeout or shutdown). */
  stopped?: boolean;
  summary: string;
  artifacts?: Map<string, string>;
}

/** Simulated time per model on top of the real SQL, so progress is visible at timeScale 1. */
const MODEL_PACE_MS = 1500;
const LINE_WIDTH = 72;
const STOPPED: InvocationOutcome = { ok: false, stopped: true, summary: 'Stopped' };

export function progressLine(text: string, tag: string): string {
  return `${text} ${'.'.repeat(Math.max(3, LINE_WIDTH - text.length))} [${tag}]`;
}

export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

export function writeArtifacts(invocation: Invocation, models: ParsedModel[], results: NodeResult[]): Map<string, string> {
  return new Map([
    ['run_results.json', JSON.stringify(buildRunResults(invocation, results))],
    ['manifest.json', JSON.stringify(buildManifest(invocation, models))],
  ]);
}

/** What one model's step looks like in the logs and in run_results.json. */
class ModelRun {
  readonly kind: string;
  readonly relation: string;

  constructor(
    readonly model: ParsedModel,
    readonly position: string,
    readonly progress: BuildProgress,
  ) {
    const { database, schema } = progress.target;
    this.kind = `sql ${model.materialized} model ${schema}.${model.name}`;
    this.relation = relationName(database, schema, model.name);
  }

  errored(message: string, base: Partial<ModelResult> = {}): ModelResult {
    return { status: 'error', message, compiledCode: null, relationName: this.relation, adapterResponse: {}, executionTime: 0, ...base };
  }

  report(ctx: BuildContext, result: ModelResult): void {
    const seconds = result.executionTime.toFixed(2);
    if (result.status === 'success') ctx.log(progressLine(`${this.position} OK created ${this.kind}`, `${result.message ?? ''} in ${seconds}s`));
    else ctx.log(progressLine(`${this.position} ERROR creating ${this.kind}`, `ERROR in ${seconds}s`));
  }
}

function skippedModels(progress: BuildProgress, models: ParsedModel[]): Set<string> {
  const out = new Set<string>();
  progress.results.forEach((r, i) => {
    const model = models[i];
    if (r.status === 'error' && model) for (const d of dependantsOf(model.name, models)) out.add(d);
  });
  return out;
}

function settled(ctx: BuildContext, progress: BuildProgress, result: ModelResult): void {
  progress.results.push(result);
  progress.current = undefined;
  progress.committing = undefined;
  if (result.status !== 'skipped') progress.lastAt = ctx.now();
  ctx.record(progress);
}

/** Builds one model; undefined when the run was stopped before its outcome was known. */
async function buildModel(ctx: BuildContext, warehouse: Warehouse, step: ModelRun): Promise<ModelResult | undefined> {
  const { model, progress } = step;
  if (progress.current !== model.name) {
    ctx.log(progressLine(`${step.position} START ${step.kind}`, 'RUN'));
    ctx.debug(`Began running node ${model.uniqueId}`);
    progress.current = model.name;
    ctx.record(progress);
  }
  if (model.compileError) return step.errored(model.compileError);
  const compileStart = ctx.now();
  const compiledCode = compileModel(model, progress.target);
  const compile = { startedAt: compileStart, completedAt: ctx.now() };
  ctx.debug(`Writing runtime sql for node "${model.uniqueId}"\n${compiledCode}`);
  const executeStart = ctx.now();
  const base = (): ModelResult => {
    const execute = { startedAt: executeStart, completedAt: ctx.now() };
    return { status: 'success', message: null, compiledCode, relationName: step.relation, adapterResponse: {}, compile, execute, executionTime: (execute.completedAt - compile.startedAt) / 1000 };
  };
  const outcome = await warehouse.build(progress.target.schema, model.name, model.materialized, compiledCode, (pending, response) => {
    progress.committing = { ...pending, result: { ...base(), message: response._message, adapterResponse: response } };
    ctx.record(progress, true);
  });
  // A failure caused by the stop is no result: its transaction rolled back, or (when it had
  // reached COMMIT) `committing` lets the resumed step ask the warehouse.
  if (!outcome.ok && ctx.signal.aborted) return undefined;
  if (!outcome.ok) {
    const message = `Database Error in model ${model.name} (${model.path})\n  ${outcome.error}\n  compiled code at target/run/${ctx.projectName}/${model.path}`;
    return { ...base(), status: 'error', message };
  }
  return { ...base(), message: outcome.adapterResponse._message, adapterResponse: outcome.adapterResponse };
}

/** After a restart: the model that was committing when the stand-in stopped is done, or built again. */
async function settleCommit(ctx: BuildContext, warehouse: Warehouse, step: ModelRun, committing: NonNullable<BuildProgress['committing']>): Promise<void> {
  const outcome = await warehouse.commitOutcome(committing);
  if (ctx.signal.aborted) return;
  if (outcome === 'aborted') {
    step.progress.committing = undefined;
    ctx.record(step.progress);
    return;
  }
  const result =
    outcome === 'committed'
      ? committing.result
      : step.errored(
          `Database Error in model ${step.model.name} (${step.model.path})\n  the sandbox stopped while committing this model and could not learn from the warehouse whether the commit landed`,
        );
  step.report(ctx, result);
  settled(ctx, step.progress, result);
}

function summarize(ctx: BuildContext, progress: BuildProgress, models: ParsedModel[]): InvocationOutcome {
  const results: NodeResult[] = progress.results.map((r, i) => ({ ...r, model: models[i] as ParsedModel }));
  const finishedAt = ctx.now();
  const count = (s: NodeResult['status']) => results.filter((r) => r.status === s).length;
  const tables = models.filter((m) => m.materialized === 'table').length;
  const views = models.length - tables;
  const seconds = ((finishedAt - progress.startedAt) / 1000).toFixed(2);
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
    ...progress.target,
    threads: ctx.threads,
    target: ctx.target,
    command: ctx.command,
    startedAt: progress.startedAt,
    finishedAt,
  };
  return { ok: errors.length === 0, summary: totals, artifacts: writeArtifacts(invocation, models, results) };
}

/** Builds the models the step has not finished yet, then summarizes the step and writes its artifacts. */
export async function buildModels(ctx: BuildContext, progress: BuildProgress): Promise<InvocationOutcome> {
  // The same files planned the same way as when the step began (they planned then, so they plan now).
  const models = planModels(progress.files, ctx.projectName);
  const warehouse = new Warehouse(progress.warehouseUrl);
  // A cancel, timeout or shutdown ends the connection, so a long statement stops with the run.
  const stop = () => void warehouse.close();
  ctx.signal.addEventListener('abort', stop, { once: true });
  const step = (i: number) => new ModelRun(models[i] as ParsedModel, `${i + 1} of ${models.length}`, progress);
  try {
    if (progress.committing) await settleCommit(ctx, warehouse, step(progress.results.length), progress.committing);
    for (let i = progress.results.length; i < models.length; i++) {
      if (ctx.signal.aborted) return STOPPED;
      if (progress.lastAt !== undefined && !(await ctx.pauseSince(progress.lastAt, MODEL_PACE_MS))) return STOPPED;
      const current = step(i);
      if (skippedModels(progress, models).has(current.model.name)) {
        ctx.log(progressLine(`${current.position} SKIP relation ${progress.target.schema}.${current.model.name}`, 'SKIP'));
        settled(ctx, progress, { status: 'skipped', message: null, compiledCode: null, relationName: current.relation, adapterResponse: {}, executionTime: 0 });
        continue;
      }
      const result = await buildModel(ctx, warehouse, current);
      if (!result) return STOPPED;
      current.report(ctx, result);
      settled(ctx, progress, result);
    }
    if (progress.lastAt !== undefined && !(await ctx.pauseSince(progress.lastAt, MODEL_PACE_MS))) return STOPPED;
  } finally {
    ctx.signal.removeEventListener('abort', stop);
    await warehouse.close();
  }
  return summarize(ctx, progress, models);
}
