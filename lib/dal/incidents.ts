import 'server-only';
// Read model of pipeline incidents (REL-6) for the pipeline page and, later, alerts. Takes the
// actor, checks org:read and scopes to the actor's organization. Each incident comes with its
// detail parsed for its kind; one whose detail does not parse still shows, with `detail` absent.
import type { Actor } from '@/lib/authz/actor';
import { assertCan } from '@/lib/authz/assert';
import { inOrg } from '@/lib/db/tenant';
import type { IncidentKind } from '@/lib/generated/prisma/enums';
import { parseIncidentDetail, type IncidentDetail } from '@/lib/services/reliability/incident-detail';

export interface IncidentView {
  id: string;
  pipelineId: string;
  kind: IncidentKind;
  subjectId: string;
  openedAt: Date;
  lastSeenAt: Date;
  detail?: IncidentDetail;
}

/** The organization's open incidents, newest first; only one pipeline's with `pipelineId`. */
export async function openIncidents(actor: Actor, { pipelineId }: { pipelineId?: string } = {}): Promise<IncidentView[]> {
  await assertCan(actor, 'org:read');
  const rows = await inOrg(actor.orgId, (tx) =>
    tx.pipelineIncident.findMany({
      where: { orgId: actor.orgId, resolvedAt: null, ...(pipelineId ? { pipelineId } : {}) },
      orderBy: [{ openedAt: 'desc' }, { id: 'asc' }],
      select: { id: true, pipelineId: true, kind: true, subjectId: true, openedAt: true, lastSeenAt: true, detail: true },
    }),
  );
  return rows.map(({ detail, ...row }) => {
    const parsed = parseIncidentDetail(row.kind, detail);
    return parsed ? { ...row, detail: parsed } : row;
  });
}
