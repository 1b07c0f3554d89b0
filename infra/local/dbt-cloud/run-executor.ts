// Drives a run through dbt Cloud's lifecycle over (scaled) time: Queued (behind any unfinished
// earlier run of the same job, as dbt Cloud runs one run of a job at a time) → Starting → Running,
// with the steps dbt Cloud shows (clone, profile, `dbt deps`, then each of the job's commands),
// ending Success, Error (a failing step, or the job's timeout) or Cancelled (through the API).
// A failing step ends the run; later steps do not start. While a run executes, the sandbox world
// sees work on the dbt host, so CPU rises there. Forced outcomes (a failure, or a stall while
// queued or running) come from the sandbox control routes.
//
// Every wait ends at a time measured from the recorded start of its phase or step, so a run can
// be resumed from its record: after a restart of the stand-in, `resume` carries each unfinished
// run on as if dbt Cloud had kept running meanwhile (dbt Cloud is a hosted service: a client's
// outage does not stop its runs). What would have ended during the downtime ends promptly;
// finished steps are not run again, and a build step continues with the models it had not built.
import { createHash } from 'node:crypto';
import type { SandboxWorld } from '../core/world';
import { DBT_VERSION } from './artifacts';
import { buildsModels, runBuildCommand, runOtherCommand } from './dbt-invocation';
import type { DbtCloudState, JobRecord, RunRecord, StepRecord } from './state';
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

/** How a step ended: the run goes on, it ended, or it was stopped (cancel, timeout, shutdown). */
type StepEnd = 'next' | 'ended' | 'stopped';

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

function untilAborted(signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    signal.addEventListener('abort', () => resolve(), { once: true });
  });
}

export class RunExecutor {
  private readonly active = new Map<number, ActiveRun>();
  private closed = false;

  constructor(
    private readonly state: DbtCloudState,
    private readonly timeScale: number,
    private readonly world?: SandboxWorld,
  ) {}

  /** Starts a new run; the job's forced outcome, if any, is this run's. */
  start(run: RunRecord, job: JobRecord): void {
    run.forced = job.forcedNext;
    job.forcedNext = undefined;
    this.launch(run);
  }

  /** Carries on a run restored from a state file that had not finished. */
  resume(run: RunRecord): void {
    if (!isTerminal(run.status)) this.launch(run);
  }

  /** Cancels a run that has not finished; a finished run is left as it is. */
  cancel(run: RunRecord): void {
    if (isTerminal(run.status)) return;
    this.finish(run, RunStatus.Cancelled, 'Cancelled via API');
    this.active.get(run.id)?.controller.abort();
  }

  /** Stops every run in flight (their status stays as it was, to resume from) and waits for them, bounded. */
  async close(): Promise<void> {
    this.closed = true;
    const all = [...this.active.values()];
    for (const a of all) a.controller.abort();
    await Promise.race([Promise.all(all.map((a) => a.done)), new Promise((r) => setTimeout(r, SHUTDOWN_WAIT_MS).unref())]);
  }

  private launch(run: RunRecord): void {
    // A run accepted while closing stays Queued in the record, for the next start to resume.
    if (this.closed) return;
    const controller = new AbortController();
    const done = this.drive(run, controller.signal)
      .catch((error: unknown) => this.finish(run, RunStatus.Error, `The sandbox failed to run this job: ${(error as Error).message}`))
      .finally(() => this.active.delete(run.id));
    this.active.set(run.id, { controller, done });
  }

  private scaled(ms: number): number {
    return Math.max(0, ms * this.timeScale);
  }

  /** Waits until `ms` (scaled) after `since`, on the state's clock; false once the run is stopped. */
  private pauseSince(since: number, ms: number, signal: AbortSignal): Promise<boolean> {
    return sleep(Math.max(0, since + this.scaled(ms) - this.state.now()), signal);
  }

  private touch(run: RunRecord): void {
    run.updatedAt = this.state.now();
    run.lastHeartbeatAt = run.updatedAt;
    this.state.saves.changed();
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
    run.build = undefined;
    this.state.saves.changed();
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

  /** Ends a step; a failed step ends the run with `reason`. */
  private closeStep(run: RunRecord, step: StepRecord, ok: boolean, reason = `${step.name} failed`): StepEnd {
    if (isTerminal(run.status)) return 'ended';
    step.status = ok ? RunStatus.Success : RunStatus.Error;
    step.finishedAt = this.state.now();
    this.touch(run);
    if (ok) return 'next';
    this.finish(run, RunStatus.Error, reason);
    return 'ended';
  }

  private async drive(run: RunRecord, signal: AbortSignal): Promise<void> {
    const job = this.state.anyJob(run.jobId);
    if (!job) return this.finish(run, RunStatus.Error, 'The job of this run no longer exists.');
    if (run.forced?.outcome === 'stall' && run.forced.at === 'queued') return untilAborted(signal);
    if (run.dequeuedAt === undefined) {
      if (!(await this.pauseSince(run.createdAt, PHASE_MS.queued, signal))) return;
      while (this.state.blockersOf(run).length > 0) {
        if (!(await sleep(Math.max(MIN_POLL_MS, this.scaled(PHASE_MS.queued)), signal))) return;
      }
      run.dequeuedAt = this.state.now();
      this.transition(run, RunStatus.Starting);
    }
    if (run.startedAt === undefined) {
      if (!(await this.pauseSince(run.dequeuedAt, PHASE_MS.starting, signal))) return;
      run.startedAt = this.state.now();
      this.transition(run, RunStatus.Running);
    }
    const endActivity = this.world?.beginActivity(DBT_HOST, `dbt run ${job.definition.name}`, 0.6);
    const timeoutSeconds = run.trigger.timeout_seconds_override ?? run.job.execution.timeout_seconds;
    const timer =
      timeoutSeconds > 0
        ? setTimeout(
            () => {
              this.finish(run, RunStatus.Error, `This run timed out after running for ${timeoutSeconds} seconds.`);
              this.active.get(run.id)?.controller.abort();
            },
            Math.max(0, run.startedAt + this.scaled(timeoutSeconds * 1000) - this.state.now()),
          )
        : undefined;
    try {
      await this.steps(run, job, signal);
    } finally {
      clearTimeout(timer);
      endActivity?.();
    }
  }

  /** The steps in order; those already finished (before a restart) are passed over. */
  private async steps(run: RunRecord, job: JobRecord, signal: AbortSignal): Promise<void> {
    const commands = ['dbt deps', ...(run.trigger.steps_override ?? run.job.execute_steps ?? [])];
    if (run.trigger.generate_docs_override ?? run.job.generate_docs) commands.push('dbt docs generate');
    const plan: Array<{ name: string; run: (step: StepRecord, fresh: boolean) => Promise<StepEnd> }> = [
      { name: 'Clone git repository', run: (step, fresh) => this.clone(run, step, fresh, signal) },
      { name: 'Create profile from deployment credentials', run: (step, fresh) => this.profile(run, step, fresh, signal) },
      ...commands.map((command) => ({ name: `Invoke dbt with \`${command}\``, run: (step: StepRecord, fresh: boolean) => this.command(run, job, command, step, fresh, signal) })),
    ];
    for (const [i, planned] of plan.entries()) {
      const existing = run.steps[i];
      if (existing && isTerminal(existing.status)) continue;
      const end = await planned.run(existing ?? this.openStep(run, planned.name), !existing);
      if (end !== 'next') return;
    }
    this.finish(run, RunStatus.Success);
  }

  private async clone(run: RunRecord, step: StepRecord, fresh: boolean, signal: AbortSignal): Promise<StepEnd> {
    const log = this.logger(run, step.logs);
    if (fresh) {
      run.gitSha = createHash('sha1').update(`${run.jobId}:${run.id}`).digest('hex');
      log(`Cloning into '/tmp/jobs/${run.id}/target'...`);
    }
    if (!(await this.pauseSince(step.startedAt ?? step.createdAt, PHASE_MS.clone, signal))) return 'stopped';
    log(`Checked out at ${run.gitSha ?? ''} on branch ${run.trigger.git_branch ?? 'main'}.`);
    return this.closeStep(run, step, true);
  }

  private async profile(run: RunRecord, step: StepRecord, fresh: boolean, signal: AbortSignal): Promise<StepEnd> {
    if (fresh) this.logger(run, step.logs)(`Writing profile to /tmp/jobs/${run.id}/.dbt/profiles.yml (target '${run.trigger.target_name_override ?? run.job.settings.target_name}')`);
    if (!(await this.pauseSince(step.startedAt ?? step.createdAt, PHASE_MS.profile, signal))) return 'stopped';
    return this.closeStep(run, step, true);
  }

  private async command(run: RunRecord, job: JobRecord, command: string, step: StepRecord, fresh: boolean, signal: AbortSignal): Promise<StepEnd> {
    const log = this.logger(run, step.logs);
    if (!buildsModels(command)) {
      if (fresh) runOtherCommand(command, log);
      if (!(await this.pauseSince(step.startedAt ?? step.createdAt, command === 'dbt deps' ? PHASE_MS.deps : PHASE_MS.command, signal))) return 'stopped';
      return this.closeStep(run, step, true);
    }
    const forced = run.forced;
    if (forced?.outcome === 'stall') {
      if (fresh) log(`Running with dbt=${DBT_VERSION}`);
      await untilAborted(signal);
      return 'stopped';
    }
    if (forced?.outcome === 'fail') {
      log('Encountered an error:');
      log(`Database Error\n  ${forced.message ?? 'the sandbox was told to fail this run'}`);
      return this.closeStep(run, step, false);
    }
    const outcome = await runBuildCommand({
      command,
      binding: job.binding,
      schemaOverride: run.trigger.schema_override,
      projectName: this.state.project.dbtName,
      threads: run.trigger.threads_override ?? run.job.settings.threads,
      target: run.trigger.target_name_override ?? run.job.settings.target_name,
      now: () => this.state.now(),
      log,
      debug: this.logger(run, step.debugLogs),
      pauseSince: (since, ms) => this.pauseSince(since, ms, signal),
      signal,
      progress: run.build,
      record: (progress, durable) => {
        run.build = progress;
        this.touch(run);
        if (durable) this.state.saves.flush();
      },
    });
    if (outcome.stopped) return 'stopped';
    // Cancelled or timed out as the last model finished: the run ended without its artifacts.
    if (isTerminal(run.status)) return 'ended';
    if (outcome.artifacts) run.artifacts.set(step.index, outcome.artifacts);
    run.build = undefined;
    return this.closeStep(run, step, outcome.ok, `${step.name} failed: ${outcome.summary}`);
  }
}
