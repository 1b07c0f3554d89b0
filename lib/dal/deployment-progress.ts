// How far along a deployment is and how long it still needs (UX-2), from how long each step is
// expected to take. Pure: the server renders the first figures with it and the deploy page's
// client component recomputes them every second from the live step states, so the number moves
// while a long step (the stack) runs.
import type { DeploymentKind, DeploymentState, StepState } from '@/lib/generated/prisma/enums';
import type { StepName } from '@/lib/deploy/step-names';

/** Nothing follows these states (a retry starts the deployment again). */
export const TERMINAL_STATES: ReadonlySet<DeploymentState> = new Set(['SUCCEEDED', 'FAILED', 'CANCELLED']);

export interface ProgressStep {
  name: string;
  state: StepState;
  /** ISO time the step started, if it has. */
  startedAt: string | null;
}

export interface Progress {
  /** 0–100, whole numbers; 100 only when every step finished. */
  percent: number;
  /** What the remaining steps are expected to take from `now`. */
  remainingMs: number;
}

/** Typical durations on AWS, used until the organization has a succeeded deployment of the kind. */
const AWS_DEFAULT_MS: Record<StepName, number> = {
  template: 2_000,
  change_set: 30_000,
  stack: 15 * 60_000,
  outputs: 3_000,
  warehouse: 20_000,
  airbyte: 60_000,
  transformation: 20_000,
  grouparoo: 60_000,
  first_run: 3_000,
  remove_grouparoo: 30_000,
  remove_airbyte: 30_000,
  remove_transformation: 10_000,
  remove_warehouse: 20_000,
  delete_stack: 10 * 60_000,
};

/** A stack update (redeploy, resize) changes a few resources, not all of them. */
const UPDATE_STACK_MS = 5 * 60_000;
/** The sandbox's stand-ins answer in seconds what AWS does in minutes. */
const SANDBOX_FACTOR = 0.05;
const UNKNOWN_STEP_MS = 30_000;
/** A running step is never shown as more than this share done: it has not finished. */
const RUNNING_CAP = 0.9;

export function defaultStepMs(name: string, kind: DeploymentKind, target: 'aws' | 'sandbox'): number {
  const known = (AWS_DEFAULT_MS as Record<string, number | undefined>)[name];
  const base = name === 'stack' && kind !== 'CREATE' ? UPDATE_STACK_MS : (known ?? UNKNOWN_STEP_MS);
  return target === 'sandbox' ? Math.max(1_000, Math.round(base * SANDBOX_FACTOR)) : base;
}

const FINISHED: ReadonlySet<StepState> = new Set(['SUCCEEDED', 'SKIPPED']);

/**
 * Finished steps count in full, weighted by their expected durations; the running one counts for
 * the share of its expected time already spent (at most 90 %), so the bar moves but never reaches
 * the end early. Remaining time: the rest of the running step (at least a tenth of it when it
 * overruns) and every step not started.
 */
export function deploymentProgress(steps: readonly ProgressStep[], expectedMs: Readonly<Record<string, number>>, now: number): Progress {
  let total = 0;
  let done = 0;
  let remainingMs = 0;
  for (const step of steps) {
    const weight = expectedMs[step.name] ?? UNKNOWN_STEP_MS;
    total += weight;
    if (FINISHED.has(step.state)) {
      done += weight;
    } else if (step.state === 'RUNNING' && step.startedAt) {
      const elapsed = Math.max(0, now - Date.parse(step.startedAt));
      done += Math.min(elapsed, weight * RUNNING_CAP);
      remainingMs += Math.max(weight - elapsed, weight * (1 - RUNNING_CAP));
    } else {
      remainingMs += weight;
    }
  }
  const allDone = steps.length > 0 && steps.every((s) => FINISHED.has(s.state));
  if (allDone || total === 0) return { percent: allDone ? 100 : 0, remainingMs: 0 };
  return { percent: Math.min(99, Math.floor((100 * done) / total)), remainingMs: Math.round(remainingMs) };
}
