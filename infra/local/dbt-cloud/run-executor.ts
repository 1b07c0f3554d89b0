// Drives a run through dbt Cloud's lifecycle over (scaled) time: Queued (behind any unfinished
// earlier run of the same job, as dbt Cloud runs one run of a job at a time) → Starting → Running,
// with the steps dbt Cloud shows (clone, profile, `dbt deps`, then each of the job's commands),
// ending Success, Error (a failing step, or the job's timeout) or Cancelled (through the API).
// A failing step ends the run; later steps do not start. While a run executes, the sandbox world
// sees work on the dbt host, so CPU rises there. Forced outcomes (a failure, or a stall while
// queued or running) come from the sandbox control routes.
import { createHash } from 'node:crypto';
import type { SandboxWorld } from '../core/world';
import { DBT_VERSION } from './artifacts';
import { buildsModels, invokeDbt } from './dbt-invocation';
import type { DbtCloudState, ForcedOutcome, JobRecord, RunRecord, StepRecord } from './state';
import { isTerminal, RunStatus, type RunStatusCode } from './statuses';
import { logLine } from './wire-format';

/** Believable durations at timeScale 1, in milliseconds. */
const PHASE_MS = { queued: 2000, starting: 8000, clone: 3000, profile: 1000, deps: 4000, command: 2000 } as const;
const DBT_HOST = 'ecs:dbt';
const SHUTDOWN_WAIT_MS = 5000;
/** How often a queued run looks again for the job's earlier run to finish, at the fastest. */
const MIN_POLL_MS = 5;

interface ActiveRun {
  controller: AbortController;
  done: Promise<void>;
}

function sleep(ms: number, signal: AbortSignal): Promise<boolean> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve(false);
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve(true);
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      resolve(false);
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

export class RunExecutor {
  private readonly active = new Map<number, ActiveRun>();

  constructor(
    private readonly state: DbtCloudState,
    private readonly timeScale: number,
    private readonly world?: SandboxWorld,
  ) {}

  start(run: RunRecord, job: JobRecord): void {
    const forced = job.forcedNext;
    job.forcedNext = undefined;
    const controller = new AbortController();
    const done = this.drive(run, job, forced, controller.signal)
      .catch((error: unknown) => this.finish(run, RunStatus.Error, `The sandbox failed to run this job: ${(error as Error).message}`))
      .finally(() => this.active.delete(run.id));
    this.active.set(run.id, { controller, done });
  }

  /** Cancels a run that has not finished; a finished run is left as it is. */
  cancel(run: RunRecord): void {
    if (isTerminal(run.status)) return;
    this.finish(run, RunStatus.Cancelled, 'Cancelled via API');
    this.active.get(run.id)?.controller.abort();
  }

  /** Stops every run in flight (their status stays as it was) and waits for them, bounded. */
  async close(): Promise<void> {
    const all = [...this.active.values()];
    for (const a of all) a.controller.abort();
    await Promise.race([Promise.all(all.map((a) => a.done)), new Promise((r) => setTimeout(r, SHUTDOWN_WAIT_MS).unref())]);
  }

  private scaled(ms: number): number {
    return Math.max(0, ms * this.timeScale);
  }

  private touch(run: RunRecord): void {
    run.updatedAt = this.state.now();
    run.lastHeartbeatAt = run.updatedAt;
  }

  private transition(run: RunRecord, status: RunStatusCode): void {
    run.status = status;
    this.touch(run);
  }

  private finish(run: RunRecord, status: RunStatusCode, message?: string): void {
    if (isTerminal(run.status)) return;
    const now = this.state.now();
    for (const step of run.steps) {
      if (!isTerminal(step.status)) {
        step.status = status === RunStatus.Success ? RunStatus.Success : status;
        step.finishedAt = now;
        if (status === RunStatus.Cancelled) step.logs.push(logLine(now, 'Cancelled: the run was cancelled before this step finished.'));
      }
    }
    run.status = status;
    run.statusMessage = message;
    run.finishedAt = now;
    run.updatedAt = now;
  }

  private openStep(run: RunRecord, name: string): StepRecord {
    const now = this.state.now();
    const step: StepRecord = { id: this.state.nextId('step'), index: run.steps.length + 1, name, status: RunStatus.Running, logs: [], debugLogs: [], createdAt: now, startedAt: now };
    run.steps.push(step);
    this.touch(run);
    return step;
  }

  private logger(run: RunRecord, lines: string[]) {
    return (text: string) => {
      const [first = '', ...rest] = text.split('\n');
      lines.push(logLine(this.state.now(), first), ...rest);
      this.touch(run);
    };
  }

  private closeStep(run: RunRecord, step: StepRecord, ok: boolean): void {
    if (isTerminal(run.status)) return;
    step.status = ok ? RunStatus.Success : RunStatus.Error;
    step.finishedAt = this.state.now();
    this.touch(run);
  }

  private async drive(run: RunRecord, job: JobRecord, forced: ForcedOutcome | undefined, signal: AbortSignal): Promise<void> {
    const pause = (ms: number) => sleep(this.scaled(ms), signal);
    const stall = () => new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
    if (forced?.outcome === 'stall' && forced.at === 'queued') return stall();
    if (!(await pause(PHASE_MS.queued))) return;
    while (this.state.blockersOf(run).length > 0) {
      if (!(await sleep(Math.max(MIN_POLL_MS, this.scaled(PHASE_MS.queued)), signal))) return;
    }
    run.dequeuedAt = this.state.now();
    this.transition(run, RunStatus.Starting);
    if (!(await pause(PHASE_MS.starting))) return;
    run.startedAt = this.state.now();
    this.transition(run, RunStatus.Running);
    const endActivity = this.world?.beginActivity(DBT_HOST, `dbt run ${job.definition.name}`, 0.6);
    const timeoutSeconds = run.trigger.timeout_seconds_override ?? run.job.execution.timeout_seconds;
    const timer =
      timeoutSeconds > 0
        ? setTimeout(() => {
            this.finish(run, RunStatus.Error, `This run timed out after running for ${timeoutSeconds} seconds.`);
            this.active.get(run.id)?.controller.abort();
          }, this.scaled(timeoutSeconds * 1000))
        : undefined;
    try {
      await this.steps(run, job, forced, pause, stall, signal);
    } finally {
      clearTimeout(timer);
      endActivity?.();
    }
  }

  private async steps(
    run: RunRecord,
    job: JobRecord,
    forced: ForcedOutcome | undefined,
    pause: (ms: number) => Promise<boolean>,
    stall: () => Promise<void>,
    signal: AbortSignal,
  ): Promise<void> {
    const clone = this.openStep(run, 'Clone git repository');
    run.gitSha = createHash('sha1').update(`${job.id}:${run.id}`).digest('hex');
    const log = this.logger(run, clone.logs);
    log(`Cloning into '/tmp/jobs/${run.id}/target'...`);
    if (!(await pause(PHASE_MS.clone))) return;
    log(`Checked out at ${run.gitSha} on branch ${run.trigger.git_branch ?? 'main'}.`);
    this.closeStep(run, clone, true);

    const profile = this.openStep(run, 'Create profile from deployment credentials');
    this.logger(run, profile.logs)(`Writing profile to /tmp/jobs/${run.id}/.dbt/profiles.yml (target '${run.trigger.target_name_override ?? run.job.settings.target_name}')`);
    if (!(await pause(PHASE_MS.profile))) return;
    this.closeStep(run, profile, true);

    const commands = ['dbt deps', ...(run.trigger.steps_override ?? run.job.execute_steps ?? [])];
    if (run.trigger.generate_docs_override ?? run.job.generate_docs) commands.push('dbt docs generate');
    for (const command of commands) {
      const step = this.openStep(run, `Invoke dbt with \`${command}\``);
      const stepLog = this.logger(run, step.logs);
      const builds = buildsModels(command);
      if (builds && forced?.outcome === 'stall') {
        stepLog(`Running with dbt=${DBT_VERSION}`);
        return stall();
      }
      if (builds && forced?.outcome === 'fail') {
        stepLog('Encountered an error:');
        stepLog(`Database Error\n  ${forced.message ?? 'the sandbox was told to fail this run'}`);
        this.closeStep(run, step, false);
        this.finish(run, RunStatus.Error, `${step.name} failed`);
        return;
      }
      const outcome = await invokeDbt({
        command,
        binding: job.binding,
        schemaOverride: run.trigger.schema_override,
        projectName: this.state.project.dbtName,
        threads: run.trigger.threads_override ?? run.job.settings.threads,
        target: run.trigger.target_name_override ?? run.job.settings.target_name,
        now: () => this.state.now(),
        log: stepLog,
        debug: this.logger(run, step.debugLogs),
        pause,
        signal,
      });
      if (outcome.stopped || signal.aborted) return;
      if (outcome.artifacts) run.artifacts.set(step.index, outcome.artifacts);
      if (!(await pause(builds ? 0 : command === 'dbt deps' ? PHASE_MS.deps : PHASE_MS.command))) return;
      this.closeStep(run, step, outcome.ok);
      if (!outcome.ok) {
        this.finish(run, RunStatus.Error, `${step.name} failed: ${outcome.summary}`);
        return;
      }
    }
    this.finish(run, RunStatus.Success);
  }
}
