'use server';
// Run now, cancel and retry from the pages. Thin: parse, call the service (which checks
// runs:trigger and audits run.trigger / run.cancel / run.retry), revalidate, answer in words.
import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { type ActionResult, orgAction } from '@/lib/http/server-action';
import type { CreatedRun } from '@/lib/services/runs/create-run';
import { cancelRun as cancel, retryRun as retry, triggerRun as trigger } from '@/lib/services/runs/trigger-run';
import { idField } from '@/lib/validation';

export interface StartedRun {
  runId: string;
  number: number;
  /** False when a run of the pipeline was already queued or running: that run is the answer. */
  created: boolean;
}

/** The run history and the pipeline pages (their recent runs) show what changed. */
function revalidateRuns(org: string): void {
  revalidatePath(`/${org}/runs`, 'layout');
  revalidatePath(`/${org}/pipelines`, 'layout');
}

function started(run: CreatedRun): ActionResult<StartedRun> {
  return {
    ok: true,
    message: run.created ? `Run #${run.number} started.` : `Run #${run.number} is already running.`,
    data: { runId: run.runId, number: run.number, created: run.created },
  };
}

/** `id` is the pipeline's. */
export const triggerRun = orgAction('run.trigger', z.object({ id: idField }), async (actor, input): Promise<ActionResult<StartedRun>> => {
  const run = await trigger(actor, { pipelineId: input.id });
  revalidateRuns(actor.orgSlug);
  return started(run);
});

/** `id` is the run's. */
export const cancelRun = orgAction('run.cancel', z.object({ id: idField }), async (actor, input): Promise<ActionResult> => {
  await cancel(actor, { runId: input.id });
  revalidateRuns(actor.orgSlug);
  return { ok: true, message: 'Cancelling: the run stops its external jobs and ends as cancelled.' };
});

/** `id` is the failed or cancelled run's; the answer is the new run. */
export const retryRun = orgAction('run.retry', z.object({ id: idField }), async (actor, input): Promise<ActionResult<StartedRun>> => {
  const run = await retry(actor, { runId: input.id });
  revalidateRuns(actor.orgSlug);
  return started(run);
});
