// The stand-in's account: one project with a production deployment environment (the project's
// connection is PostgreSQL), the jobs the product creates, their runs, and the sandbox's per-job
// settings (binding, forced outcome of the next run). In memory; with a state file, persistence.ts
// saves it after every change and restores it on start, as dbt Cloud keeps an account's data.
import type { NodeResult } from './artifacts';
import type { DbtBinding } from './binding';
import type { ModelFile, Target } from './model-compiler';
import { isTerminal, type RunStatusCode } from './statuses';

/** The request body of Create/Update Job, as the official document defines it. */
export interface JobRequest {
  account_id: number;
  project_id: number;
  environment_id: number;
  name: string;
  dbt_version?: string;
  execute_steps?: string[];
  execution: { timeout_seconds: number };
  generate_docs: boolean;
  job_type?: string;
  lifecycle_webhooks: boolean;
  run_compare_changes: boolean;
  run_generate_sources: boolean;
  run_lint: boolean;
  errors_on_lint_failure: boolean;
  settings: { threads: number; target_name: string };
  state: number;
  triggers: Record<string, boolean>;
  schedule?: Record<string, unknown>;
  [other: string]: unknown;
}

/** The request body of Trigger Job Run. */
export interface TriggerRequest {
  cause: string;
  git_sha?: string;
  git_branch?: string;
  schema_override?: string;
  dbt_version_override?: string;
  threads_override?: number;
  target_name_override?: string;
  generate_docs_override?: boolean;
  timeout_seconds_override?: number;
  steps_override?: string[];
  [other: string]: unknown;
}

export interface Environment {
  id: number;
  projectId: number;
  name: string;
  dbtVersion: string;
  createdAt: number;
}

export interface Project {
  id: number;
  name: string;
  /** The dbt project's name (`name:` in dbt_project.yml), used in unique ids. */
  dbtName: string;
  connectionId: number;
  repositoryId: number;
  createdAt: number;
}

/** What the sandbox makes the next run of a job do instead of running normally. */
export type ForcedOutcome =
  | { outcome: 'fail'; message?: string }
  /** Stop making progress (no steps, no heartbeat) while queued or running, until cancelled or timed out. */
  | { outcome: 'stall'; at: 'queued' | 'running' };

export interface JobRecord {
  id: number;
  definition: JobRequest;
  createdAt: number;
  updatedAt: number;
  binding?: DbtBinding;
  forcedNext?: ForcedOutcome;
}

export interface StepRecord {
  id: number;
  index: number;
  name: string;
  status: RunStatusCode;
  logs: string[];
  debugLogs: string[];
  createdAt: number;
  startedAt?: number;
  finishedAt?: number;
}

/** A model's result as a build step records it; the model itself is planned again from the step's files. */
export type ModelResult = Omit<NodeResult, 'model'>;

/**
 * How far a `dbt run`/`dbt build` step has got, kept on the run so that a restarted stand-in
 * resumes the step where it stopped instead of building committed models a second time.
 */
export interface BuildProgress {
  startedAt: number;
  /** Where the step builds (from the job's binding when the step began; holds its password). */
  warehouseUrl: string;
  target: Target;
  /** The project's models as cloned when the step began. */
  files: ModelFile[];
  /** One per model finished so far, in run order. */
  results: ModelResult[];
  /** When the last model finished (the pause before the next one is measured from it). */
  lastAt?: number;
  /** The model whose START line is logged and whose result is not known yet. */
  current?: string;
  /**
   * That model's transaction, saved to disk just before its COMMIT: after a restart the warehouse
   * says whether the COMMIT landed (then the model is done) or not (then it is built again).
   */
  committing?: { xid: string; pid: number; result: ModelResult };
}

export interface RunRecord {
  id: number;
  jobId: number;
  triggerId: number;
  trigger: TriggerRequest;
  /** The job as it was when triggered (an update later does not change a run). */
  job: JobRequest;
  status: RunStatusCode;
  statusMessage?: string;
  gitSha?: string;
  createdAt: number;
  updatedAt: number;
  dequeuedAt?: number;
  startedAt?: number;
  finishedAt?: number;
  lastHeartbeatAt?: number;
  steps: StepRecord[];
  /** What the sandbox was told to make this run do (taken from the job when it was triggered). */
  forced?: ForcedOutcome;
  /** The build step in progress, if any (cleared when that step ends). */
  build?: BuildProgress;
  /** Artifacts by step index (1-based, as dbt Cloud numbers steps), each a map of path → content. */
  artifacts: Map<number, Map<string, string>>;
}

/** Distinct id ranges per kind, so a run id passed where a job id belongs is not found by chance. */
const FIRST_ID = { job: 100_001, run: 70_000_001, trigger: 80_000_001, step: 90_000_001 } as const;
export type IdKind = keyof typeof FIRST_ID;

/** Where changes go to be saved; nowhere unless the stand-in has a state file. */
export interface ChangeSink {
  /** Save soon (debounced). */
  changed(): void;
  /** Save now, before going on (a write-ahead record). */
  flush(): void;
}

export const NOWHERE: ChangeSink = { changed: () => undefined, flush: () => undefined };

export class DbtCloudState {
  readonly project: Project;
  readonly environments = new Map<number, Environment>();
  readonly jobs = new Map<number, JobRecord>();
  readonly deletedJobs = new Map<number, JobRecord>();
  readonly runs = new Map<number, RunRecord>();
  private next: Record<IdKind, number> = { ...FIRST_ID };
  saves: ChangeSink = NOWHERE;

  constructor(
    readonly accountId: number,
    readonly now: () => number,
  ) {
    const at = now();
    this.project = { id: 70_001, name: 'Tapestry sandbox', dbtName: 'tapestry', connectionId: 60_001, repositoryId: 50_001, createdAt: at };
    this.environments.set(40_001, { id: 40_001, projectId: this.project.id, name: 'Production', dbtVersion: 'latest', createdAt: at });
  }

  nextId(kind: IdKind): number {
    return this.next[kind]++;
  }

  /** The next id of each kind (to persist). */
  idCounters(): Record<IdKind, number> {
    return { ...this.next };
  }

  /** Continues ids after saved counters, never going back (an id is never issued twice). */
  continueIds(saved: Partial<Record<IdKind, number>>): void {
    for (const kind of Object.keys(FIRST_ID) as IdKind[]) this.next[kind] = Math.max(this.next[kind], saved[kind] ?? 0);
  }

  /** Earlier runs of the same job that have not finished: dbt Cloud runs one run of a job at a time. */
  blockersOf(run: RunRecord): number[] {
    return [...this.runs.values()].filter((r) => r.jobId === run.jobId && r.id < run.id && !isTerminal(r.status)).map((r) => r.id);
  }

  /** A live or deleted job (runs keep pointing at deleted jobs). */
  anyJob(id: number): JobRecord | undefined {
    return this.jobs.get(id) ?? this.deletedJobs.get(id);
  }
}
