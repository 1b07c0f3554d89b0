import type { Metadata } from 'next';
import { can } from '@/lib/authz/actor';
import { listPipelines } from '@/lib/dal/pipelines/read';
import { ButtonLink } from '@/components/ui/button';
import { EmptyState } from '@/components/ui/empty-state';
import { PipelineIcon } from '@/components/ui/icons';
import { PageHeader } from '@/components/ui/page-header';
import { NextSteps } from '@/components/shell/next-steps';
import { PipelinesTable } from '@/components/pipelines/pipelines-table';
import { requireActor } from '../../require-actor';

export const metadata: Metadata = { title: 'Pipelines' };

export default async function PipelinesPage({ params }: { params: Promise<{ org: string }> }) {
  const { org } = await params;
  const actor = await requireActor(org, '/pipelines');
  const pipelines = await listPipelines(actor);
  const editor = can(actor, 'pipelines:edit');
  const newPath = `/${org}/pipelines/new`;

  return (
    <>
      <PageHeader
        title="Pipelines"
        description="A pipeline ingests data with Airbyte, stores it in Snowflake or PostgreSQL, models unified users with dbt and syncs them to your tools with Grouparoo."
        actions={
          editor &&
          pipelines.length > 0 && (
            <>
              <ButtonLink href={`/${org}/pipelines/import`} variant="secondary">
                Import YAML
              </ButtonLink>
              <ButtonLink href={newPath}>New pipeline</ButtonLink>
            </>
          )
        }
      />
      {pipelines.length > 0 ? (
        <PipelinesTable org={org} pipelines={pipelines} now={new Date()} />
      ) : (
        <EmptyState
          title="No pipelines yet"
          icon={<PipelineIcon />}
          actions={
            editor ? (
              <>
                <ButtonLink href={`${newPath}#kickstart`}>Kickstart Rain Shield</ButtonLink>
                <ButtonLink href={newPath} variant="secondary">
                  New pipeline
                </ButtonLink>
                <ButtonLink href={`/${org}/pipelines/import`} variant="secondary">
                  Import YAML
                </ButtonLink>
              </>
            ) : (
              // Nothing to create for a viewer, but still a real next step (UX-6).
              <NextSteps actor={actor} />
            )
          }
        >
          <p>Each pipeline of {actor.orgName} will be listed here with its status, where it runs, its sources, warehouse and destinations, and who edited it last.</p>
          {editor ? (
            <p>
              Kickstart fills a whole pipeline with the Rain Shield example (Zoom, Salesforce, Stripe and Zendesk into a unified users
              model, out to Mailchimp and Salesforce) that runs in the local sandbox as is. Or design one step by step, or import a
              pipeline YAML file.
            </p>
          ) : (
            <p>Editors, admins and owners design pipelines; as a viewer you will be able to open every pipeline once one exists.</p>
          )}
        </EmptyState>
      )}
    </>
  );
}
