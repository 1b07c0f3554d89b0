import 'server-only';
// Autosave (UX-7): each change in the wizard stores the step's part of the draft and the step
// shown, and answers with that step's findings, so the page can show them inline while nothing
// typed is lost — an invalid value is kept in the draft exactly as typed. The name step also
// renames the pipeline once its name and slug are valid and the slug is free. Saves carry the
// version they started from: a save from a stale tab gets CONFLICT instead of undoing newer work.
import { auditActor } from '@/lib/audit';
import type { Actor } from '@/lib/authz/actor';
import { assertCan } from '@/lib/authz/assert';
import { inOrg, type Tx } from '@/lib/db/tenant';
import { AppError } from '@/lib/errors';
import type { Prisma } from '@/lib/generated/prisma/client';
import { stripPlainSecrets } from '@/lib/pipeline/spec/draft-secrets';
import { STEP_PARTS, validateStep, WIZARD_STEPS, type WizardStep } from '@/lib/pipeline/spec';
import { assertEditable, draftOf, findPipeline, storedDraft, type DraftState, type PipelineRecord } from '@/lib/dal/pipelines/pipeline-record';
import { isSlugClash, slugTaken, slugTakenMessage } from './slug';

export interface DraftUpdate {
  id: string;
  version: number;
  /** The step the user is on (where the wizard resumes). */
  step: WizardStep;
  /** The new value of the step's part(s), keyed by part: `{ sources: [...] }`, `{ name, slug }`. Absent = only the step moves. */
  parts?: Record<string, unknown>;
}

export interface DraftSaved {
  version: number;
  /** The step's findings (path → message); empty when the step is complete. */
  errors: Record<string, string>;
  /** Secret values that arrived in plain text and were dropped instead of stored. */
  dropped: string[];
}

export const staleDraft = () =>
  new AppError('CONFLICT', 'This pipeline was changed in another tab or by someone else since you opened it. Reload to continue from the latest version.');

function merge(draft: DraftState, step: WizardStep, parts: Record<string, unknown> | undefined): DraftState {
  // The review step shows everything and edits nothing.
  const allowed: readonly string[] = step === 'review' ? [] : STEP_PARTS[step];
  const next: DraftState = { ...draft, step };
  for (const [key, value] of Object.entries(parts ?? {})) {
    if (!allowed.includes(key)) throw new AppError('VALIDATION', `The ${step} step cannot change "${key}".`);
    next[key] = value;
  }
  return next;
}

/** Renames the pipeline when the name step is valid and the slug free; else a slug message. */
async function renameIfValid(tx: Tx, row: PipelineRecord, draft: DraftState, errors: Record<string, string>): Promise<{ name?: string; slug?: string }> {
  if (errors.name || errors.slug) return {};
  const name = String(draft.name).trim();
  const slug = String(draft.slug);
  if (slug !== row.slug && (await slugTaken(tx, row.orgId, slug, row.id))) {
    errors.slug = slugTakenMessage(slug);
    return {};
  }
  return { name, slug };
}

export async function updateDraft(actor: Actor, update: DraftUpdate): Promise<DraftSaved> {
  await assertCan(actor, 'pipelines:edit', 'pipeline.draft.update');
  if (!WIZARD_STEPS.includes(update.step)) throw new AppError('VALIDATION', 'Unknown wizard step.');
  try {
    return await saveIn(actor, update);
  } catch (error) {
    // Another pipeline took the slug between our check and the write: the same answer as the check's.
    if (isSlugClash(error)) throw new AppError('VALIDATION', undefined, { slug: [slugTakenMessage(String(update.parts?.slug ?? ''))] });
    throw error;
  }
}

function saveIn(actor: Actor, update: DraftUpdate): Promise<DraftSaved> {
  return inOrg(actor.orgId, async (tx) => {
    const row = await findPipeline(tx, actor, update.id);
    assertEditable(row);
    if (row.version !== update.version) throw staleDraft();
    const { draft, stripped } = stripPlainSecrets(merge(await draftOf(tx, row), update.step, update.parts));
    const errors = update.step === 'review' ? {} : validateStep(draft, update.step);
    const rename = update.step === 'name' ? await renameIfValid(tx, row, draft, errors) : {};
    const version = row.version + 1;
    const { count } = await tx.pipeline.updateMany({
      where: { id: row.id, orgId: actor.orgId, version: row.version },
      data: { draft: storedDraft(draft) as Prisma.InputJsonValue, draftStep: draft.step, version, updatedById: actor.userId, ...rename },
    });
    if (count !== 1) throw staleDraft();
    await auditActor(tx, actor, 'pipeline.draft.update', { type: 'pipeline', id: row.id }, {
      step: update.step,
      parts: Object.keys(update.parts ?? {}),
      ...(rename.slug && rename.slug !== row.slug ? { slug: rename.slug, previousSlug: row.slug } : {}),
    });
    for (const path of stripped) errors[path] = 'Secret values are stored as credentials: use the field’s Save button, not the draft.';
    return { version, errors, dropped: stripped };
  });
}
