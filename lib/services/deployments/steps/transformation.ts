import 'server-only';
// Step "transformation": where dbt runs. A dbt Cloud job is found by its name or created (with
// `dbt build` over the pipeline's selection); dbt Core on ECS needs no object of its own beyond
// the stack's task definition, which is recorded from the outputs for runs to start.
import { dbtCloudPort } from '@/lib/integrations/dbt-cloud';
import type { PipelineSpec } from '@/lib/pipeline/spec';
import { StepFailure, type StepContext, type StepOutcome } from '../step-types';
import { stackOutputs } from './outputs';

export const dbtJobName = (pipelineSlug: string) => `tapestry-${pipelineSlug}`;

/** The dbt command a run executes: every model, or the pipeline's selection. */
export function dbtCommand(spec: PipelineSpec): string {
  const select = spec.transformation.select;
  return select && select.length > 0 ? `dbt build --select ${select.join(' ')}` : 'dbt build';
}

export async function transformationStep(ctx: StepContext): Promise<StepOutcome> {
  const { spec, pipelineSlug } = ctx.deployment;
  if (spec.transformation.kind === 'dbt_cloud') {
    const dbt = dbtCloudPort(await ctx.env.dbtCloud(spec));
    const { jobId } = await dbt.ensureJob({ name: dbtJobName(pipelineSlug), steps: [dbtCommand(spec)] });
    await ctx.ledger.record('dbt_cloud', 'job', dbtJobName(pipelineSlug), String(jobId));
    return { status: 'done', detail: { kind: 'dbt_cloud', jobId } };
  }
  const outputs = await stackOutputs(ctx);
  const taskDefinition = outputs.DbtTaskDefinitionArn;
  if (!taskDefinition && ctx.env.target === 'aws') {
    throw new StepFailure('The stack has no dbt task', 'The stack outputs do not name the dbt Core task definition.', 'Redeploy the pipeline so the stack is brought up to date.');
  }
  await ctx.ledger.record('ecs', 'task-definition', 'dbt', taskDefinition ?? 'sandbox', { cluster: outputs.ClusterArn ?? null });
  return { status: 'done', detail: { kind: 'dbt_core_ecs', taskDefinition: taskDefinition ?? null, cluster: outputs.ClusterArn ?? null } };
}

export async function removeTransformationStep(ctx: StepContext): Promise<StepOutcome> {
  const { spec, pipelineSlug } = ctx.deployment;
  const job = await ctx.ledger.find('dbt_cloud', 'job', dbtJobName(pipelineSlug));
  const removed: string[] = [];
  if (job && spec.transformation.kind === 'dbt_cloud') {
    const dbt = dbtCloudPort(await ctx.env.dbtCloud(spec));
    await dbt.deleteJob(Number(job.externalId));
    await ctx.ledger.remove('dbt_cloud', 'job', job.naturalKey);
    removed.push(`dbt Cloud job ${job.naturalKey}`);
  }
  // The dbt Core task definition goes with the stack.
  await ctx.ledger.remove('ecs', 'task-definition', 'dbt');
  return removed.length > 0 ? { status: 'done', detail: { removed } } : { status: 'skipped', detail: { removed } };
}
