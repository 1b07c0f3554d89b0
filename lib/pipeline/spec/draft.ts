// The wizard's draft: whatever the user has entered so far (every part optional and possibly
// invalid, so nothing typed is lost) and the step reached. Each step is validated on its own, so
// the wizard can show a step's findings inline without the later steps being filled.
import { z } from 'zod';
import { toFieldErrors } from './issues';
import type { PipelineSpec } from './pipeline';
import { specIssues, SPEC_PARTS, type SpecPart } from './validate';

export const WIZARD_STEPS = ['name', 'target', 'warehouse', 'sources', 'transformation', 'destinations', 'review'] as const;
export type WizardStep = (typeof WIZARD_STEPS)[number];
export const WizardStepSchema = z.enum(WIZARD_STEPS);

type DeepPartial<T> = T extends readonly (infer U)[] ? DeepPartial<U>[] : T extends object ? { [K in keyof T]?: DeepPartial<T[K]> } : T;

export type PipelineDraft = DeepPartial<PipelineSpec> & { step: WizardStep };

const Part = z.record(z.string(), z.json());

/** A draft as stored: JSON parts, unchecked until their step is validated. */
export const PipelineDraftSchema = z.strictObject({
  step: WizardStepSchema.default('name'),
  name: z.string().optional(),
  slug: z.string().optional(),
  target: Part.optional(),
  warehouse: Part.optional(),
  sources: z.array(Part).optional(),
  transformation: Part.optional(),
  destinations: z.array(Part).optional(),
});

/** The parts of the spec each step fills in; review checks them all. */
export const STEP_PARTS: Record<WizardStep, readonly SpecPart[]> = {
  name: ['name', 'slug'],
  target: ['target'],
  warehouse: ['warehouse'],
  sources: ['sources'],
  transformation: ['transformation'],
  destinations: ['destinations'],
  review: SPEC_PARTS,
};

/** A step's findings: field path (`sources[0].config.account_id`) → message; empty when the step is complete. */
export function validateStep(draft: Partial<PipelineDraft> | Record<string, unknown>, step: WizardStep): Record<string, string> {
  const { step: _reached, ...parts } = draft as Record<string, unknown>;
  return toFieldErrors(specIssues(parts, STEP_PARTS[step]));
}

/** The first step with findings up to `step`: where the wizard sends a user who skipped ahead. */
export function firstIncompleteStep(draft: Partial<PipelineDraft>, step: WizardStep = 'review'): WizardStep | undefined {
  return WIZARD_STEPS.slice(0, WIZARD_STEPS.indexOf(step) + 1).find((s) => s !== 'review' && Object.keys(validateStep(draft, s)).length > 0);
}

export function draftFromSpec(spec: PipelineSpec): PipelineDraft {
  return { ...structuredClone(spec), step: 'review' };
}
