// The life of ECS tasks in the stand-in, on real timers scaled by timeScale (at 1: about 10 s
// provisioning, 15 s pulling the image, 1-2.5 minutes running, 10 s deprovisioning), with timestamps
// from the sandbox world's clock; each step is timed from when the task's current status began, so
// a restarted stand-in carries saved tasks on from where they were. While a task runs, the world records work on `ecs:<cluster>`
// (labelled with the task's group), which is what CloudWatch's AWS/ECS CPUUtilization shows.
// A task of the dbt Core image, when the sandbox has a warehouse, runs dbt for real while RUNNING
// instead of for a made-up time (dbt-tasks.ts).
import { createHash, randomUUID } from 'node:crypto';
import type { SandboxWorld } from '../../core/world';
import { AwsError } from '../protocol';
import { DbtContainers, HOST_LOST, NO_WAREHOUSE, type DbtTaskResult, type DbtTaskRun } from './dbt-tasks';
import type { Cluster, TaskDefinition } from './registry';
import type { Task, TaskOutcome } from './task';

const PROVISION_SECONDS = 10;
const PULL_SECONDS = 15;
const DEPROVISION_SECONDS = 10;
/** ECS keeps describing a stopped task for about an hour. */
const STOPPED_VISIBLE_MS = 3600_000;
/** SIGTERM's exit status, what a container stopped by StopTask usually reports. */
const STOPPED_BY_USER_EXIT = 143;

export interface NewTask {
  cluster: Cluster;
  definition: TaskDefinition;
  launchType: string;
  group?: string;
  startedBy?: string;
  overrides: Record<string, unknown>;
  tags: { key: string; value: string }[];
  subnetId: string;
}

export type QueuedOutcome = Partial<TaskOutcome> & { times: number };

/** The runner's state, for the state file. */
export interface RunnerSnapshot {
  tasks: Map<string, Task>;
  byToken: Map<string, string[]>;
  outcomes: QueuedOutcome[];
}

function fraction(id: string, salt: string): number {
  return createHash('sha256').update(`${salt}:${id}`).digest().readUInt32BE(0) / 0x1_0000_0000;
}

export class TaskRunner {
  private readonly tasks = new Map<string, Task>();
  private readonly byToken = new Map<string, string[]>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly activities = new Map<string, () => void>();
  private outcomes: QueuedOutcome[] = [];
  private readonly dbt: DbtContainers;

  constructor(
    private readonly world: SandboxWorld,
    private readonly arnPrefix: () => string,
    private readonly region: string,
    private readonly timeScale: number,
    /** Called after every step of a task's life (the state file, when there is one). */
    private readonly onChange: () => void = () => undefined,
    /** The sandbox warehouse dbt Core tasks build in; without it they are simulated like any task. */
    dbtWarehouseUrl?: string,
  ) {
    this.dbt = new DbtContainers(dbtWarehouseUrl, timeScale, () => world.now());
  }

  snapshot(): RunnerSnapshot {
    return { tasks: this.tasks, byToken: this.byToken, outcomes: this.outcomes };
  }

  /** Takes over saved tasks, client tokens and queued outcomes (call `resume` to set them going). */
  restore(saved: RunnerSnapshot): void {
    for (const [arn, task] of saved.tasks) this.tasks.set(arn, task);
    for (const [token, arns] of saved.byToken) this.byToken.set(token, arns);
    this.outcomes = saved.outcomes;
  }

  /**
   * Carries every restored task on from its saved status, as if ECS had kept running while the
   * stand-in was down (Fargate tasks do not stop because the control plane restarts): steps that
   * fell due meanwhile happen at once, dated when they were due.
   */
  resume(): void {
    for (const task of this.tasks.values()) this.advance(task);
  }

  /** Makes the next tasks end as described (one entry per task, `times` tasks each). */
  queueOutcome(outcome: QueuedOutcome): void {
    this.outcomes.push(outcome);
  }

  pendingOutcomes(): QueuedOutcome[] {
    return this.outcomes.map((o) => ({ ...o }));
  }

  clearOutcomes(): void {
    this.outcomes = [];
  }

  private nextOutcome(id: string): TaskOutcome {
    const fallback: TaskOutcome = { exitCode: 0, runSeconds: 60 + Math.floor(fraction(id, 'run') * 90) };
    const queued = this.outcomes[0];
    if (!queued) return fallback;
    queued.times -= 1;
    if (queued.times <= 0) this.outcomes.shift();
    const { times: _times, ...outcome } = queued;
    return { ...fallback, ...outcome };
  }

  /** The tasks a client token already started in this cluster (RunTask's idempotency). */
  forToken(cluster: Cluster, token: string): Task[] | undefined {
    this.forgetOld();
    return this.byToken.get(`${cluster.clusterName}:${token}`)?.map((arn) => this.tasks.get(arn) as Task);
  }

  start(spec: NewTask, count: number, token?: string): Task[] {
    this.forgetOld();
    const started = Array.from({ length: count }, () => this.create(spec));
    if (token) this.byToken.set(`${spec.cluster.clusterName}:${token}`, started.map((t) => t.taskArn));
    return started;
  }

  private create(spec: NewTask): Task {
    const id = randomUUID().replace(/-/g, '');
    const taskArn = `${this.arnPrefix()}:task/${spec.cluster.clusterName}/${id}`;
    const ip = createHash('sha256').update(id).digest();
    // An outcome queued through the control route is how the task ends, whatever its image.
    const forced = this.outcomes.length > 0;
    const task: Task = {
      taskArn,
      clusterArn: spec.cluster.clusterArn,
      clusterName: spec.cluster.clusterName,
      definition: spec.definition,
      launchType: spec.launchType,
      group: spec.group ?? `family:${spec.definition.family}`,
      startedBy: spec.startedBy,
      overrides: spec.overrides,
      tags: spec.tags,
      subnetId: spec.subnetId,
      privateIp: `10.0.${ip[0]}.${((ip[1] as number) % 250) + 4}`,
      availabilityZone: `${this.region}${'abc'[(ip[2] as number) % 3]}`,
      lastStatus: 'PROVISIONING',
      desiredStatus: 'RUNNING',
      createdAt: this.world.now(),
      containers: spec.definition.containerDefinitions.map((c) => ({
        name: c.name,
        image: c.image,
        containerArn: `${this.arnPrefix()}:container/${spec.cluster.clusterName}/${id}/${randomUUID()}`,
        lastStatus: 'PENDING',
      })),
      outcome: this.nextOutcome(id),
      dbt: this.dbt.plan(spec.definition, spec.overrides, forced),
      load: 0.55 + 0.35 * fraction(id, 'load'),
      version: 1,
    };
    this.tasks.set(taskArn, task);
    this.advance(task);
    return task;
  }

  /**
   * Runs `step` once `seconds` (scaled) have passed since `since` on the world's clock. A step that
   * was already due when scheduled (a restarted stand-in catching up) runs at once, dated when it
   * was due, as ECS would have run it meanwhile. A timer that fires late (a busy event loop) is
   * dated when it was due too: its lateness is the stand-in's, not the task's. Only a clock that
   * has not reached the due time (a test's frozen clock) dates it earlier, at that clock's now.
   */
  private after(task: Task, seconds: number, since: number, step: (at: number) => void): void {
    clearTimeout(this.timers.get(task.taskArn));
    const now = this.world.now();
    const due = since + seconds * 1000 * this.timeScale;
    const timer = setTimeout(() => {
      this.timers.delete(task.taskArn);
      step(Math.min(due, this.world.now()));
      task.version += 1;
      this.onChange();
    }, Math.max(0, due - now));
    timer.unref();
    this.timers.set(task.taskArn, timer);
  }

  /** Schedules what follows the task's current status, timed from when that status began. */
  private advance(task: Task): void {
    switch (task.lastStatus) {
      case 'PROVISIONING':
        return this.after(task, PROVISION_SECONDS, task.createdAt, (at) => this.pull(task, at));
      case 'PENDING':
        return this.after(task, PULL_SECONDS, task.pullStartedAt ?? task.createdAt, (at) => this.pulled(task, at));
      case 'RUNNING': {
        if (task.dbt) return this.runDbt(task, task.dbt);
        const since = task.startedAt ?? task.createdAt;
        // CPU shows on the cluster while the container still runs (from now, after a restart).
        if (!this.activities.has(task.taskArn) && since + task.outcome.runSeconds * 1000 * this.timeScale > this.world.now()) {
          this.activities.set(task.taskArn, this.world.beginActivity(`ecs:${task.clusterName}`, task.group, task.load));
        }
        return this.after(task, task.outcome.runSeconds, since, (at) => this.exit(task, at));
      }
      case 'DEPROVISIONING':
        return this.after(task, DEPROVISION_SECONDS, task.stoppingAt ?? task.createdAt, (at) => {
          task.lastStatus = 'STOPPED';
          task.stoppedAt = at;
        });
      case 'STOPPED':
        return;
    }
  }

  /**
   * Runs dbt in a RUNNING dbt task, or settles one restored from the state file: ended before the
   * restart (its result was kept) or killed by it (HOST_LOST).
   */
  private runDbt(task: Task, run: DbtTaskRun): void {
    if (this.dbt.isRunning(task.taskArn)) return;
    const settled = run.result ?? (run.startedAt === undefined ? undefined : HOST_LOST);
    if (settled) return this.after(task, 0, this.world.now(), (at) => this.exitWith(task, run, settled, at));
    const started = this.dbt.start(task.taskArn, run, (result) => {
      if (task.desiredStatus === 'STOPPED') return;
      this.after(task, 0, this.world.now(), (at) => this.exitWith(task, run, result, at));
    });
    if (!started) return this.after(task, 0, this.world.now(), (at) => this.exitWith(task, run, NO_WAREHOUSE, at));
    run.startedAt = this.world.now();
    this.activities.set(task.taskArn, this.world.beginActivity(`ecs:${task.clusterName}`, task.group, task.load));
  }

  private exitWith(task: Task, run: DbtTaskRun, result: DbtTaskResult, at: number): void {
    run.result = result;
    task.outcome = { ...task.outcome, exitCode: result.exitCode, reason: result.reason };
    this.exit(task, at);
  }

  private pull(task: Task, at: number): void {
    task.lastStatus = 'PENDING';
    task.pullStartedAt = at;
    this.advance(task);
  }

  private pulled(task: Task, at: number): void {
    task.pullStoppedAt = at;
    if (task.outcome.startFailure) this.failToStart(task, task.outcome.startFailure, at);
    else this.run(task, at);
  }

  private run(task: Task, at: number): void {
    task.lastStatus = 'RUNNING';
    task.startedAt = at;
    for (const c of task.containers) c.lastStatus = 'RUNNING';
    this.advance(task);
  }

  private endWork(task: Task): void {
    this.activities.get(task.taskArn)?.();
    this.activities.delete(task.taskArn);
  }

  private exit(task: Task, at: number): void {
    this.endWork(task);
    const [primary, ...others] = task.containers;
    if (primary) Object.assign(primary, { exitCode: task.outcome.exitCode, reason: task.outcome.reason });
    for (const c of others) c.exitCode = STOPPED_BY_USER_EXIT;
    this.wind(task, 'EssentialContainerExited', 'Essential container in task exited', at);
  }

  private failToStart(task: Task, reason: string, at: number): void {
    for (const c of task.containers) c.reason = reason;
    this.wind(task, 'TaskFailedToStart', reason, at);
  }

  /** Every ending goes through deprovisioning (the ENI detaches) before STOPPED. */
  private wind(task: Task, stopCode: NonNullable<Task['stopCode']>, reason: string, at: number): void {
    task.desiredStatus = 'STOPPED';
    task.stopCode = stopCode;
    task.stoppedReason = reason;
    task.stoppingAt = at;
    task.executionStoppedAt = at;
    task.lastStatus = 'DEPROVISIONING';
    for (const c of task.containers) c.lastStatus = 'STOPPED';
    this.advance(task);
  }

  stop(task: Task, reason: string | undefined): Task {
    if (task.desiredStatus === 'STOPPED') return task;
    const wasRunning = task.lastStatus === 'RUNNING';
    this.dbt.kill(task.taskArn);
    this.endWork(task);
    if (wasRunning) for (const c of task.containers) c.exitCode = STOPPED_BY_USER_EXIT;
    this.wind(task, 'UserInitiated', reason ?? 'Task stopped by user', this.world.now());
    task.version += 1;
    return task;
  }

  /** A task of this cluster by id or ARN, while ECS still shows it. */
  find(cluster: Cluster, reference: string): Task | undefined {
    this.forgetOld();
    const id = reference.split('/').at(-1) ?? '';
    return this.tasks.get(`${this.arnPrefix()}:task/${cluster.clusterName}/${id}`) ?? [...this.tasks.values()].find((t) => t.taskArn === reference && t.clusterName === cluster.clusterName);
  }

  inCluster(cluster: Cluster): Task[] {
    this.forgetOld();
    return [...this.tasks.values()].filter((t) => t.clusterName === cluster.clusterName);
  }

  taskArnFor(cluster: Cluster, reference: string): string {
    return reference.startsWith('arn:') ? reference : `${this.arnPrefix()}:task/${cluster.clusterName}/${reference}`;
  }

  /** Forgets tasks stopped over an hour ago, and the client tokens that started them. */
  private forgetOld(): void {
    const horizon = this.world.now() - STOPPED_VISIBLE_MS;
    for (const [arn, task] of this.tasks) {
      if (task.stoppedAt !== undefined && task.stoppedAt < horizon) this.tasks.delete(arn);
    }
    for (const [token, arns] of this.byToken) {
      if (!arns.every((arn) => this.tasks.has(arn))) this.byToken.delete(token);
    }
  }

  /** Stops every timer and ends every task's work (the stand-in is closing). */
  dispose(): void {
    this.dbt.dispose();
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    for (const end of this.activities.values()) end();
    this.activities.clear();
  }

  /** Waits (bounded) for the dbt containers `dispose` killed to let go of the warehouse. */
  settled(): Promise<void> {
    return this.dbt.settled();
  }

  /** A task by its id, in any cluster, while ECS still shows it (the sandbox's control routes). */
  findById(id: string): Task | undefined {
    this.forgetOld();
    return [...this.tasks.values()].find((t) => t.taskArn.endsWith(`/${id}`));
  }

  requireTask(cluster: Cluster, reference: string): Task {
    const task = this.find(cluster, reference);
    if (!task) throw new AwsError('InvalidParameterException', 'The referenced task was not found.');
    return task;
  }
}
