// One run of the dbt Core container in the sandbox: the image's project (the unified users models)
// built in the sandbox's PostgreSQL warehouse by the same code that runs dbt Cloud's jobs
// (dbt-cloud/dbt-invocation.ts), with the container's environment choosing the schemas:
// DBT_TARGET_SCHEMA (default `analytics`) for the models, DBT_SOURCE_SCHEMA (default `raw`) for the
// tables the models' `source('raw', …)` reads. The warehouse URL stands for the image's dbt profile:
// in real AWS the task finds the warehouse in its environment and its password in Secrets Manager
// (DBT_ENV_SECRET_WAREHOUSE_PASSWORD); the sandbox hands the stand-in its warehouse's URL instead.
// What comes back is what a caller of ECS can learn (an exit code and a short reason) plus what the
// container would have written to its log and to run_results.json, for the sandbox to keep.
import { setTimeout as sleep } from 'node:timers/promises';
import { DEFAULT_TARGET_SCHEMA } from '../dbt-cloud/binding';
import { runBuildCommand, runOtherCommand, type InvocationOutcome } from '../dbt-cloud/dbt-invocation';
import { RAW_SCHEMA } from '@/lib/pipeline/presets/unified-users';
import { EXIT, parseDbtCommand } from './command';
import { SHIPPED_PROJECT } from './image';
import { summarizeRunResults, type ModelRows } from './run-summary';

export type { ModelRows } from './run-summary';

export interface DbtContainerInput {
  /** The sandbox warehouse, with credentials (never logged or kept). */
  warehouseUrl: string;
  /** The container's command (dbt's arguments; a leading `dbt` is allowed). */
  argv: readonly string[];
  /** The container's environment, overrides applied. */
  environment: Readonly<Record<string, string>>;
  /** Pace of dbt's simulated time per model: 1 = believable, smaller = faster (tests). */
  timeScale: number;
  now(): number;
  /** Aborted when the container is killed (StopTask, or the sandbox closing). */
  signal: AbortSignal;
}

export interface DbtContainerResult {
  exitCode: number;
  /** A short line for ECS's container `reason`, e.g. "built 5 models, 123 rows in unified_users". */
  summary: string;
  /** Per model, in run order (empty when dbt did not get as far as running models). */
  models: ModelRows[];
  /** What dbt printed (the container's log), bounded. */
  logs: string[];
  /** run_results.json as dbt wrote it, when it got that far. */
  runResults?: string;
}

const MAX_LOG_LINES = 500;
const THREADS = 4;
const TARGET_NAME = 'prod';

function environmentValue(environment: Readonly<Record<string, string>>, name: string, fallback: string): string {
  const value = environment[name]?.trim();
  return value ? value : fallback;
}

function collector(): { lines: string[]; log(text: string): void } {
  const lines: string[] = [];
  return {
    lines,
    log(text) {
      for (const line of text.split('\n')) if (lines.length < MAX_LOG_LINES) lines.push(line);
    },
  };
}

/** Runs the container's command to its end; undefined when it was killed first. */
export async function runDbtContainer(input: DbtContainerInput): Promise<DbtContainerResult | undefined> {
  const output = collector();
  const command = parseDbtCommand(input.argv);
  if (command.kind === 'usage-error') {
    output.log(command.message);
    return { exitCode: EXIT.usage, summary: command.message, models: [], logs: output.lines };
  }
  if (command.kind === 'other') {
    runOtherCommand(command.text, output.log);
    return { exitCode: EXIT.ok, summary: `${command.text}: nothing to do`, models: [], logs: output.lines };
  }
  const outcome: InvocationOutcome = await runBuildCommand({
    command: command.text,
    binding: {
      warehouseUrl: input.warehouseUrl,
      schema: environmentValue(input.environment, 'DBT_TARGET_SCHEMA', DEFAULT_TARGET_SCHEMA),
      models: Object.fromEntries(SHIPPED_PROJECT.models.map((m) => [m.name, m.rawCode])),
    },
    sourceSchemas: { [RAW_SCHEMA]: environmentValue(input.environment, 'DBT_SOURCE_SCHEMA', RAW_SCHEMA) },
    projectName: SHIPPED_PROJECT.name,
    threads: THREADS,
    target: TARGET_NAME,
    now: input.now,
    log: output.log,
    // dbt's debug log goes to a file in the container, not to its output.
    debug: () => undefined,
    pauseSince: (since, ms) =>
      sleep(Math.max(0, since + ms * input.timeScale - input.now()), true, { signal: input.signal }).catch(() => false),
    signal: input.signal,
    // A killed container does not resume (see ecs/dbt-tasks.ts), so its progress is not kept.
    record: () => undefined,
  });
  if (outcome.stopped || input.signal.aborted) return undefined;
  const runResults = outcome.artifacts?.get('run_results.json');
  const { models, summary } = summarizeRunResults(runResults, outcome.summary);
  return { exitCode: outcome.ok ? EXIT.ok : runResults ? EXIT.failed : EXIT.usage, summary, models, logs: output.lines, runResults };
}
