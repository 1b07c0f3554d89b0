'use server';
// The wizard's autosave and secret fields. Autosave sends a step's part as JSON; the service keeps
// whatever was typed, valid or not, and answers with the step's findings.
import { z } from 'zod';
import { AppError } from '@/lib/errors';
import { type ActionResult, orgAction } from '@/lib/http/server-action';
import { WIZARD_STEPS } from '@/lib/pipeline/spec';
import { MAX_DRAFT_PART_CHARS } from '@/lib/pipeline/spec/draft-limits';
import { setDraftSecret } from '@/lib/services/pipelines/draft-secret';
import { updateDraft, type DraftSaved } from '@/lib/services/pipelines/update-draft';
import { idField } from '@/lib/validation';


const partsField = z
  .string()
  .optional()
  .transform((text, ctx) => {
    if (text === undefined || text === '') return undefined;
    try {
      const value: unknown = JSON.parse(text);
      if (value !== null && typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
    } catch {
      // reported below
    }
    ctx.addIssue({ code: 'custom', message: 'The step’s values could not be read.' });
    return z.NEVER;
  });

export const saveDraft = orgAction(
  'pipeline.draft.update',
  z.object({
    id: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'Malformed id.'),
    version: z.coerce.number().int().min(1),
    step: z.enum(WIZARD_STEPS, { error: 'Unknown wizard step.' }),
    parts: partsField,
  }),
  async (actor, input): Promise<ActionResult<DraftSaved>> => ({ ok: true, data: await updateDraft(actor, input) }),
  { maxFieldLength: MAX_DRAFT_PART_CHARS },
);

export const saveDraftSecret = orgAction(
  'pipeline.secret.set',
  z.object({ id: idField, version: z.coerce.number().int().min(1), path: z.string().min(1).max(300), value: z.string() }),
  async (actor, input): Promise<ActionResult<{ version: number; name: string; fingerprint: string }>> => {
    if (input.value.length === 0) throw new AppError('VALIDATION', 'Enter the secret value.', { value: ['Enter the secret value.'] });
    return { ok: true, message: 'Saved. The value is stored encrypted and will not be shown again.', data: await setDraftSecret(actor, input) };
  },
  { maxFieldLength: 64 * 1024 },
);
