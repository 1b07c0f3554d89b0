import 'server-only';
// A pipeline as a YAML file (to keep in git) and back. Export writes the saved design, or a draft
// that is already complete; secrets appear only as { secret: name }. Import validates the file and
// creates a new draft pipeline at the review step, where any credential it names that does not
// exist yet is asked for; a slug already used is reported on its line like any other finding.
import { auditActor } from '@/lib/audit';
import type { Actor } from '@/lib/authz/actor';
import { assertCan } from '@/lib/authz/assert';
import { inOrg } from '@/lib/db/tenant';
import { AppError } from '@/lib/errors';
import type { Prisma } from '@/lib/generated/prisma/client';
import { newId } from '@/lib/ids';
import { draftFromSpec, exportPipelineYaml, importPipelineYaml, validateSpec, type YamlImportError } from '@/lib/pipeline/spec';
import { readDesign } from '@/lib/dal/pipelines/design-rows';
import { findPipeline, storedDraft, type DraftState } from '@/lib/dal/pipelines/pipeline-record';
import { isSlugClash, slugTaken, slugTakenMessage } from './slug';

export async function exportPipeline(actor: Actor, id: string): Promise<{ filename: string; yaml: string }> {
  await assertCan(actor, 'org:read', 'pipeline.export');
  return inOrg(actor.orgId, async (tx) => {
    const row = await findPipeline(tx, actor, id);
    const saved = await readDesign(tx, row);
    const spec = saved ?? (() => {
      const { step: _step, ...draft } = structuredClone(row.draft ?? {}) as DraftState;
      const result = validateSpec(draft);
      return result.ok ? result.spec : undefined;
    })();
    if (!spec) throw new AppError('CONFLICT', 'This pipeline is not complete yet: finish the wizard (or fix what its review step lists) before exporting it.');
    return { filename: `${row.slug}.tapestry.yaml`, yaml: exportPipelineYaml(spec) };
  });
}

export type ImportResult = { ok: true; id: string; slug: string } | { ok: false; errors: YamlImportError[] };

/** 1-based line of the top-level `slug:` key, for a clash message. */
function slugLine(text: string): number {
  const index = text.split('\n').findIndex((line) => /^slug\s*:/.test(line));
  return index + 1;
}

export async function importPipeline(actor: Actor, text: string): Promise<ImportResult> {
  await assertCan(actor, 'pipelines:edit', 'pipeline.import');
  const parsed = importPipelineYaml(text);
  if (!parsed.ok) return parsed;
  const spec = parsed.spec;
  const id = newId();
  const clash = (): ImportResult => ({ ok: false, errors: [{ line: slugLine(text), column: 1, path: 'slug', message: slugTakenMessage(spec.slug) }] });
  try {
    return await inOrg(actor.orgId, async (tx) => {
      if (await slugTaken(tx, actor.orgId, spec.slug)) return clash();
      const draft = { ...draftFromSpec(spec), step: 'review' } as DraftState;
      await tx.pipeline.create({
        data: { id, orgId: actor.orgId, name: spec.name, slug: spec.slug, draft: storedDraft(draft) as Prisma.InputJsonValue, draftStep: 'review', createdById: actor.userId, updatedById: actor.userId },
      });
      await auditActor(tx, actor, 'pipeline.import', { type: 'pipeline', id }, { slug: spec.slug, bytes: Buffer.byteLength(text, 'utf8') });
      return { ok: true as const, id, slug: spec.slug };
    });
  } catch (error) {
    if (isSlugClash(error)) return clash();
    throw error;
  }
}

