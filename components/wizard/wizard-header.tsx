// The top of the wizard: where this is (the pipeline, the step), where it runs (the Sandbox badge
// is never left out), what happened to the last edits, and why nothing can be changed when so.
import { TargetBadge } from '@/components/pipelines/target-badge';
import { Button } from '@/components/ui/button';
import type { QueueState } from './save-queue';
import { SaveStatus } from './save-status';

interface WizardHeaderProps {
  title: string;
  pipelineHref: string;
  stepNumber: number;
  stepCount: number;
  target: { kind: unknown; region: string };
  /** Absent for people who cannot save. */
  saving?: { state: QueueState; everSaved: boolean; onRetry(): void };
  readOnlyNote?: string;
}

export function WizardHeader({ title, pipelineHref, stepNumber, stepCount, target, saving, readOnlyNote }: WizardHeaderProps) {
  return (
    <>
      {saving?.state.status === 'conflict' && (
        <div role="alert" className="mb-4 flex flex-wrap items-center justify-between gap-3 rounded-md border border-danger bg-danger-soft px-3 py-2 text-sm">
          <p>
            <strong>Changed elsewhere.</strong> This pipeline was saved in another tab or by someone else, so edits here can no longer be saved.
          </p>
          <Button variant="secondary" onClick={() => window.location.reload()}>
            Reload
          </Button>
        </div>
      )}
      <div className="mb-6 flex flex-wrap items-start justify-between gap-4">
        <div>
          <p className="text-sm text-muted">
            <a href={pipelineHref}>Pipeline</a> · Step {stepNumber} of {stepCount}
          </p>
          <h1 className="mt-1 flex flex-wrap items-center gap-2 text-2xl font-semibold tracking-tight">
            {title}
            {target.kind === 'aws' && <TargetBadge target="AWS" region={target.region} />}
            {target.kind === 'sandbox' && <TargetBadge target="SANDBOX" />}
          </h1>
        </div>
        {saving && <SaveStatus {...saving} />}
      </div>
      {readOnlyNote && <p className="mb-6 rounded-md border border-line bg-sunken px-3 py-2 text-sm">{readOnlyNote}</p>}
    </>
  );
}
