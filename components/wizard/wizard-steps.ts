// The wizard's steps as the browser needs them: order, titles, the draft parts each step edits and
// which step a finding's path belongs to. lib/pipeline/spec holds the same facts but imports zod,
// which must stay out of the client bundle (PERF-1), so they are restated here and a unit test
// (test/unit/pipeline/wizard-steps.test.ts) holds both sides to the same answers.
import type { WizardStep } from '@/lib/pipeline/spec/draft';

export type { WizardStep };

export const STEPS: readonly WizardStep[] = ['name', 'target', 'warehouse', 'sources', 'transformation', 'destinations', 'review'];

export const STEP_TITLES: Record<WizardStep, string> = {
  name: 'Name',
  target: 'Deployment target',
  warehouse: 'Warehouse',
  sources: 'Sources',
  transformation: 'Transformation',
  destinations: 'Destinations',
  review: 'Review',
};

/** The keys of the draft a step writes: its own part, except name (with the slug) and review (none). */
export function stepKeys(step: WizardStep): readonly string[] {
  if (step === 'name') return ['name', 'slug'];
  return step === 'review' ? [] : [step];
}

export function isStep(value: string | undefined): value is WizardStep {
  return STEPS.some((s) => s === value);
}

/** `sources[1].config.x` → sources; `slug` → name; anything else → review. */
export function stepForPath(path: string): WizardStep {
  const head = /^[A-Za-z_]\w*/.exec(path)?.[0];
  return STEPS.find((step) => stepKeys(step).includes(head ?? '')) ?? 'review';
}

/** The step a wizard URL names (`/acme/pipelines/p1/edit/sources`), if any. */
export function stepOfUrl(pathname: string): WizardStep | undefined {
  const last = /\/edit\/([a-z]+)\/?$/.exec(pathname)?.[1];
  return isStep(last) ? last : undefined;
}
