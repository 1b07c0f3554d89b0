import 'server-only';
// The wizard's first step: a named pipeline exists from the moment its name and slug are valid
// and free, so everything after is saved as a draft on it.
import { auditActor } from '@/lib/audit';
import type { Actor } from '@/lib/authz/actor';
import { assertCan } from '@/lib/authz/assert';
import { inOrg } from '@/lib/db/tenant';
import { AppError } from '@/lib/errors';
import { newId } from '@/lib/ids';
import { validateStep } from '@/lib/pipeline/spec';
import { isSlugClash, slugTaken, slugTakenMessage } from './slug';

export async function createPipeline(actor: Actor, input: { name: string; slug: string }): Promise<{ id: string }> {
  await assertCan(actor, 'pipelines:edit', 'pipeline.create');
  const name = input.name.trim();
  const slug = input.slug.trim();
  const errors = validateStep({ name, slug }, 'name');
  if (Object.keys(errors).length > 0) throw new AppError('VALIDATION', undefined, Object.fromEntries(Object.entries(errors).map(([k, v]) => [k, [v]])));
  const id = newId();
  try {
    await inOrg(actor.orgId, async (tx) => {
      if (await slugTaken(tx, actor.orgId, slug)) throw new AppError('VALIDATION', undefined, { slug: [slugTakenMessage(slug)] });
      await tx.pipeline.create({
        data: { id, orgId: actor.orgId, name, slug, draft: { name, slug }, draftStep: 'target', createdById: actor.userId, updatedById: actor.userId },
      });
      await auditActor(tx, actor, 'pipeline.create', { type: 'pipeline', id }, { name, slug });
    });
  } catch (error) {
    if (isSlugClash(error)) throw new AppError('VALIDATION', undefined, { slug: [slugTakenMessage(slug)] });
    throw error;
  }
  return { id };
}
