import 'server-only';
// Stage "transform": dbt builds the models. dbt Core runs as a Fargate task of the stack's task
// definition (RunTask carries a client token made from the stage and attempt, so asking twice
// starts one task); a dbt Cloud job is triggered with a cause naming the run, so a re-run finds
// the run it already triggered among the job's recent runs instead of triggering another.
import { ecsPort } from '@/lib/integrations/aws/ecs';
import { dbtCloudPort } from '@/lib/integrations/dbt-cloud';
import { servicePollMs } from '@/lib/services/deployments/step-types';
import { stackOutputs } from '@/lib/services/deployments/steps/outputs';
import { dbtCommand, dbtJobName } from '@/lib/services/deployments/steps/transformation';
import { warehousePlan } from '@/lib/services/deployments/steps/warehouse-access';
import { StageFailure, type StageContext, type StageOutcome } from '../stage-types';

const DBT_KEY = 'dbt';

function splitList(value: string | undefined): string[] {
  return (value ?? '').split(',').map((s) => s.trim()).filter(Boolean);
}

async function dbtCoreOnEcs(ctx: StageContext): Promise<StageOutcome> {
  const outputs = await stackOutputs(ctx.deploymentContext);
  const cluster = outputs.ClusterArn;
  const taskDefinition = outputs.DbtTaskDefinitionArn;
  if (!cluster || !taskDefinition) throw new StageFailure('dbt is not deployed', 'The stack outputs name no ECS cluster or dbt task definition.', 'Redeploy the pipeline, then run it again.');
  const ecs = ecsPort(await ctx.env.aws());
  try {
    const job = ctx.jobs.find((j) => j.naturalKey === DBT_KEY);
    const attempt = job?.attempt ?? 1;
    if (!job?.externalId) {
      if (!job) await ctx.saveJob({ naturalKey: DBT_KEY, system: 'ecs', status: 'starting' });
      const plan = warehousePlan(ctx.deploymentContext);
      const { taskArn } = await ecs.runTask({
        cluster,
        taskDefinition,
        subnets: splitList(outputs.PrivateSubnetIds),
        securityGroups: splitList(outputs.TaskSecurityGroupId),
        startedBy: ctx.run.id.slice(0, 36),
        clientToken: `${ctx.stage.id}-${attempt}`.slice(0, 64),
        // dbt Labs' images have ENTRYPOINT ["dbt"]: the command is dbt's arguments.
        command: dbtCommand(ctx.spec).split(' ').slice(1),
        environment: [
          { name: 'DBT_TARGET_SCHEMA', value: plan.analyticsSchema },
          { name: 'DBT_SOURCE_SCHEMA', value: plan.rawSchema },
        ],
      });
      await ctx.saveJob({ naturalKey: DBT_KEY, system: 'ecs', externalId: taskArn, status: 'PROVISIONING' });
      return { status: 'wait', ms: servicePollMs(ctx.watched) };
    }
    const task = await ecs.describeTask(cluster, job.externalId);
    if (!task) throw new StageFailure('The dbt task disappeared', 'ECS no longer describes the dbt task of this run.', 'Retry the run.');
    const finished = task.lastStatus === 'STOPPED';
    await ctx.saveJob({ naturalKey: DBT_KEY, system: 'ecs', status: task.lastStatus, finished, detail: { exitCode: task.exitCode ?? null, stoppedReason: task.stoppedReason ?? null } });
    if (!finished) return { status: 'wait', ms: servicePollMs(ctx.watched) };
    const said = task.containerReason ?? task.stoppedReason ?? task.lastStatus;
    const logs = `dbt Core task ${job.externalId}: ${said}${task.exitCode !== undefined ? `, exit code ${task.exitCode}` : ''}`;
    if (task.exitCode !== 0) throw new StageFailure('dbt failed', said ?? `The dbt task exited with code ${String(task.exitCode ?? 'unknown')}.`, 'Read the dbt log for the failing model, fix it, then retry the run.', logs);
    const rows = Number(/(\d+) rows/.exec(task.containerReason ?? '')?.[1] ?? 0);
    return { status: 'done', rows, bytes: 0, logs };
  } finally {
    ecs.destroy();
  }
}

async function dbtCloud(ctx: StageContext): Promise<StageOutcome> {
  const job = await ctx.ledger.find('dbt_cloud', 'job', dbtJobName(ctx.deploymentContext.deployment.pipelineSlug));
  if (!job) throw new StageFailure('dbt is not deployed', 'The pipeline has no dbt Cloud job.', 'Redeploy the pipeline, then run it again.');
  const dbt = dbtCloudPort(await ctx.env.dbtCloud(ctx.spec));
  const row = ctx.jobs.find((j) => j.naturalKey === DBT_KEY);
  const cause = `Tapestry run ${ctx.run.id}`;
  if (!row?.externalId) {
    if (!row) await ctx.saveJob({ naturalKey: DBT_KEY, system: 'dbt_cloud', status: 'starting' });
    const earlier = (await dbt.recentRuns(Number(job.externalId), 10)).find((r) => r.cause === cause);
    const runId = earlier?.runId ?? (await dbt.triggerRun(Number(job.externalId), cause)).runId;
    await ctx.saveJob({ naturalKey: DBT_KEY, system: 'dbt_cloud', externalId: String(runId), status: 'queued' });
    return { status: 'wait', ms: servicePollMs(ctx.watched) };
  }
  const run = await dbt.getRun(Number(row.externalId));
  await ctx.saveJob({ naturalKey: DBT_KEY, system: 'dbt_cloud', status: run.status, finished: run.finished });
  if (!run.finished) return { status: 'wait', ms: servicePollMs(ctx.watched) };
  const logs = run.steps.map((s) => `${s.name}: ${s.status}\n${s.logs}`).join('\n');
  if (run.status !== 'success') throw new StageFailure('dbt failed', `dbt Cloud run ${row.externalId} ended ${run.status}.`, 'Open the run in dbt Cloud for the failing model, fix it, then retry.', logs);
  const results = await dbt.runResults(Number(row.externalId));
  return { status: 'done', rows: results?.rowsAffected ?? 0, bytes: 0, logs };
}

export async function transformStage(ctx: StageContext): Promise<StageOutcome> {
  return ctx.spec.transformation.kind === 'dbt_cloud' ? dbtCloud(ctx) : dbtCoreOnEcs(ctx);
}
