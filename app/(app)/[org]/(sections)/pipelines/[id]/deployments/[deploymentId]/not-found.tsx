import { ErrorPanel } from '@/components/ui/error-panel';

// Shown for a deployment id that does not exist, another organization's, or one of another pipeline.
export default function DeploymentNotFound() {
  return (
    <ErrorPanel
      title="Deployment not found"
      cause="There is no deployment at this address in an organization you belong to. The link may be mistyped, or the pipeline (and its deployments) deleted."
      action="Open the pipeline’s deployment history and pick it from there."
    />
  );
}
