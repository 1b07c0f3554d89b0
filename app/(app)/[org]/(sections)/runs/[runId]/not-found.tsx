import { ErrorPanel } from '@/components/ui/error-panel';

// Shown for a run id that does not exist or belongs to another organization.
export default function RunNotFound() {
  return (
    <ErrorPanel
      title="Run not found"
      cause="There is no run at this address in an organization you belong to. The link may be mistyped or out of date, or its pipeline was deleted."
      action="Open the run history of your organization and pick the run from there."
    />
  );
}
