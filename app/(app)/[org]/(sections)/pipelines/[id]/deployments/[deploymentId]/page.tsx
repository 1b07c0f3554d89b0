import type { Metadata } from 'next';
import Link from 'next/link';
import { can } from '@/lib/authz/actor';
import { MAX_EVENTS_PER_READ } from '@/lib/dal/deployment-stream';
import { DeploymentLive } from '@/components/deployments/deployment-live';
import { deploymentEventsHref, deploymentsHref } from '@/components/deployments/hrefs';
import { DeploymentOutcome } from '@/components/deployments/outcome-block';
import { ReviewBlock } from '@/components/deployments/review-block';
import { DeploymentStateBadge } from '@/components/deployments/state-badge';
import { TargetBadge } from '@/components/pipelines/target-badge';
import { ButtonLink } from '@/components/ui/button';
import { DateTime } from '@/components/ui/date-time';
import { PageHeader } from '@/components/ui/page-header';
import { loadDeployment } from './load-deployment';

type Params = Promise<{ org: string; id: string; deploymentId: string }>;

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const { org, id, deploymentId } = await params;
  const { view } = await loadDeployment(org, id, deploymentId);
  return { title: `${view.kindLabel}: ${view.pipeline.name}` };
}

export default async function DeploymentPage({ params }: { params: Params }) {
  const { org, id, deploymentId } = await params;
  const { actor, view, events, readAt } = await loadDeployment(org, id, deploymentId);
  const mayDeploy = can(actor, 'infra:deploy');
  // A finished deployment needs no stream, unless there were more events than one read returns.
  const live = !view.terminal || events.length >= MAX_EVENTS_PER_READ;
  const etaBasis = view.etaLearnedSteps > 0 ? 'estimated from this organization’s earlier deployments' : 'estimated from typical durations';

  return (
    <>
      <PageHeader
        title={`${view.kindLabel}: ${view.pipeline.name}`}
        description={
          <span className="flex flex-wrap items-center gap-2">
            <DeploymentStateBadge state={view.state} />
            <TargetBadge target={view.target === 'sandbox' ? 'SANDBOX' : 'AWS'} region={null} />
            <span>
              Requested {view.requestedBy ? `by ${view.requestedBy.name} ` : ''}
              <DateTime value={view.createdAt} />
              {view.confirmedBy && view.kind !== 'TEARDOWN' && ` · confirmed by ${view.confirmedBy.name}`}
            </span>
          </span>
        }
        actions={
          <>
            <ButtonLink href={`/${org}/pipelines/${id}`} variant="secondary">
              Pipeline
            </ButtonLink>
            <ButtonLink href={deploymentsHref(org, id)} variant="secondary">
              All deployments
            </ButtonLink>
          </>
        }
      />
      <DeploymentLive
        // A finished deployment that is retried starts a new stream (see use-deployment-stream.ts).
        key={live ? 'live' : 'ended'}
        eventsUrl={deploymentEventsHref(org, id, deploymentId)}
        snapshot={{ state: view.state, currentStep: view.currentStep, steps: view.steps }}
        events={events}
        expectedMs={view.expectedMs}
        etaBasis={etaBasis}
        serverNow={readAt}
        live={live}
      >
        {view.state === 'AWAITING_CONFIRMATION' ? <ReviewBlock org={org} view={view} mayConfirm={mayDeploy} /> : <DeploymentOutcome org={org} view={view} mayDeploy={mayDeploy} />}
      </DeploymentLive>
      <p className="mt-8 text-sm text-muted">
        Stack <code className="font-mono text-xs">{view.stackName}</code> · <Link href={deploymentsHref(org, id)}>Deployment history</Link>
      </p>
    </>
  );
}
