import 'server-only';
// Loading one pipeline of the actor's organization, and its draft as the wizard sees it: the
// stored draft, else the saved design, else just its name and slug.
import type { Actor } from '@/lib/authz/actor';
import type { Tx } from '@/lib/db/tenant';
import { AppError } from '@/lib/errors';
import { draftFromSpec, PipelineDraftSchema, type WizardStep } from '@/lib/pipeline/spec';
import { isEditable } from '@/lib/pipeline/status';
import { readDesign } from './design-rows';

export const pipelineSelect = {
  id: true,
  orgId: true,
  name: true,
  slug: true,
  status: true,
  target: true,
  awsAccountId: true,
  awsRegion: true,
  awsAccessKeyId: true,
  awsCredential: true,
  draft: true,
  draftStep: true,
  version: true,
  savedAt: true,
  createdAt: true,
  updatedAt: true,
} as const;

export type PipelineRecord = Awaited<ReturnType<typeof findPipeline>>;

/** NOT_FOUND for a missing id and for another organization's pipeline alike (SEC-8). */
export async function findPipeline(tx: Tx, actor: Actor, id: string) {
  const row = /^[A-Za-z0-9_-]{1,64}$/.test(id) ? await tx.pipeline.findFirst({ where: { id, orgId: actor.orgId }, select: pipelineSelect }) : null;
  if (!row) throw new AppError('NOT_FOUND', 'That pipeline does not exist.');
  return row;
}

export function assertEditable(row: { status: PipelineRecord['status'] }): void {
  if (!isEditable(row.status)) throw new AppError('CONFLICT', 'This pipeline cannot be edited while it is being deployed or torn down, or once torn down.');
}

export type DraftState = Record<string, unknown> & { step: WizardStep };

/** The draft the wizard edits. */
export async function draftOf(tx: Tx, row: PipelineRecord): Promise<DraftState> {
  if (row.draft !== null) {
    const parsed = PipelineDraftSchema.safeParse({ ...(row.draft as object), step: row.draftStep ?? 'name' });
    if (parsed.success) return parsed.data as DraftState;
  }
  const saved = await readDesign(tx, row);
  if (saved) return { ...draftFromSpec(saved), step: 'review' } as DraftState;
  return { step: 'name', name: row.name, slug: row.slug };
}

/** The draft as stored in the row: everything but the step, which has its own column. */
export function storedDraft(draft: DraftState): object {
  const { step: _step, ...parts } = draft;
  return parts;
}
