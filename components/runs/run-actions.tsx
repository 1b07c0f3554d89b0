'use client';
// Cancel and Retry on a run's page, shown only to those who may (runs:trigger) and only when the
// run's state allows; the server checks both again. Retry opens the new run.
import { cancelRun, retryRun } from '@/lib/actions/runs';
import { ActionButton } from '@/components/ui/action-button';
import { useThenOpen } from '@/components/pipelines/use-then-open';
import { runHref } from './runs-href';

interface RunActionsProps {
  org: string;
  runId: string;
  number: number;
  cancellable: boolean;
  retryable: boolean;
}

export function RunActions({ org, runId, number, cancellable, retryable }: RunActionsProps) {
  const retry = useThenOpen(retryRun, (result) => runHref(org, result.data?.runId ?? runId));
  return (
    <>
      {cancellable && <ActionButton action={cancelRun} fields={{ org, id: runId }} label="Cancel run" accessibleLabel={`Cancel run #${number}`} pendingLabel="Cancelling…" />}
      {retryable && <ActionButton action={retry} fields={{ org, id: runId }} label="Retry" accessibleLabel={`Retry run #${number}`} pendingLabel="Starting…" variant="primary" />}
    </>
  );
}
