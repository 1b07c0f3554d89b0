// One dbt command inside a run step. `dbt run` and `dbt build` build the bound models in the
// warehouse in ref() order (build-step.ts) and write run_results.json and manifest.json; a model
// that fails errors its node and skips everything downstream; a graph dbt refuses (unknown ref,
// cycle) fails the step before anything runs, with no run_results.json (as dbt exits at parse
// time). Other commands (deps, test, seed, source freshness, docs generate) find nothing to do here.
import { randomUUID } from 'node:crypto';
import { DBT_VERSION, type Invocation } from './artifacts';
import { databaseOf, DEFAULT_TARGET_SCHEMA, loadModels, redactedUrl, type DbtBinding } from './binding';
import { buildModels, plural, writeArtifacts, type BuildContext, type InvocationOutcome } from './build-step';
import { GraphError, planModels, type ModelFile, type ParsedModel } from './model-compiler';
import type { BuildProgress } from './state';

export type { InvocationOutcome } from './build-step';

export interface InvocationContext extends BuildContext {
  binding?: DbtBinding;
  schemaOverride?: string;
  /** Where the project's sources live when not in the schema of their name (see Target). */
  sourceSchemas?: Record<string, string>;
  /** The step's progress when it is resumed after a restart (its project was read, its header logged). */
  progress?: BuildProgress;
}

export function buildsModels(command: string): boolean {
  return /^dbt\s+(run|build)\b/.test(command.trim());
}

function header(log: (text: string) => void, found: string): void {
  log(`Running with dbt=${DBT_VERSION}`);
  log('Registered adapter: postgres=1.9.0');
  log(found);
  log('');
}

function nothingToDo(log: (text: string) => void): InvocationOutcome {
  log('Nothing to do. Try checking your model configs and model specification args');
  return { ok: true, summary: 'Nothing to do' };
}

/** A command other than run/build: it prints what dbt prints and, with no seeds or tests here, succeeds. */
export function runOtherCommand(command: string, log: (text: string) => void): void {
  if (/^dbt\s+deps\b/.test(command.trim())) {
    log(`Running with dbt=${DBT_VERSION}`);
    log('Warning: No packages were found in packages.yml');
    return;
  }
  header(log, 'Found 0 tests, 0 seeds, 0 snapshots, 0 sources, 433 macros');
  nothingToDo(log);
}

function unbound(ctx: InvocationContext): InvocationOutcome {
  ctx.log('This job is not bound to a warehouse and models in the sandbox, so it runs an empty project.');
  header(ctx.log, 'Found 0 models, 0 sources, 433 macros');
  const now = ctx.now();
  const invocation: Invocation = { invocationId: randomUUID(), projectName: ctx.projectName, database: 'warehouse', schema: DEFAULT_TARGET_SCHEMA, threads: ctx.threads, target: ctx.target, command: ctx.command, startedAt: now, finishedAt: now };
  return { ...nothingToDo(ctx.log), artifacts: writeArtifacts(invocation, [], []) };
}

function refused(ctx: InvocationContext, error: unknown): InvocationOutcome {
  header(ctx.log, 'Found 0 models, 0 sources, 433 macros');
  const text = error instanceof GraphError ? error.message : `Could not read the project's models: ${(error as Error).message}`;
  ctx.log('Encountered an error:');
  for (const line of text.split('\n')) ctx.log(line);
  return { ok: false, summary: text.split('\n')[0] ?? 'Encountered an error' };
}

/** A `dbt run` or `dbt build` step, from its start or (with `ctx.progress`) from where it stopped. */
export async function runBuildCommand(ctx: InvocationContext): Promise<InvocationOutcome> {
  if (ctx.progress) return buildModels(ctx, ctx.progress);
  const binding = ctx.binding;
  let files: ModelFile[] = [];
  let problem: unknown;
  // The project is read before anything is logged, so a stop during the read logs nothing twice.
  if (binding) {
    try {
      files = await loadModels(binding);
    } catch (error) {
      problem = error;
    }
  }
  if (ctx.signal.aborted) return { ok: false, stopped: true, summary: 'Stopped' };
  if (/\s(--select|-s|--exclude)\s/.test(` ${ctx.command} `)) ctx.log('Note: the sandbox runs every model of the project; node selection is ignored.');
  if (!binding) return unbound(ctx);
  if (problem) return refused(ctx, problem);
  let models: ParsedModel[];
  try {
    models = planModels(files, ctx.projectName);
  } catch (error) {
    return refused(ctx, error);
  }
  const sources = new Set(models.flatMap((m) => m.sources.map((s) => `${s.source}.${s.table}`)));
  header(ctx.log, `Found ${plural(models.length, 'model')}, ${plural(sources.size, 'source')}, 433 macros`);
  if (models.length === 0) return nothingToDo(ctx.log);
  const progress: BuildProgress = {
    startedAt: ctx.now(),
    warehouseUrl: binding.warehouseUrl,
    target: {
      database: databaseOf(binding.warehouseUrl),
      schema: ctx.schemaOverride ?? binding.schema ?? DEFAULT_TARGET_SCHEMA,
      ...(ctx.sourceSchemas && { sourceSchemas: ctx.sourceSchemas }),
    },
    files,
    results: [],
  };
  ctx.log(`Concurrency: ${ctx.threads} threads (target='${ctx.target}')`);
  ctx.log('');
  ctx.debug(`Using postgres connection to ${redactedUrl(binding.warehouseUrl)}`);
  ctx.record(progress);
  return buildModels(ctx, progress);
}
