// What a run stage is to the run engine (advance-run.ts): a bounded piece of work per tick over
// the stage's external jobs, each recorded (run_job) before it is started, so a tick re-run after
// a crash finds and attaches to the job instead of starting another.
import type { DeployEnvironment } from '@/lib/services/deployments/environment';
import type { Ledger } from '@/lib/services/deployments/ledger';
import type { StepContext } from '@/lib/services/deployments/step-types';
import type { PipelineSpec } from '@/lib/pipeline/spec';

export interface RunJobRow {
  id: string;
  naturalKey: string;
  attempt: number;
  externalId: string | null;
  status: string;
  rows: bigint;
  bytes: bigint;
  startedAt: Date | null;
  finishedAt: Date | null;
  detail: unknown;
}

export interface StageContext {
  run: { id: string; orgId: string; pipelineId: string; number: number; sources: string[] };
  stage: { id: string; attempts: number };
  spec: PipelineSpec;
  jobs: RunJobRow[];
  env: DeployEnvironment;
  ledger: Ledger;
  /** A deployment step context for the helpers shared with deployments (names, outputs, warehouse plan). */
  deploymentContext: StepContext;
  watched: boolean;
  /** Records a job (before starting it) or its progress. */
  saveJob(job: { naturalKey: string; attempt?: number; system: string; externalId?: string | null; status: string; rows?: number; bytes?: number; finished?: boolean; detail?: unknown }): Promise<void>;
}

export type StageOutcome =
  | { status: 'done'; rows: number; bytes: number; logs?: string }
  | { status: 'wait'; ms: number }
  | { status: 'skipped'; logs: string };

export type StageRunner = (ctx: StageContext) => Promise<StageOutcome>;

/** A stage that ended badly in the outside world (a failed sync, a model error): not retried. */
export class StageFailure extends Error {
  constructor(
    readonly title: string,
    override readonly cause: string,
    readonly hint: string,
    readonly logs?: string,
  ) {
    super(cause);
    this.name = 'StageFailure';
  }
}
