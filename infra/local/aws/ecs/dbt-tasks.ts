// ECS tasks that run the dbt Core image for real. When the AWS stand-in knows the sandbox's
// warehouse (`dbtWarehouseUrl`) and a task's essential container runs the dbt Core image (any tag,
// infra/local/dbt-core/image.ts), the task, once RUNNING, runs the container's command against that
// warehouse and stays RUNNING until dbt ends; the container then exits with dbt's exit code (0, 1
// when a model failed, 2 when dbt could not run) and a short `reason` ("built 5 models, 123 rows in
// unified_users", or the failing model and its error). Rows per model, dbt's output and
// run_results.json stay with the task in the stand-in (`GET /__sandbox/ecs/tasks/{id}/dbt`): in real
// AWS they would be in CloudWatch Logs and the bucket's dbt/ prefix, which the stand-in does not serve.
// Tasks of other images, tasks told how to end by the control route, and every task when no
// warehouse was given, keep the simulated lifecycle.
import { z } from 'zod';
import { isDbtCoreImage, runDbtContainer, type ModelRows } from '../../dbt-core';
import type { TaskDefinition } from './registry';

/** How a dbt task's container ended. */
export interface DbtTaskResult {
  exitCode: number;
  reason: string;
  models: ModelRows[];
  logs: string[];
  runResults?: string;
}

/** What a dbt task runs, when it began, and how it ended; kept on the task (and in the state file). */
export interface DbtTaskRun {
  container: string;
  argv: string[];
  environment: Record<string, string>;
  /** When dbt began, on the world's clock. */
  startedAt?: number;
  result?: DbtTaskResult;
}

/**
 * A dbt task that was RUNNING when the stand-in stopped: its container ran inside the stand-in, so
 * it went with it, as a Fargate task's containers go with their host. ECS stops a task whose
 * essential container stopped (EssentialContainerExited), and a killed process reports 137
 * (SIGKILL). Building it again on resume would be kinder but would report a run nobody started;
 * the caller sees a failed run and starts another (every model is rebuilt whole, so that is safe).
 */
export const HOST_LOST: DbtTaskResult = {
  exitCode: 137,
  reason: 'The container stopped with its host (the sandbox stopped while dbt was running). Run the task again: every model is rebuilt whole.',
  models: [],
  logs: [],
};

/** A dbt task restored by a stand-in started without the warehouse it was meant to build in. */
export const NO_WAREHOUSE: DbtTaskResult = {
  exitCode: 1,
  reason: 'The sandbox was restarted without its warehouse, so dbt had nowhere to build. Start the sandbox with its warehouse and run the task again.',
  models: [],
  logs: [],
};

const keyValues = z.array(z.object({ name: z.string(), value: z.string() })).optional();
const overridesSchema = z.looseObject({
  containerOverrides: z.array(z.looseObject({ name: z.string().optional(), command: z.array(z.string()).optional(), environment: keyValues })).optional(),
});

const BOUNDED_SETTLE_MS = 5000;

export class DbtContainers {
  private readonly running = new Map<string, { controller: AbortController; done: Promise<void> }>();

  constructor(
    private readonly warehouseUrl: string | undefined,
    private readonly timeScale: number,
    private readonly now: () => number,
  ) {}

  /** The dbt run of a new task, or undefined when the task's lifecycle is simulated. */
  plan(definition: TaskDefinition, rawOverrides: Record<string, unknown>, forced: boolean): DbtTaskRun | undefined {
    if (this.warehouseUrl === undefined || forced) return undefined;
    const container = definition.containerDefinitions.find((c) => c.essential !== false) ?? definition.containerDefinitions[0];
    if (!container || !isDbtCoreImage(container.image)) return undefined;
    const overrides = overridesSchema.safeParse(rawOverrides).data?.containerOverrides ?? [];
    const override = overrides.find((o) => o.name === container.name) ?? overrides.find((o) => o.name === undefined);
    const environment = Object.fromEntries([...(container.environment ?? []), ...(override?.environment ?? [])].map((e) => [e.name, e.value]));
    return { container: container.name, argv: override?.command ?? container.command ?? [], environment };
  }

  isRunning(taskArn: string): boolean {
    return this.running.has(taskArn);
  }

  /**
   * Starts dbt in the task's container; `ended` is called with its result unless it is killed
   * first. False when there is no warehouse to build in.
   */
  start(taskArn: string, run: DbtTaskRun, ended: (result: DbtTaskResult) => void): boolean {
    if (this.warehouseUrl === undefined) return false;
    if (this.running.has(taskArn)) return true;
    const controller = new AbortController();
    const done = runDbtContainer({ warehouseUrl: this.warehouseUrl, argv: run.argv, environment: run.environment, timeScale: this.timeScale, now: this.now, signal: controller.signal })
      .then(
        (result) => result && { exitCode: result.exitCode, reason: result.summary, models: result.models, logs: result.logs, runResults: result.runResults },
        (error: unknown): DbtTaskResult => ({ exitCode: 1, reason: `The sandbox could not run dbt: ${error instanceof Error ? error.message : String(error)}`.slice(0, 255), models: [], logs: [] }),
      )
      .then((result) => {
        this.running.delete(taskArn);
        if (result && !controller.signal.aborted) ended(result);
      });
    this.running.set(taskArn, { controller, done });
    return true;
  }

  /** Kills the task's container (StopTask): its statement is cancelled and its transaction rolled back. */
  kill(taskArn: string): void {
    this.running.get(taskArn)?.controller.abort();
  }

  /** Kills every container (the stand-in is closing). */
  dispose(): void {
    for (const { controller } of this.running.values()) controller.abort();
  }

  /** Waits (bounded) for killed containers to let go of the warehouse. */
  async settled(): Promise<void> {
    const all = [...this.running.values()].map((r) => r.done);
    await Promise.race([Promise.all(all), new Promise((resolve) => setTimeout(resolve, BOUNDED_SETTLE_MS).unref())]);
  }
}
