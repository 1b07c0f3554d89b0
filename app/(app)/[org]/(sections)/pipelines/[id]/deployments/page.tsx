import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { cache } from 'react';
import { deploymentHistory } from '@/lib/dal/deployments';
import { AppError } from '@/lib/errors';
import { deploymentHref } from '@/components/deployments/hrefs';
import { DeploymentStateBadge } from '@/components/deployments/state-badge';
import { formatDuration } from '@/components/runs/format';
import { ButtonLink } from '@/components/ui/button';
import { DateTime } from '@/components/ui/date-time';
import { EmptyState } from '@/components/ui/empty-state';
import { PageHeader } from '@/components/ui/page-header';
import { cellClass, Table } from '@/components/ui/table';
import { requireActor } from '../../../../require-actor';

type Params = Promise<{ org: string; id: string }>;

const COLUMNS = [{ label: 'Kind' }, { label: 'State' }, { label: 'Requested by' }, { label: 'Requested' }, { label: 'Duration', align: 'right' }, { label: 'Details', srOnly: true }] as const;

// Once per request for the page and its metadata, so an unknown or foreign pipeline is a real 404
// (see ../load-pipeline.ts).
const load = cache(async (org: string, id: string) => {
  const actor = await requireActor(org, `/pipelines/${id}/deployments`);
  try {
    return await deploymentHistory(actor, id);
  } catch (err) {
    if (err instanceof AppError && err.code === 'NOT_FOUND') notFound();
    throw err;
  }
});

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const { org, id } = await params;
  return { title: `Deployments: ${(await load(org, id)).pipeline.name}` };
}

export default async function DeploymentHistoryPage({ params }: { params: Params }) {
  const { org, id } = await params;
  const { pipeline, items } = await load(org, id);
  const pipelineHref = `/${org}/pipelines/${id}`;
  return (
    <>
      <PageHeader
        title={`Deployments of ${pipeline.name}`}
        description="Every deploy, redeploy, resize and tear-down of this pipeline, newest first."
        actions={
          <ButtonLink href={pipelineHref} variant="secondary">
            Pipeline
          </ButtonLink>
        }
      />
      {items.length === 0 ? (
        <EmptyState title="Not deployed yet" actions={<ButtonLink href={pipelineHref}>Open the pipeline</ButtonLink>}>
          <p>Deployments appear here once an admin deploys the pipeline from its page.</p>
        </EmptyState>
      ) : (
        <Table caption={`Deployments of ${pipeline.name}`} captionHidden columns={COLUMNS}>
          {items.map((d) => (
            <tr key={d.id}>
              <td className={`${cellClass} font-medium`}>
                <Link href={deploymentHref(org, id, d.id)}>{d.kindLabel}</Link>
              </td>
              <td className={cellClass}>
                <DeploymentStateBadge state={d.state} />
              </td>
              <td className={cellClass}>{d.requestedBy?.name ?? <span className="text-muted">A removed member</span>}</td>
              <td className={cellClass}>
                <DateTime value={d.createdAt} />
              </td>
              <td className={`${cellClass} text-right tabular-nums`}>{d.durationMs === null ? <span className="text-muted">—</span> : formatDuration(d.durationMs)}</td>
              <td className={`${cellClass} text-right`}>
                <Link href={deploymentHref(org, id, d.id)} aria-label={`View ${d.kindLabel.toLowerCase()} requested ${d.createdAt.toISOString().slice(0, 16).replace('T', ' ')} UTC`}>
                  View
                </Link>
              </td>
            </tr>
          ))}
        </Table>
      )}
    </>
  );
}
