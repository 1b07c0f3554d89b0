import 'server-only';
// Step "stack": executes the confirmed change set (once: the token makes a repeat a no-op) and
// follows the stack until it settles, storing its events as they come (REL-3: paged back to the
// stored cursor, so none is shown twice or skipped across restarts). A creation that rolled back
// fails the step with the first resource failure CloudFormation reported and how to retry.
import { STACK_STATUS, type StackEventView } from '@/lib/integrations/aws/cloudformation';
import { storeStackEvents } from '../stack-events';
import { StepFailure, cloudPollMs, type StepContext, type StepOutcome } from '../step-types';
import { clientToken, withCloudFormation } from './cloudformation-session';

/** REL-3: a stack that has said nothing for this long is flagged as stalled on the page. */
export const STALL_MS = 20 * 60_000;

const FAILED_RESOURCE = /_FAILED$/;

/** The first resource failure of this deployment's events: the root cause, not the cascade. */
function rootCause(events: readonly StackEventView[], stackName: string): string | undefined {
  const failure = events.find((e) => FAILED_RESOURCE.test(e.status) && e.logicalId !== stackName && e.reason && !/cancelled/i.test(e.reason));
  return failure ? `${failure.logicalId} (${failure.resourceType}): ${failure.reason}` : undefined;
}

export async function followStack(
  ctx: StepContext,
  settled: (status: string) => 'done' | 'failed' | 'moving',
  failure: (status: string, cause: string | undefined) => StepFailure,
): Promise<StepOutcome> {
  const d = ctx.deployment;
  // By id once known: a deleted stack's events are still read by its id, not by its name.
  const stackRef = typeof ctx.detail.stackId === 'string' ? ctx.detail.stackId : d.stackName;
  return withCloudFormation(ctx, async (cfn) => {
    const read = async (after: string | null) => {
      const events = await cfn.eventsSince(stackRef, after ?? undefined);
      await storeStackEvents({ id: d.id, orgId: d.orgId, pipelineId: d.pipelineId }, events);
      return { events, cursor: events.at(-1)?.eventId ?? after };
    };
    let { events, cursor } = await read(d.eventCursor);
    // REL-4 (≤ 300 calls in a 20-minute creation, polled every 5 s): every change of the stack's
    // status is also an event of the stack itself, so DescribeStacks is needed only when such an
    // event arrived; the other polls cost one DescribeStackEvents. The status is trusted only with
    // the cursor it was saved at: a tick killed after storing events but before saving the status
    // leaves the two apart, and the next tick asks CloudFormation again.
    const known = typeof ctx.detail.status === 'string' && ctx.detail.statusCursor === d.eventCursor ? ctx.detail.status : undefined;
    const described = known === undefined || events.some((e) => e.resourceType === 'AWS::CloudFormation::Stack');
    const stack = described ? await cfn.describeStack(stackRef) : undefined;
    const status = described || known === undefined ? (stack?.status ?? 'DELETE_COMPLETE') : known;
    const state = settled(status);
    if (described && state !== 'moving') {
      // It settled after the events were read: its last events (the final status among them) came later.
      const late = await read(cursor);
      events = [...events, ...late.events];
      cursor = late.cursor;
    }
    const seen = [...((ctx.detail.failures as StackEventView[] | undefined) ?? []), ...events.filter((e) => FAILED_RESOURCE.test(e.status))].slice(0, 20);
    const lastEventAt = events.length > 0 ? Date.now() : Number(ctx.detail.lastEventAt ?? Date.now());
    const detail = { ...ctx.detail, status, statusCursor: cursor, failures: seen, lastEventAt, stalled: Date.now() - lastEventAt > STALL_MS };
    if (state === 'done') return { status: 'done', detail };
    if (state === 'failed') throw failure(status, rootCause(seen, d.stackName) ?? stack?.statusReason);
    return { status: 'wait', ms: cloudPollMs(d.watched), detail };
  });
}

export async function stackStep(ctx: StepContext): Promise<StepOutcome> {
  const d = ctx.deployment;
  if (ctx.earlier.change_set?.noChanges === true) return { status: 'skipped', detail: { reason: 'The stack is already up to date.' } };
  if (!ctx.detail.executed) {
    if (!d.changeSetName) throw new StepFailure('No change set', 'This deployment has no change set to carry out.', 'Cancel it and deploy again.');
    await withCloudFormation(ctx, (cfn) => cfn.executeChangeSet(d.stackName, d.changeSetName as string, clientToken(ctx, `execute-${String(ctx.earlier.change_set?.round ?? 1)}`)));
    const stackId = ctx.earlier.change_set?.stackId;
    return { status: 'wait', ms: 1_000, detail: { executed: true, lastEventAt: Date.now(), ...(typeof stackId === 'string' ? { stackId } : {}) } };
  }
  return followStack(
    ctx,
    (status) => (STACK_STATUS.terminalSuccess.has(status) ? 'done' : STACK_STATUS.terminalFailure.has(status) || status === 'UPDATE_ROLLBACK_COMPLETE' || status === 'DELETE_COMPLETE' ? 'failed' : 'moving'),
    (status, cause) =>
      new StepFailure(
        status === 'UPDATE_ROLLBACK_COMPLETE' ? 'The stack update was rolled back' : 'The stack could not be created',
        cause ?? `CloudFormation ended in ${status}.`,
        status === 'UPDATE_ROLLBACK_COMPLETE'
          ? 'The stack is back as it was. Fix the cause, then retry: Tapestry plans a new change set.'
          : 'CloudFormation rolled the stack back. Fix the cause, then retry: Tapestry deletes the failed stack and plans a new change set.',
        status,
      ),
  );
}
