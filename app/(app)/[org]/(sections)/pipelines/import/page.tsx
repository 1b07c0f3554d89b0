import type { Metadata } from 'next';
import { can } from '@/lib/authz/actor';
import { PageHeader } from '@/components/ui/page-header';
import { EditorsOnlyPanel } from '@/components/pipelines/editors-only-panel';
import { ImportForm } from '@/components/pipelines/import-form';
import { requireActor } from '../../../require-actor';

export const metadata: Metadata = { title: 'Import a pipeline' };

export default async function ImportPipelinePage({ params }: { params: Promise<{ org: string }> }) {
  const { org } = await params;
  const actor = await requireActor(org, '/pipelines/import');

  if (!can(actor, 'pipelines:edit')) return <EditorsOnlyPanel org={org} orgName={actor.orgName} what="import" />;

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
