// One step of the pipeline wizard. The server loads the pipeline (authorized in the data layer),
// builds the forms the steps render from the real connector schemas, and works out each step's
// findings for the draft as stored; the client shell does the rest, switching steps in place.
import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { can } from '@/lib/authz/actor';
import { pipelineDetail } from '@/lib/dal/pipelines/read';
import { AppError } from '@/lib/errors';
import { wizardCatalog } from '@/lib/pipeline/catalog/wizard-catalog';
import { validateStep, WIZARD_STEPS, type WizardStep } from '@/lib/pipeline/spec';
import { STATUS_LABEL } from '@/lib/pipeline/status';
import type { JsonPart } from '@/components/wizard/step-props';
import { type StepFindings, WizardShell } from '@/components/wizard/wizard-shell';
import { requireActor } from '../../../../../require-actor';

export const metadata: Metadata = { title: 'Edit pipeline' };

type Params = Promise<{ org: string; id: string; step: string }>;

const isStep = (step: string): step is WizardStep => WIZARD_STEPS.some((s) => s === step);

export default async function WizardStepPage({ params }: { params: Params }) {
  const { org, id, step } = await params;
  const actor = await requireActor(org, `/pipelines/${id}/edit/${step}`);
  if (!isStep(step)) notFound();
  let detail;
  try {
    detail = await pipelineDetail(actor, id);
  } catch (err) {
    if (err instanceof AppError && err.code === 'NOT_FOUND') notFound();
    throw err;
  }
  const { step: _resumeAt, ...draft } = detail.draft;
  // Review has no findings of its own: it is complete when every other step is.
  const findings = Object.fromEntries(WIZARD_STEPS.map((s) => [s, s === 'review' ? {} : validateStep(draft, s)])) as StepFindings;
  const readOnlyNote = !can(actor, 'pipelines:edit')
    ? 'You can view this pipeline; editors and admins can change it.'
    : detail.canEdit
      ? undefined
      : `This pipeline is ${STATUS_LABEL[detail.status].toLowerCase()}, so its design can’t be changed now.`;

  return (
    <WizardShell
      org={org}
      pipelineId={detail.id}
      name={detail.name}
      version={detail.version}
      draft={draft as JsonPart}
      initialStep={step}
      findings={findings}
      catalog={wizardCatalog()}
      credentials={detail.credentials.map((c) => ({ name: c.name, updatedAt: c.updatedAt.toISOString() }))}
      readOnlyNote={readOnlyNote}
    />
  );
}
