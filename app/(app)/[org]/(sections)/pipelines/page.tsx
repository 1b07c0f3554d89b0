import type { Metadata } from 'next';
import { EmptyState } from '@/components/ui/empty-state';
import { PipelineIcon } from '@/components/ui/icons';
import { PageHeader } from '@/components/ui/page-header';
import { NextSteps } from '@/components/shell/next-steps';
import { requireActor } from '../../require-actor';

export const metadata: Metadata = { title: 'Pipelines' };

export default async function PipelinesPage({ params }: { params: Promise<{ org: string }> }) {
  const actor = await requireActor((await params).org, '/pipelines');
  return (
    <>
      <PageHeader
        title="Pipelines"
        description="A pipeline ingests data with Airbyte, stores it in Snowflake or PostgreSQL, models unified users with dbt and syncs them to your tools with Grouparoo."
      />
      <EmptyState title="No pipelines yet" icon={<PipelineIcon />} actions={<NextSteps actor={actor} />}>
        <p>
          Each pipeline of {actor.orgName} will be listed here with its sources, warehouse, destinations, where it is deployed and how
          its last run went.
        </p>
        <p>Designing and deploying pipelines is not available in this version yet. Meanwhile, get your team and your scripts ready.</p>
      </EmptyState>
    </>
  );
}
