// What the deploy page says beside the steps for each state other than the review: planning
// (with Cancel), the failure (what, why, what to do, and Retry), success (where to go next, and
// for a tear-down what was removed and what was kept) and cancellation.
import Link from 'next/link';
import type { ReactNode } from 'react';
import { cancelDeployment, retryDeployment } from '@/lib/actions/deployments';
import type { DeploymentView } from '@/lib/dal/deployments';
import { runHref } from '@/components/runs/runs-href';
import { ActionButton } from '@/components/ui/action-button';
import { ButtonLink } from '@/components/ui/button';

interface OutcomeProps {
  org: string;
  view: DeploymentView;
  /** May deploy (infra:deploy): cancel and retry. */
  mayDeploy: boolean;
}

function Panel({ tone, title, children }: { tone: 'info' | 'danger' | 'success'; title: string; children: ReactNode }) {
  const border = { info: 'border-line', danger: 'border-danger bg-danger-soft', success: 'border-success bg-success-soft' }[tone];
  return (
    <section aria-labelledby="outcome-title" className={`space-y-3 rounded-lg border p-5 ${border}`}>
      <h2 id="outcome-title" className="text-lg font-semibold">
        {title}
      </h2>
      {children}
    </section>
  );
}

function Failure({ org, view, mayDeploy }: OutcomeProps) {
  const error = view.error;
  return (
    <Panel tone="danger" title={error?.title ?? 'The deployment failed'}>
      <dl className="space-y-2 text-sm">
        {view.failedStep && (
          <div>
            <dt className="font-medium">Step</dt>
            <dd>{view.failedStep}</dd>
          </div>
        )}
        <div>
          <dt className="font-medium">What happened</dt>
          <dd>{error?.cause ?? 'The step stopped without saying why.'}</dd>
        </div>
        <div>
          <dt className="font-medium">What you can do</dt>
          <dd>{error?.hint || 'Retry the deployment; it continues from the step that failed.'}</dd>
        </div>
      </dl>
      {mayDeploy ? (
        <ActionButton action={retryDeployment} fields={{ org, id: view.id }} label="Retry" accessibleLabel="Retry this deployment" pendingLabel="Retrying…" variant="primary" />
      ) : (
        <p className="text-sm font-medium">An admin can retry it from this page.</p>
      )}
    </Panel>
  );
}

function ReportList({ title, items }: { title: string; items: readonly string[] }) {
  if (items.length === 0) return null;
  return (
    <div>
      <h3 className="text-sm font-medium">{title}</h3>
      <ul className="mt-1 list-disc space-y-0.5 pl-5 text-sm">
        {items.map((item) => (
          <li key={item}>{item}</li>
        ))}
      </ul>
    </div>
  );
}

function Success({ org, view }: OutcomeProps) {
  const pipelineHref = `/${org}/pipelines/${view.pipeline.id}`;
  if (view.report) {
    return (
      <Panel tone="success" title="Torn down">
        <ReportList title="Removed" items={view.report.removed} />
        <ReportList title="Kept" items={view.report.kept} />
        <ReportList title="Notes" items={view.report.notes} />
        <ButtonLink href={pipelineHref} variant="secondary">
          Back to the pipeline
        </ButtonLink>
      </Panel>
    );
  }
  return (
    <Panel tone="success" title={view.resize?.to ? `Resized: the Airbyte instance is now a ${view.resize.to}` : 'Deployed'}>
      <div className="flex flex-wrap gap-3">
        <ButtonLink href={pipelineHref}>Open the pipeline</ButtonLink>
        {view.firstRun && (
          <ButtonLink href={runHref(org, view.firstRun.runId)} variant="secondary">
            Follow the first run{view.firstRun.number ? ` (#${view.firstRun.number})` : ''}
          </ButtonLink>
        )}
      </div>
    </Panel>
  );
}

export function DeploymentOutcome(props: OutcomeProps) {
  const { org, view, mayDeploy } = props;
  switch (view.state) {
    case 'PLANNING':
      return (
        <Panel tone="info" title="Planning">
          <p className="text-sm text-muted">Generating the template and asking CloudFormation for a change set. Nothing changes until it is confirmed.</p>
          {mayDeploy && <ActionButton action={cancelDeployment} fields={{ org, id: view.id }} label="Cancel" accessibleLabel="Cancel this deployment" pendingLabel="Cancelling…" />}
        </Panel>
      );
    case 'FAILED':
      return <Failure {...props} />;
    case 'SUCCEEDED':
      return <Success {...props} />;
    case 'CANCELLED':
      return (
        <Panel tone="info" title="Cancelled">
          <p className="text-sm text-muted">
            This deployment was cancelled before it changed anything. <Link href={`/${org}/pipelines/${view.pipeline.id}`}>Back to the pipeline</Link>
          </p>
        </Panel>
      );
    default:
      return null;
  }
}
