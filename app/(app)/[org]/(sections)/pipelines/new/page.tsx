import type { Metadata } from 'next';
import { can } from '@/lib/authz/actor';
import { sandboxConnection } from '@/lib/integrations/sandbox';
import { ButtonLink } from '@/components/ui/button';
import { PageHeader } from '@/components/ui/page-header';
import { EditorsOnlyPanel } from '@/components/pipelines/editors-only-panel';
import { Section } from '@/components/ui/section';
import { KickstartPanel } from '@/components/pipelines/kickstart-panel';
import { NewPipelineForm } from '@/components/pipelines/new-pipeline-form';
import { requireActor } from '../../../require-actor';

export const metadata: Metadata = { title: 'New pipeline' };

export default async function NewPipelinePage({ params }: { params: Promise<{ org: string }> }) {
  const { org } = await params;
  const actor = await requireActor(org, '/pipelines/new');

  if (!can(actor, 'pipelines:edit')) return <EditorsOnlyPanel org={org} orgName={actor.orgName} what="create" />;

  return (
    <>
      <PageHeader
        title="New pipeline"
        description="Start from a name and design it step by step, fill everything in with the Rain Shield example, or import a pipeline YAML file."
      />
      <div className="space-y-10">
        <Section id="design" title="Design it step by step" description="Name it now; the wizard then walks through the target, warehouse, sources, transformation and destinations, saving as you go.">
          <NewPipelineForm org={org} />
        </Section>
        <Section id="kickstart" title="Kickstart: Rain Shield">
          <KickstartPanel org={org} sandboxAvailable={sandboxConnection() !== undefined} />
        </Section>
        <Section id="import" title="Import a YAML file" description="A pipeline exported from Tapestry, e.g. kept in git. It becomes a new pipeline under the slug in the file.">
          {/* Its own page: the form's code stays off this one (PERF-1's 150 kB). */}
          <ButtonLink href={`/${org}/pipelines/import`} variant="secondary">
            Import a pipeline file
          </ButtonLink>
        </Section>
      </div>
    </>
  );
}
