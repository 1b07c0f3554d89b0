// What a run's state allows: the pages (which buttons, whether to keep refreshing) and the
// services that refuse a cancel or retry the state does not allow (lib/services/runs/trigger-run.ts)
// read the same rules, so the page never offers what would fail.
import type { RunState } from '@/lib/generated/prisma/enums';

/** Not finished: the worker still advances (or, STALLED, watches) the run. */
export const ACTIVE_RUN_STATES = ['QUEUED', 'RUNNING', 'STALLED'] as const satisfies readonly RunState[];

export function isActiveRun(state: RunState): boolean {
  return (ACTIVE_RUN_STATES as readonly RunState[]).includes(state);
}

/** Someone may still ask the worker to stop it (once; a second request would be refused). */
export function isCancellable(state: RunState, cancelRequested: boolean): boolean {
  return isActiveRun(state) && !cancelRequested;
}

/** A failed or cancelled run can be run again with the same sources. */
export function isRetryable(state: RunState): boolean {
  return state === 'FAILED' || state === 'CANCELLED';
}
