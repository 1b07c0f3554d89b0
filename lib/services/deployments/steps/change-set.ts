import 'server-only';
// Step "change_set": what the stack update (or creation) will do, before it does anything. A
// stack left in ROLLBACK_COMPLETE by a failed creation is deleted first (it cannot be updated);
// one still moving is waited for. The change set's name and token come from the deployment, so a
// re-run finds the one it already asked for. A change set that changes nothing is recorded as such.
import { stackRecovery } from '@/lib/integrations/aws/cloudformation';
import { StepFailure, cloudPollMs, type StepContext, type StepOutcome } from '../step-types';
import { clientToken, withCloudFormation } from './cloudformation-session';
import { stackTemplateFor } from './template';
import { secretParameterValues } from './stack-parameters';

const CHANGE_SET_POLL_MS = 2_000;

export async function changeSetStep(ctx: StepContext): Promise<StepOutcome> {
  const d = ctx.deployment;
  // Retries of a failed stack step plan again under a new name (the old change set was executed).
  const round = Number(ctx.detail.round ?? 1);
  const name = `tapestry-${d.operationId.slice(0, 8)}-${round}`;
  return withCloudFormation(ctx, async (cfn) => {
    if (!ctx.detail.changeSetId) {
      const stack = await cfn.describeStack(d.stackName);
      const recovery = stackRecovery(stack?.status);
      if (recovery === 'wait') return { status: 'wait', ms: cloudPollMs(d.watched), detail: { ...ctx.detail, waitingFor: stack?.status } };
      if (recovery === 'delete-then-create') {
        await cfn.deleteStack(d.stackName, clientToken(ctx, `delete-failed-${round}`));
        return { status: 'wait', ms: cloudPollMs(d.watched), detail: { ...ctx.detail, deletingFailedStack: stack?.status } };
      }
      if (recovery === 'continue-update-rollback') {
        await cfn.continueUpdateRollback(d.stackName, clientToken(ctx, `continue-rollback-${round}`));
        return { status: 'wait', ms: cloudPollMs(d.watched), detail: ctx.detail };
      }
      const built = stackTemplateFor(ctx);
      const secrets = await secretParameterValues(ctx, built.parameters);
      const created = await cfn.createChangeSet({
        stackName: d.stackName,
        changeSetName: name,
        type: recovery === 'create' ? 'CREATE' : 'UPDATE',
        templateBody: built.deployBody,
        parameters: built.parameters.map((p) => ({ key: p.key, value: p.noEcho ? (secrets[p.key] ?? '') : p.value })),
        clientToken: clientToken(ctx, `change-set-${round}`),
        tags: { 'tapestry:org': d.orgSlug, 'tapestry:pipeline': d.pipelineSlug },
      });
      await ctx.save({ changeSetName: name });
      return { status: 'wait', ms: 0, detail: { round, changeSetId: created.changeSetId, stackId: created.stackId, type: recovery === 'create' ? 'CREATE' : 'UPDATE' } };
    }
    const view = await cfn.describeChangeSet(d.stackName, name);
    if (!view) throw new StepFailure('The change set disappeared', 'CloudFormation no longer knows the change set this deployment created.', 'Cancel this deployment and deploy again.');
    if (view.noChanges) {
      await ctx.save({ changes: [] });
      return { status: 'done', detail: { ...ctx.detail, noChanges: true } };
    }
    if (view.status === 'FAILED') {
      throw new StepFailure('CloudFormation refused the change set', view.statusReason ?? 'The change set could not be created.', 'Check the reason; fix the pipeline’s settings and deploy again.');
    }
    if (view.status !== 'CREATE_COMPLETE') return { status: 'wait', ms: CHANGE_SET_POLL_MS, detail: ctx.detail };
    await ctx.save({ changes: view.changes });
    return { status: 'done', detail: { ...ctx.detail, noChanges: false, changes: view.changes.length } };
  });
}
