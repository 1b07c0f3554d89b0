// One step of the pipeline wizard. The server loads the pipeline (authorized in the data layer),
// builds the forms the steps render from the real connector schemas, and works out each step's
// findings for the draft as stored; the client shell does the rest, switching steps in place.
import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { can } from '@/lib/authz/actor';
import { wizardCatalog } from '@/lib/pipeline/catalog/wizard-catalog';
import { validateStep, WIZARD_STEPS, type WizardStep } from '@/lib/pipeline/spec';
import { STATUS_LABEL } from '@/lib/pipeline/status';
import type { JsonPart } from '@/components/wizard/step-props';
import { type StepFindings, WizardShell } from '@/components/wizard/wizard-shell';
import { loadPipeline } from '../../load-pipeline';

type Params = Promise<{ org: string; id: string; step: string }>;

const isStep = (step: string): step is WizardStep => WIZARD_STEPS.some((s) => s === step);

async function load(params: Params) {
  const { org, id, step } = await params;
  if (!isStep(step)) notFound();
  return { org, step, ...(await loadPipeline(org, id, `/pipelines/${id}/edit/${step}`)) };
}

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  return { title: `Edit ${(await load(params)).detail.name}` };
}

export default async function WizardStepPage({ params }: { params: Params }) {
  const { org, step, actor, detail } = await load(params);
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
