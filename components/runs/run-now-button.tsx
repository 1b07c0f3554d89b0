'use client';
// "Run now" for a deployed pipeline: starts a run (or finds the one already queued or running,
// since a pipeline runs one at a time) and opens it.
import { triggerRun } from '@/lib/actions/runs';
import { ActionButton } from '@/components/ui/action-button';
import { useThenOpen } from '@/components/pipelines/use-then-open';
import { runHref, runsHref } from './runs-href';

export function RunNowButton({ org, pipelineId, pipelineName }: { org: string; pipelineId: string; pipelineName: string }) {
  const action = useThenOpen(triggerRun, (result) => (result.data ? runHref(org, result.data.runId) : runsHref(org, { pipeline: pipelineId })));
  return <ActionButton action={action} fields={{ org, id: pipelineId }} label="Run now" accessibleLabel={`Run now: ${pipelineName}`} pendingLabel="Starting…" variant="primary" />;
}
