import 'server-only';
// Stage "ingest": an Airbyte sync per source of the run, on the connection the deployment
// registered. A job row is written before the sync is asked for; a re-run that finds the row
// without a job id looks for a sync Airbyte started since (the answer may have been lost) and
// attaches to it, and Airbyte's 409 for a sync already running attaches too (REL-5).
import { AirbyteClient } from '@/lib/integrations/airbyte/client';
import { airbyteJobs } from '@/lib/integrations/airbyte/jobs';
import { airbyteNames } from '@/lib/services/deployments/steps/airbyte';
import { stackOutputs } from '@/lib/services/deployments/steps/outputs';
import { servicePollMs } from '@/lib/services/deployments/step-types';
import { StageFailure, type StageContext, type StageOutcome } from '../stage-types';

const TERMINAL = new Set(['succeeded', 'failed', 'cancelled', 'incomplete']);

export async function ingestStage(ctx: StageContext): Promise<StageOutcome> {
  const names = airbyteNames(ctx.deploymentContext.deployment.orgSlug, ctx.deploymentContext.deployment.pipelineSlug);
  const jobs = airbyteJobs(new AirbyteClient(await ctx.env.airbyte(await stackOutputs(ctx.deploymentContext))));
  let rows = 0;
  let bytes = 0;
  let waiting = false;
  const failures: string[] = [];
  for (const source of ctx.run.sources) {
    const connection = await ctx.ledger.find('airbyte', 'connection', names.connection(source));
    if (!connection) throw new StageFailure('Source not deployed', `The source “${source}” has no Airbyte connection.`, 'Redeploy the pipeline, then run it again.');
    const job = ctx.jobs.find((j) => j.naturalKey === source);
    if (!job) {
      await ctx.saveJob({ naturalKey: source, system: 'airbyte', status: 'starting' });
      const started = await jobs.startSync(connection.externalId);
      await ctx.saveJob({ naturalKey: source, system: 'airbyte', externalId: String(started.jobId), status: 'pending', detail: { attached: started.attached } });
      waiting = true;
      continue;
    }
    let jobId = job.externalId;
    if (!jobId) {
      const since = job.startedAt?.getTime() ?? 0;
      const recent = (await jobs.recentJobs(connection.externalId, 5)).find((j) => j.startTime !== undefined && Date.parse(j.startTime) >= since - 1000);
      const started = recent ? { jobId: recent.jobId, attached: true } : await jobs.startSync(connection.externalId);
      jobId = String(started.jobId);
      await ctx.saveJob({ naturalKey: source, system: 'airbyte', externalId: jobId, status: 'pending', detail: { attached: started.attached } });
    }
    const state = TERMINAL.has(job.status) ? undefined : await jobs.getJob(Number(jobId));
    const status = state?.status ?? job.status;
    const jobRows = state?.rowsSynced ?? Number(job.rows);
    const jobBytes = state?.bytesSynced ?? Number(job.bytes);
    if (state) await ctx.saveJob({ naturalKey: source, system: 'airbyte', status, rows: jobRows, bytes: jobBytes, finished: TERMINAL.has(status), detail: { duration: state.duration ?? null } });
    rows += jobRows;
    bytes += jobBytes;
    if (!TERMINAL.has(status)) waiting = true;
    else if (status !== 'succeeded') failures.push(`${source}: Airbyte job ${jobId} ${status}`);
  }
  if (waiting) return { status: 'wait', ms: servicePollMs(ctx.watched) };
  if (failures.length > 0) throw new StageFailure('A sync failed', failures.join('; '), 'Open the job in Airbyte for its logs, fix the source, then retry the run.', failures.join('\n'));
  return { status: 'done', rows, bytes, logs: `${ctx.run.sources.length} Airbyte sync(s) succeeded: ${rows} rows, ${bytes} bytes.` };
}
