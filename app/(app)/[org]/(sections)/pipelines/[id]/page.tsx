import type { Metadata } from 'next';
import { can } from '@/lib/authz/actor';
import { operateState } from '@/lib/dal/deployments';
import { openIncidents } from '@/lib/dal/incidents';
import { listRuns } from '@/lib/dal/runs/list-runs';
import { validateSpec } from '@/lib/pipeline/spec';
import { buttonClass, ButtonLink } from '@/components/ui/button';
import { DateTime } from '@/components/ui/date-time';
import { PageHeader } from '@/components/ui/page-header';
import { Section } from '@/components/ui/section';
import { DeleteButton } from '@/components/pipelines/delete-button';
import { DuplicateButton } from '@/components/pipelines/duplicate-button';
import { OperatePanel } from '@/components/deployments/operate-panel';
import { IncidentNotices } from '@/components/pipelines/incident-notices';
import { PipelineNotices } from '@/components/pipelines/pipeline-notices';
import { RecentRuns } from '@/components/runs/recent-runs';
import { RunNowButton } from '@/components/runs/run-now-button';
import { PipelineSettings } from '@/components/pipelines/pipeline-settings';
import { PipelineStages } from '@/components/pipelines/pipeline-stages';
import { pipelineView } from '@/components/pipelines/pipeline-view';
import { RelativeTime } from '@/components/pipelines/relative-time';
import { PipelineStatusBadge } from '@/components/pipelines/status-badge';
import { TargetBadge } from '@/components/pipelines/target-badge';
import { loadPipeline } from './load-pipeline';

type Params = Promise<{ org: string; id: string }>;

const load = (org: string, id: string) => loadPipeline(org, id, `/pipelines/${id}`);

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const { org, id } = await params;
  return { title: (await load(org, id)).detail.name };
}

export default async function PipelinePage({ params }: { params: Params }) {
  const { org, id } = await params;
  const { actor, detail } = await load(org, id);
  const [operate, incidents, runs] = await Promise.all([operateState(actor, id), openIncidents(actor, { pipelineId: id }), listRuns(actor, { pipelineId: id, limit: 10 })]);
  const { step: _step, ...draft } = detail.draft;
  // A saved design is what runs; a pipeline never saved shows what its draft holds so far.
  const shown = detail.saved ?? draft;
  const view = pipelineView(shown);
  const exportable = detail.saved !== null || validateSpec(draft).ok;
  const target = view.target?.kind === 'aws' ? 'AWS' : view.target?.kind === 'sandbox' ? 'SANDBOX' : null;
  const region = typeof view.target?.region === 'string' ? view.target.region : null;
  const base = `/${org}/pipelines/${id}`;
  const now = new Date();

  return (
    <>
      <PageHeader
        title={detail.name}
        description={
          <span className="flex flex-wrap items-center gap-2">
            <PipelineStatusBadge status={detail.status} />
            <TargetBadge target={target} region={region} />
            <code className="font-mono text-xs">{detail.slug}</code>
          </span>
        }
        actions={
          <>
            {detail.status === 'ACTIVE' && can(actor, 'runs:trigger') && <RunNowButton org={org} pipelineId={id} pipelineName={detail.name} />}
            {detail.canEdit && <ButtonLink href={`${base}/edit`}>Edit</ButtonLink>}
            {exportable && (
              <a href={`${base}/export`} download className={buttonClass('secondary')}>
                Export YAML
              </a>
            )}
            {can(actor, 'pipelines:edit') && <DuplicateButton org={org} id={id} name={detail.name} />}
            {detail.canDelete && <DeleteButton org={org} id={id} name={detail.name} />}
          </>
        }
      />
      <div className="space-y-8">
        <p className="text-sm text-muted">
          Last edited <RelativeTime value={detail.updatedAt} now={now} />
          {detail.updatedBy && ` by ${detail.updatedBy.name}`} · Created <DateTime value={detail.createdAt} format="date" />
          {detail.createdBy && ` by ${detail.createdBy.name}`}
          {!exportable && ' · Export is available once every step of the wizard is complete.'}
        </p>
        <IncidentNotices incidents={incidents} now={now} />
        <PipelineNotices org={org} detail={detail} />
        <OperatePanel org={org} pipeline={detail} actor={actor} operate={operate} />
        <Section id="runs" title="Recent runs" description="The last ten runs, newest first, with what each stage moved.">
          <RecentRuns org={org} pipelineId={id} runs={runs.runs} />
        </Section>
        <Section id="stages" title="Stages" description="How data flows: synced from the sources into the warehouse, modelled by dbt, sent to the destinations.">
          <PipelineStages view={view} />
        </Section>
        <Section id="settings" title="Settings" description="Secrets are never shown: only the credential each one uses, and whether it is stored.">
          <PipelineSettings view={view} credentials={detail.credentials.map((c) => c.name)} />
        </Section>
      </div>
    </>
  );
}
