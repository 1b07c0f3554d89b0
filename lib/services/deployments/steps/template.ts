import 'server-only';
// Step "template": the pipeline's stack template and parameters, generated from the frozen spec
// and infrastructure settings, stored on the deployment for the review page.
import { buildStackTemplate } from '@/infra/cloudformation/template';
import { stackIdentity } from '@/lib/deploy/stack-identity';
import type { StepContext, StepOutcome } from '../step-types';

export function stackTemplateFor(ctx: StepContext) {
  const d = ctx.deployment;
  const transformation = d.spec.transformation.kind;
  return buildStackTemplate(
    {
      orgSlug: d.orgSlug,
      pipelineSlug: d.pipelineSlug,
      pipelineId: stackIdentity(d.pipelineId),
      region: ctx.env.region,
      infrastructure: d.infrastructure,
      warehouseType: d.spec.warehouse.type,
      transformation,
    },
    { warehousePasswordParameter: transformation === 'dbt_core_ecs' },
  );
}

export async function templateStep(ctx: StepContext): Promise<StepOutcome> {
  const built = stackTemplateFor(ctx);
  await ctx.save({ templateBody: built.body, parameters: built.parameters });
  return { status: 'done', detail: { resources: built.summary.length, parameters: built.parameters.length } };
}
