import 'server-only';
// Deleting a pipeline that has nothing deployed (a draft, a saved but never deployed design, or
// one already torn down): its components and its own credentials go with it (foreign keys cascade).
// A deployed pipeline must be torn down first, so nothing is left running unowned.
import { auditActor } from '@/lib/audit';
import type { Actor } from '@/lib/authz/actor';
import { assertCan } from '@/lib/authz/assert';
import { inOrg } from '@/lib/db/tenant';
import { AppError } from '@/lib/errors';
import { isDeletable, STATUS_LABEL } from '@/lib/pipeline/status';
import { findPipeline } from '@/lib/dal/pipelines/pipeline-record';

export async function deletePipeline(actor: Actor, id: string): Promise<{ slug: string }> {
  await assertCan(actor, 'pipelines:edit', 'pipeline.delete');
  return inOrg(actor.orgId, async (tx) => {
    const row = await findPipeline(tx, actor, id);
    if (!isDeletable(row.status)) {
      throw new AppError('CONFLICT', `"${row.name}" is ${STATUS_LABEL[row.status].toLowerCase()}: tear it down before deleting it, so nothing keeps running on your account.`);
    }
    const credentials = await tx.credential.findMany({ where: { orgId: actor.orgId, pipelineId: row.id }, select: { name: true } });
    await tx.pipeline.delete({ where: { id: row.id } });
    await auditActor(tx, actor, 'pipeline.delete', { type: 'pipeline', id: row.id }, {
      name: row.name,
      slug: row.slug,
      status: row.status,
      credentialsDeleted: credentials.map((c) => c.name),
    });
    return { slug: row.slug };
  });
}
