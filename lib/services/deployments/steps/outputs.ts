import 'server-only';
// Step "outputs": the stack's outputs (Airbyte's address, the cluster, the dbt task definition…)
// recorded in the ledger with the stack itself, for the steps after it and for the tear-down.
import { StepFailure, type StepContext, type StepOutcome } from '../step-types';
import { withCloudFormation } from './cloudformation-session';

export async function outputsStep(ctx: StepContext): Promise<StepOutcome> {
  const d = ctx.deployment;
  const stack = await withCloudFormation(ctx, (cfn) => cfn.describeStack(d.stackName));
  if (!stack) throw new StepFailure('The stack is gone', `CloudFormation has no stack named ${d.stackName}.`, 'Deploy again to create it.');
  await ctx.ledger.record('cloudformation', 'stack', d.stackName, stack.stackId, { status: stack.status, outputs: stack.outputs });
  return { status: 'done', detail: { stackId: stack.stackId, outputs: stack.outputs } };
}

/** The outputs as the outputs step recorded them (or the ledger, for a tear-down). */
export async function stackOutputs(ctx: StepContext): Promise<Record<string, string>> {
  const fromStep = ctx.earlier.outputs?.outputs as Record<string, string> | undefined;
  if (fromStep) return fromStep;
  const entry = await ctx.ledger.find('cloudformation', 'stack', ctx.deployment.stackName);
  return ((entry?.details?.outputs as Record<string, string> | undefined) ?? {});
}
