import 'server-only';
// Stage "sync": Grouparoo sends unified users to the destinations. The Grouparoo run is recorded
// as soon as it is asked for; without a Grouparoo (a sandbox started without it) the stage is
// skipped and says why.
import { servicePollMs } from '@/lib/services/deployments/step-types';
import { GROUPAROO_SKIPPED, grouparooFor } from '@/lib/services/deployments/steps/grouparoo';
import { StageFailure, type StageContext, type StageOutcome } from '../stage-types';

const KEY = 'grouparoo';

export async function syncStage(ctx: StageContext): Promise<StageOutcome> {
  if (ctx.spec.destinations.length === 0) return { status: 'skipped', logs: 'The pipeline has no destinations.' };
  const grouparoo = await grouparooFor(ctx.deploymentContext);
  if (!grouparoo) return { status: 'skipped', logs: GROUPAROO_SKIPPED };
  const ids = Object.fromEntries((await ctx.ledger.list('grouparoo')).map((e) => [e.naturalKey, e.externalId]));
  if (Object.keys(ids).length === 0) throw new StageFailure('Grouparoo is not configured', 'The deployment did not configure Grouparoo for this pipeline.', 'Redeploy the pipeline, then run it again.');
  const job = ctx.jobs.find((j) => j.naturalKey === KEY);
  if (!job?.externalId) {
    if (!job) await ctx.saveJob({ naturalKey: KEY, system: 'grouparoo', status: 'starting' });
    const { runId } = await grouparoo.startSync(ids);
    await ctx.saveJob({ naturalKey: KEY, system: 'grouparoo', externalId: runId, status: 'running' });
    return { status: 'wait', ms: servicePollMs(ctx.watched) };
  }
  const run = await grouparoo.getRun(job.externalId);
  const finished = run.state !== 'running';
  await ctx.saveJob({ naturalKey: KEY, system: 'grouparoo', status: run.state, rows: run.exportsCreated, finished, detail: { recordsImported: run.recordsImported } });
  if (!finished) return { status: 'wait', ms: servicePollMs(ctx.watched) };
  if (run.state !== 'complete') throw new StageFailure('The sync failed', run.error ?? `The Grouparoo run ended ${run.state}.`, 'Check the destination’s settings and credentials, then retry the run.');
  return { status: 'done', rows: run.exportsCreated, bytes: 0, logs: `Grouparoo imported ${run.recordsImported} records and exported ${run.exportsCreated}.` };
}
