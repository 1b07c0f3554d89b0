import 'server-only';
// Cancel stops what a run's current stage started outside: Airbyte syncs, the dbt Core task or
// dbt Cloud run. Grouparoo has no way to stop a run once started; it finishes on its own.
import { AirbyteClient } from '@/lib/integrations/airbyte/client';
import { airbyteJobs } from '@/lib/integrations/airbyte/jobs';
import { ecsPort } from '@/lib/integrations/aws/ecs';
import { dbtCloudPort } from '@/lib/integrations/dbt-cloud';
import { stackOutputs } from '@/lib/services/deployments/steps/outputs';
import type { StageContext } from './stage-types';

export async function cancelStageJobs(stage: 'INGEST' | 'TRANSFORM' | 'SYNC', ctx: StageContext): Promise<void> {
  const active = ctx.jobs.filter((j) => j.externalId && j.finishedAt === null);
  if (active.length === 0) return;
  const outputs = await stackOutputs(ctx.deploymentContext);
  if (stage === 'INGEST') {
    const jobs = airbyteJobs(new AirbyteClient(await ctx.env.airbyte(outputs)));
    for (const job of active) await jobs.cancelJob(Number(job.externalId));
  } else if (stage === 'TRANSFORM' && ctx.spec.transformation.kind === 'dbt_cloud') {
    const dbt = dbtCloudPort(await ctx.env.dbtCloud(ctx.spec));
    for (const job of active) await dbt.cancelRun(Number(job.externalId));
  } else if (stage === 'TRANSFORM' && outputs.ClusterArn) {
    const ecs = ecsPort(await ctx.env.aws());
    try {
      for (const job of active) await ecs.stopTask(outputs.ClusterArn, String(job.externalId), 'Cancelled in Tapestry');
    } finally {
      ecs.destroy();
    }
  }
  for (const job of active) await ctx.saveJob({ naturalKey: job.naturalKey, system: 'cancelled', status: 'cancelled', finished: true });
}
