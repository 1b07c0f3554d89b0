import 'server-only';
// The review step's "Save pipeline": the whole draft must be a valid spec whose every secret
// reference names a stored credential; then it becomes the saved design (component rows), the
// draft is cleared and a DRAFT pipeline is READY to deploy. Findings come back per field with the
// first step that has any, so the wizard can send the user there.
import { auditActor } from '@/lib/audit';
import type { Actor } from '@/lib/authz/actor';
import { assertCan } from '@/lib/authz/assert';
import { inOrg } from '@/lib/db/tenant';
import { AppError } from '@/lib/errors';
import { Prisma } from '@/lib/generated/prisma/client';
import { formatPath, missingSecrets, validateSpec, WIZARD_STEPS, type PipelineSpec } from '@/lib/pipeline/spec';
import { writeDesign, targetColumns } from '@/lib/dal/pipelines/design-rows';
import { assertEditable, draftOf, findPipeline } from '@/lib/dal/pipelines/pipeline-record';
import { slugTaken, slugTakenMessage } from './slug';
import { staleDraft } from './update-draft';

/** The wizard step a finding's path belongs to (`sources[1].config.x` → sources). */
export function stepOfPath(path: string): (typeof WIZARD_STEPS)[number] {
  const head = /^[a-z]+/i.exec(path)?.[0] ?? '';
  if (head === 'slug') return 'name';
  return WIZARD_STEPS.find((s) => s === head) ?? 'review';
}

function refuse(errors: Record<string, string>): never {
  const firstStep = WIZARD_STEPS.find((step) => Object.keys(errors).some((p) => stepOfPath(p) === step)) ?? 'review';
  throw new AppError(
    'VALIDATION',
    `The pipeline is not complete yet: ${Object.keys(errors).length} finding(s), starting at the ${firstStep} step.`,
    Object.fromEntries(Object.entries(errors).map(([path, message]) => [path, [message]])),
  );
}

export async function saveDesign(actor: Actor, input: { id: string; version: number }): Promise<{ version: number; spec: PipelineSpec }> {
  await assertCan(actor, 'pipelines:edit', 'pipeline.save');
  return inOrg(actor.orgId, async (tx) => {
    const row = await findPipeline(tx, actor, input.id);
    assertEditable(row);
    if (row.version !== input.version) throw staleDraft();
    const { step: _step, ...draft } = await draftOf(tx, row);
    const result = validateSpec(draft);
    if (!result.ok) refuse(result.errors);
    const spec = result.spec;
    const stored = (await tx.credential.findMany({ where: { orgId: actor.orgId }, select: { name: true } })).map((c) => c.name);
    const missing = missingSecrets(spec, stored);
    if (missing.length > 0) refuse(Object.fromEntries(missing.map((m) => [formatPath(m.path), `No credential named "${m.secret}": set the value here.`])));
    if (spec.slug !== row.slug && (await slugTaken(tx, actor.orgId, spec.slug, row.id))) refuse({ slug: slugTakenMessage(spec.slug) });

    await writeDesign(tx, actor.orgId, row.id, spec);
    const version = row.version + 1;
    const { count } = await tx.pipeline.updateMany({
      where: { id: row.id, orgId: actor.orgId, version: row.version },
      data: {
        name: spec.name,
        slug: spec.slug,
        ...targetColumns(spec),
        status: row.status === 'DRAFT' ? 'READY' : row.status,
        draft: Prisma.DbNull,
        draftStep: null,
        savedAt: new Date(),
        version,
        updatedById: actor.userId,
      },
    });
    if (count !== 1) throw staleDraft();
    await auditActor(tx, actor, 'pipeline.save', { type: 'pipeline', id: row.id }, {
      slug: spec.slug,
      target: spec.target.kind,
      sources: spec.sources.map((s) => s.type),
      destinations: spec.destinations.map((d) => d.type),
      firstSave: row.status === 'DRAFT',
    });
    return { version, spec };
  });
}
