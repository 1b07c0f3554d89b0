// What a deployment step is to the engine (advance-deployment.ts): a function of the step's
// context that does a bounded piece of work and says whether the step is done, must be looked at
// again later (a stack still creating), or is not needed. What it created goes to the ledger as it
// goes, and what it wants to remember across ticks goes in `detail`, so a step run again after a
// crash continues instead of repeating.
import type { DeploymentKind } from '@/lib/generated/prisma/enums';
import type { Infrastructure } from '@/lib/pipeline/infrastructure';
import type { PipelineSpec } from '@/lib/pipeline/spec';
import type { DeployEnvironment } from './environment';
import type { Ledger } from './ledger';

export type StepDetail = Record<string, unknown>;

export type StepOutcome =
  | { status: 'done'; detail?: StepDetail }
  | { status: 'wait'; ms: number; detail?: StepDetail }
  | { status: 'skipped'; detail?: StepDetail };

export interface DeploymentFacts {
  id: string;
  orgId: string;
  orgSlug: string;
  pipelineId: string;
  pipelineSlug: string;
  kind: DeploymentKind;
  operationId: string;
  stackName: string;
  changeSetName: string | null;
  spec: PipelineSpec;
  infrastructure: Infrastructure;
  options: Record<string, unknown>;
  eventCursor: string | null;
  /** Someone has the deploy page open: poll faster (REL-4). */
  watched: boolean;
}

export interface StepContext {
  deployment: DeploymentFacts;
  /** What this step saved on earlier ticks. */
  detail: StepDetail;
  /** The details of the steps before it, by name (e.g. the outputs step's stack outputs). */
  earlier: Record<string, StepDetail>;
  env: DeployEnvironment;
  ledger: Ledger;
  /** Persists deployment-level facts as they are learned (template body, change set, cursor). */
  save(patch: DeploymentPatch): Promise<void>;
}

export interface DeploymentPatch {
  templateBody?: string;
  parameters?: unknown;
  changes?: unknown;
  changeSetName?: string;
  eventCursor?: string;
  lastEventAt?: Date;
  report?: unknown;
}

export type StepRunner = (ctx: StepContext) => Promise<StepOutcome>;

/** REL-4: the cloud is polled every 5 s while someone watches, else every 60 s. */
export function cloudPollMs(watched: boolean): number {
  return watched ? 5_000 : 60_000;
}

/** REL-4: Airbyte, dbt and Grouparoo every 10 s while watched, else 60 s. */
export function servicePollMs(watched: boolean): number {
  return watched ? 10_000 : 60_000;
}

/** A step that cannot succeed as things are (a rolled-back stack, a refused grant): not retried. */
export class StepFailure extends Error {
  constructor(
    readonly title: string,
    override readonly cause: string,
    readonly hint: string,
    readonly code = 'STEP_FAILED',
  ) {
    super(cause);
    this.name = 'StepFailure';
  }
}
