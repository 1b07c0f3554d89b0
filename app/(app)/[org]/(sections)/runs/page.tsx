import type { Metadata } from 'next';
import { EmptyState } from '@/components/ui/empty-state';
import { RunsIcon } from '@/components/ui/icons';
import { PageHeader } from '@/components/ui/page-header';
import { NextSteps } from '@/components/shell/next-steps';
import { requireActor } from '../../require-actor';

export const metadata: Metadata = { title: 'Runs' };

export default async function RunsPage({ params }: { params: Promise<{ org: string }> }) {
  const actor = await requireActor((await params).org, '/runs');
  return (
    <>
      <PageHeader title="Runs" description="The history of every pipeline run: scheduled, started by hand or retried." />
      <EmptyState title="No runs yet" icon={<RunsIcon />} actions={<NextSteps actor={actor} />}>
        <p>
          Runs will appear here with a row per stage (ingest, transform, sync), the rows and bytes moved, how long each took, what
          started it, and its logs.
        </p>
        <p>A pipeline runs once it is deployed; there are no pipelines in {actor.orgName} yet.</p>
      </EmptyState>
    </>
  );
}
