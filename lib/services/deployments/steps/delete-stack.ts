import 'server-only';
// Tear-down step "delete_stack": deletes the stack (token-idempotent) and follows it to the end,
// storing its events like a creation. DELETE_FAILED (a resource CloudFormation could not remove,
// e.g. a non-empty bucket) fails with that resource and its reason.
import { StepFailure, type StepContext, type StepOutcome } from '../step-types';
import { clientToken, withCloudFormation } from './cloudformation-session';
import { followStack } from './stack';

export async function deleteStackStep(ctx: StepContext): Promise<StepOutcome> {
  const d = ctx.deployment;
  if (!ctx.detail.requested) {
    const stackId = await withCloudFormation(ctx, async (cfn) => {
      const stack = await cfn.describeStack(d.stackName);
      if (stack) await cfn.deleteStack(d.stackName, clientToken(ctx, 'delete'));
      return stack?.stackId;
    });
    if (!stackId) {
      await ctx.ledger.remove('cloudformation', 'stack', d.stackName);
      return { status: 'done', detail: { removed: [], note: 'No stack existed.' } };
    }
    return { status: 'wait', ms: 1_000, detail: { requested: true, stackId, lastEventAt: Date.now() } };
  }
  const outcome = await followStack(
    ctx,
    (status) => (status === 'DELETE_COMPLETE' ? 'done' : status === 'DELETE_FAILED' ? 'failed' : 'moving'),
    (_status, cause) =>
      new StepFailure('The stack could not be deleted', cause ?? 'CloudFormation could not delete every resource.', 'Remove or empty the resource named, then retry the tear-down.', 'DELETE_FAILED'),
  );
  if (outcome.status === 'done') {
    await ctx.ledger.remove('cloudformation', 'stack', d.stackName);
    return { status: 'done', detail: { ...outcome.detail, removed: [`CloudFormation stack ${d.stackName}`] } };
  }
  return outcome;
}
