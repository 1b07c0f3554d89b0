import 'server-only';
// Stack events as the deploy page shows them: stored once per CloudFormation EventId (a unique
// index, so a tick re-run after a crash cannot store one twice) in the order they arrived, and the
// cursor moved to the newest only after they are stored (REL-3).
import { inOrg } from '@/lib/db/tenant';
import type { StackEventView } from '@/lib/integrations/aws/cloudformation';

export async function storeStackEvents(d: { id: string; orgId: string; pipelineId: string }, events: readonly StackEventView[]): Promise<void> {
  if (events.length === 0) return;
  const newest = events[events.length - 1] as StackEventView;
  await inOrg(d.orgId, async (tx) => {
    await tx.stackEvent.createMany({
      data: events.map((e) => ({
        orgId: d.orgId,
        pipelineId: d.pipelineId,
        deploymentId: d.id,
        eventId: e.eventId,
        logicalId: e.logicalId,
        physicalId: e.physicalId ?? null,
        resourceType: e.resourceType,
        status: e.status,
        reason: e.reason ?? null,
        occurredAt: e.timestamp,
      })),
      skipDuplicates: true,
    });
    await tx.deployment.update({ where: { id: d.id }, data: { eventCursor: newest.eventId, lastEventAt: new Date() } });
  });
}
