// Operations a stopped stand-in left under way, taken up again when it restarts from its state
// file, as real CloudFormation never loses an operation to its own restarts. The stack's status
// names the phase to carry on with (the resource steps find their own place from the events, see
// resource-ops.ts); an execution's change set still learns how it ended; change sets still being
// computed finish computing.
import { computeChangeSet, executionSettled } from './actions-change-sets';
import type { CloudFormationEngine } from './engine';
import type { StackStatus } from './model';
import type { Operation } from './operation';
import { cleanUpRollback, cleanUpUpdate, finishDelete, finishRollback, rollbackUpdate, runCreate, runUpdate } from './stack-ops';

const PHASES: Partial<Record<StackStatus, (op: Operation) => Promise<void>>> = {
  CREATE_IN_PROGRESS: (op) => runCreate(op, op.stack.onFailure ?? (op.stack.disableRollback ? 'DO_NOTHING' : 'ROLLBACK')),
  ROLLBACK_IN_PROGRESS: finishRollback,
  DELETE_IN_PROGRESS: (op) => finishDelete(op, op.stack.retaining ?? []),
  UPDATE_IN_PROGRESS: runUpdate,
  UPDATE_COMPLETE_CLEANUP_IN_PROGRESS: cleanUpUpdate,
  UPDATE_ROLLBACK_IN_PROGRESS: rollbackUpdate,
  UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS: cleanUpRollback,
};

export function resumeOperations(engine: CloudFormationEngine): void {
  for (const stack of engine.store.all()) {
    const phase = PHASES[stack.status];
    if (!phase) continue;
    const execution = stack.changeSetId === undefined ? undefined : engine.store.changeSets.get(stack.changeSetId);
    const settled = execution?.executionStatus === 'EXECUTE_IN_PROGRESS' ? executionSettled(execution) : undefined;
    engine.run(engine.begin(stack, stack.lastToken), phase, settled);
  }
  for (const changeSet of engine.store.changeSets.values()) {
    if (changeSet.status === 'CREATE_PENDING' || changeSet.status === 'CREATE_IN_PROGRESS') void computeChangeSet(engine, changeSet);
  }
}
