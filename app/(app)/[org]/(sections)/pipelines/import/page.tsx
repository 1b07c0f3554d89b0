import type { Metadata } from 'next';
import { can } from '@/lib/authz/actor';
import { ButtonLink } from '@/components/ui/button';
import { ErrorPanel } from '@/components/ui/error-panel';
import { PageHeader } from '@/components/ui/page-header';
import { ImportForm } from '@/components/pipelines/import-form';
import { requireActor } from '../../../require-actor';

export const metadata: Metadata = { title: 'Import a pipeline' };

export default async function ImportPipelinePage({ params }: { params: Promise<{ org: string }> }) {
  const { org } = await params;
  const actor = await requireActor(org, '/pipelines/import');

  if (!can(actor, 'pipelines:edit')) {
    // The server refuses the import anyway; this says so before anyone pastes a file.
    return (
      <ErrorPanel
        title="You cannot import pipelines"
        cause={`Your role in ${actor.orgName} is viewer: you can open and export every pipeline, but creating them is for editors, admins and owners.`}
        action="Ask an owner or admin of this organization for the editor role."
      >
        <ButtonLink href={`/${org}/pipelines`} variant="secondary">
          Back to pipelines
        </ButtonLink>
      </ErrorPanel>
    );
  }

  return (
    <>
      <PageHeader
        title="Import a pipeline"
        description="A pipeline YAML file exported from Tapestry, e.g. kept in git. It becomes a new draft pipeline under the slug in the file, opened at its review step."
      />
      <ImportForm org={org} />
    </>
  );
}
