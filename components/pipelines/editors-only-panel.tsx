// What a viewer sees on a page for creating pipelines: the server refuses every way of creating
// one anyway; this says so before anyone tries, and why.
import { ButtonLink } from '@/components/ui/button';
import { ErrorPanel } from '@/components/ui/error-panel';

export function EditorsOnlyPanel({ org, orgName, what }: { org: string; orgName: string; what: 'create' | 'import' }) {
  return (
    <ErrorPanel
      title={`You cannot ${what} pipelines`}
      cause={`Your role in ${orgName} is viewer: you can open and export every pipeline, but creating and editing them is for editors, admins and owners.`}
      action="Ask an owner or admin of this organization for the editor role."
    >
      <ButtonLink href={`/${org}/pipelines`} variant="secondary">
        Back to pipelines
      </ButtonLink>
    </ErrorPanel>
  );
}
