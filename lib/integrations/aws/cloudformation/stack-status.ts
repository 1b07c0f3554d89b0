// CloudFormation's stack statuses sorted the way a deploy job needs them: still moving (keep
// polling), settled well, settled badly, and what it takes to get a badly settled stack moving
// again (REL-3: ROLLBACK_COMPLETE → delete then recreate; UPDATE_ROLLBACK_FAILED →
// ContinueUpdateRollback). REVIEW_IN_PROGRESS is none of the three: a stack made by a CREATE
// change set that waits for it to be executed.

/** An operation is running; the status will change without us. */
const IN_PROGRESS = [
  'CREATE_IN_PROGRESS',
  'ROLLBACK_IN_PROGRESS',
  'DELETE_IN_PROGRESS',
  'UPDATE_IN_PROGRESS',
  'UPDATE_COMPLETE_CLEANUP_IN_PROGRESS',
  'UPDATE_ROLLBACK_IN_PROGRESS',
  'UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS',
  'IMPORT_IN_PROGRESS',
  'IMPORT_ROLLBACK_IN_PROGRESS',
] as const;

/** The operation that ran did what was asked. */
const TERMINAL_SUCCESS = [
  /** Every resource was created. */
  'CREATE_COMPLETE',
  /** The update went through. */
  'UPDATE_COMPLETE',
  /** Resources were imported. */
  'IMPORT_COMPLETE',
  /** The stack is gone (the end of a teardown). */
  'DELETE_COMPLETE',
] as const;

/** The operation that ran failed; see `stackRecovery` for what the stack allows next. */
const TERMINAL_FAILURE = [
  /** Creation failed with rollback disabled: the created resources remain. */
  'CREATE_FAILED',
  /** Creation failed and was rolled back: the stack holds nothing and can only be deleted. */
  'ROLLBACK_COMPLETE',
  /** Creation failed and so did its rollback: delete the stack (retaining what will not go). */
  'ROLLBACK_FAILED',
  /** Deletion failed: some resource would not go. */
  'DELETE_FAILED',
  /** An update failed with rollback disabled. */
  'UPDATE_FAILED',
  /** An update failed and was rolled back: the stack is usable, as it was before. */
  'UPDATE_ROLLBACK_COMPLETE',
  /** An update failed and so did its rollback: nothing but ContinueUpdateRollback moves it. */
  'UPDATE_ROLLBACK_FAILED',
  /** An import failed and was rolled back: the stack is usable. */
  'IMPORT_ROLLBACK_COMPLETE',
  'IMPORT_ROLLBACK_FAILED',
] as const;

export const STACK_STATUS: { terminalSuccess: Set<string>; terminalFailure: Set<string>; inProgress: Set<string> } = {
  terminalSuccess: new Set(TERMINAL_SUCCESS),
  terminalFailure: new Set(TERMINAL_FAILURE),
  inProgress: new Set(IN_PROGRESS),
};

/** What a stack in a settled status needs before the pipeline can be deployed again. */
export type StackRecovery =
  /** Nothing: it can be updated through a change set as it is. */
  | 'none'
  /** Gone, never created, or REVIEW_IN_PROGRESS (made by an unexecuted CREATE change set): a CREATE change set. */
  | 'create'
  /** ROLLBACK_COMPLETE / ROLLBACK_FAILED / CREATE_FAILED / DELETE_FAILED: delete it, then create it again. */
  | 'delete-then-create'
  /** UPDATE_ROLLBACK_FAILED: ContinueUpdateRollback, then it is usable again. */
  | 'continue-update-rollback'
  /** Still moving: wait for it to settle. */
  | 'wait';

export function stackRecovery(status: string | undefined): StackRecovery {
  if (status === undefined || status === 'DELETE_COMPLETE' || status === 'REVIEW_IN_PROGRESS') return 'create';
  if (STACK_STATUS.inProgress.has(status)) return 'wait';
  if (status === 'UPDATE_ROLLBACK_FAILED') return 'continue-update-rollback';
  if (['ROLLBACK_COMPLETE', 'ROLLBACK_FAILED', 'CREATE_FAILED', 'DELETE_FAILED'].includes(status)) return 'delete-then-create';
  return 'none';
}
