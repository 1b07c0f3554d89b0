import { ErrorPanel } from '@/components/ui/error-panel';

// Shown for a pipeline id that does not exist, another organization's, or one just deleted.
export default function PipelineNotFound() {
  return (
    <ErrorPanel
      title="Pipeline not found"
      cause="There is no pipeline at this address in an organization you belong to. It may have been deleted, or the link is mistyped or out of date."
      action="Open the pipelines list of your organization and pick it from there."
    />
  );
}
