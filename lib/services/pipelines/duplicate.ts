import 'server-only';
// Duplicate: a new DRAFT pipeline with the same design (the unsaved draft if there is one, else
// the saved design) under a free slug. The original's own credentials are copied into credentials
// of the copy, so editing or deleting either pipeline leaves the other's secrets alone;
// organization-wide credentials stay shared references.
import { auditActor } from '@/lib/audit';
import type { Actor } from '@/lib/authz/actor';
import { assertCan } from '@/lib/authz/assert';
import { inOrg } from '@/lib/db/tenant';
import type { Prisma } from '@/lib/generated/prisma/client';
import { newId } from '@/lib/ids';
import { isRecord } from '@/lib/pipeline/catalog/schema-nodes';
import { isSecretRef } from '@/lib/pipeline/spec';
import { revealForIntegration } from '@/lib/secrets/reveal';
import { putPipelineCredential } from '@/lib/secrets/pipeline-credentials';
import { draftOf, findPipeline, storedDraft, type DraftState } from '@/lib/dal/pipelines/pipeline-record';
import { freeSlug } from './slug';

function renameRefs(value: unknown, names: Map<string, string>): unknown {
  if (isSecretRef(value)) return { secret: names.get(value.secret) ?? value.secret };
  if (Array.isArray(value)) return value.map((item) => renameRefs(item, names));
  if (isRecord(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, renameRefs(v, names)]));
  return value;
}

const copyName = (name: string, from: string, to: string) => (name.startsWith(`${from}-`) ? `${to}${name.slice(from.length)}` : `${to}-${name}`).slice(0, 64).replace(/[-_]+$/, '');

export async function duplicatePipeline(actor: Actor, id: string): Promise<{ id: string; slug: string }> {
  await assertCan(actor, 'pipelines:edit', 'pipeline.duplicate');
  const copyId = newId();
  const { slug, owned } = await inOrg(actor.orgId, async (tx) => {
    const row = await findPipeline(tx, actor, id);
    const draft = await draftOf(tx, row);
    const newSlug = await freeSlug(tx, actor.orgId, `${row.slug.slice(0, 50)}-copy`);
    const own = await tx.credential.findMany({ where: { orgId: actor.orgId, pipelineId: row.id }, select: { name: true, kind: true } });
    const names = new Map(own.map((c) => [c.name, copyName(c.name, row.slug, newSlug)]));
    const name = `${String(draft.name ?? row.name).slice(0, 92)} (copy)`;
    const copy = { ...(renameRefs(draft, names) as DraftState), name, slug: newSlug };
    await tx.pipeline.create({
      data: { id: copyId, orgId: actor.orgId, name, slug: newSlug, draft: storedDraft(copy) as Prisma.InputJsonValue, draftStep: draft.step, createdById: actor.userId, updatedById: actor.userId },
    });
    await auditActor(tx, actor, 'pipeline.duplicate', { type: 'pipeline', id: copyId }, { from: row.id, fromSlug: row.slug, slug: newSlug, credentialsCopied: [...names.values()] });
    return { slug: newSlug, owned: own.map((c) => ({ ...c, copy: names.get(c.name)! })) };
  });
  for (const credential of owned) {
    const { value } = await revealForIntegration(actor.orgId, credential.name);
    await putPipelineCredential(actor, copyId, { name: credential.copy, kind: credential.kind, value }, { audit: false });
  }
  return { id: copyId, slug };
}
