// Turns a pipeline's settings into its CloudFormation stack: template, parameter values and a
// summary of the resources for the review step. Pure and deterministic (no I/O, no clock, no
// randomness): the same input always gives the same body, so a redeploy with unchanged settings
// makes an empty change set.
import { InfrastructureSchema } from '@/lib/pipeline/infrastructure';
import { ABCTL_VERSION, AIRBYTE_CHART_VERSION } from './versions';
import { airbyteResources } from './airbyte-instance';
import { alarmResources } from './alarms';
import { clusterResources } from './ecs';
import { dbtResources } from './dbt-task';
import { grouparooServiceResources } from './grouparoo-services';
import { grouparooStoreResources } from './grouparoo-stores';
import { loadBalancerResources } from './grouparoo-load-balancer';
import { logGroupResources } from './log-groups';
import { stackNameFor } from './names';
import { networkResources } from './network';
import { stackOutputs } from './outputs';
import { declaredParameters, type DeclaredParameter } from './parameters';
import { secretResources } from './secrets';
import { securityGroupResources } from './security-groups';
import { stagingBucketResources } from './staging-bucket';
import { stackTags, tagResources } from './tags';
import type { BuildContext, BuiltStack, Resources, StackInput, StackParameter, StackSecrets } from './types';

/** Merges the parts' resources, refusing a logical id used twice (a spread would hide it). */
function merge(parts: Resources[]): Resources {
  const out: Resources = {};
  for (const part of parts) {
    for (const [id, resource] of Object.entries(part)) {
      if (Object.hasOwn(out, id)) throw new Error(`Logical id ${id} is defined twice`);
      out[id] = resource;
    }
  }
  return out;
}

/** CloudFormation's limit for a TemplateBody (bytes); larger templates must go through S3. */
export const TEMPLATE_BODY_LIMIT = 51_200;

function checkInput(input: StackInput): void {
  InfrastructureSchema.parse(input.infrastructure);
  if (input.infrastructure.controlPlaneCidr.endsWith('/0')) {
    throw new RangeError('The control-plane CIDR may not be /0: it would open the Airbyte and Grouparoo APIs to the whole internet');
  }
}

function description(input: StackInput, stackName: string): string {
  const dbt = input.transformation === 'dbt_core_ecs' ? 'dbt Core on ECS' : 'dbt Cloud (outside this stack)';
  return (
    `Tapestry pipeline ${input.orgSlug}/${input.pipelineSlug} (${stackName}): Airbyte on EC2 (abctl ${ABCTL_VERSION}, chart ${AIRBYTE_CHART_VERSION}), ` +
    `Grouparoo on ECS Fargate with RDS PostgreSQL and ElastiCache Redis, ${dbt}, ${input.warehouseType} warehouse, S3 staging, CloudWatch alarms.`
  );
}

function parameterList(declared: DeclaredParameter[]): StackParameter[] {
  return declared.map((p) => ({ key: p.key, value: p.value, noEcho: p.declaration.NoEcho === true, description: p.declaration.Description }));
}

export function buildStackTemplate(input: StackInput, secrets: StackSecrets): BuiltStack {
  checkInput(input);
  const stackName = stackNameFor(input.orgSlug, input.pipelineSlug, input.pipelineId);
  const network = networkResources(stackName, input.infrastructure.network);
  const ctx: BuildContext = {
    input,
    stackName,
    network: network.refs,
    dbtCore: input.transformation === 'dbt_core_ecs',
    warehousePasswordParameter: secrets.warehousePasswordParameter,
  };
  const resources = merge([
    network.resources,
    securityGroupResources(ctx),
    secretResources(ctx),
    stagingBucketResources(),
    logGroupResources(ctx),
    airbyteResources(ctx),
    clusterResources(ctx),
    grouparooStoreResources(ctx),
    loadBalancerResources(ctx),
    grouparooServiceResources(ctx),
    dbtResources(ctx),
    alarmResources(ctx),
  ]);
  tagResources(resources, stackTags(input));
  const declared = declaredParameters(ctx);
  const template = {
    AWSTemplateFormatVersion: '2010-09-09',
    Description: description(input, stackName),
    Parameters: Object.fromEntries(declared.map((p) => [p.key, p.declaration])),
    Resources: Object.fromEntries(Object.entries(resources).map(([id, { purpose: _purpose, ...resource }]) => [id, resource])),
    Outputs: stackOutputs(ctx),
  };
  const deployBody = JSON.stringify(template);
  const bytes = new TextEncoder().encode(deployBody).length;
  if (bytes > TEMPLATE_BODY_LIMIT) throw new RangeError(`The template is ${bytes} bytes, over CloudFormation's ${TEMPLATE_BODY_LIMIT}-byte TemplateBody limit`);
  return {
    stackName,
    template,
    body: JSON.stringify(template, null, 2),
    deployBody,
    parameters: parameterList(declared),
    summary: Object.entries(resources).map(([logicalId, r]) => ({ logicalId, type: r.Type, purpose: r.purpose })),
  };
}
