// The ECS clusters and task definitions CloudFormation stacks created in the same sandbox, as the ECS
// service adopts them: a stack's AWS::ECS::Cluster (physical id = cluster name) and
// AWS::ECS::TaskDefinition (physical id = its ARN; properties in CloudFormation's PascalCase, turned
// into the API's camelCase). Only resources whose creation or update completed count.
import type { ExternalEcsResources, TaskDefinitionInput } from './registry';
import { taskDefinitionInput } from './registry';

/** What this needs of a stack (structurally; the CloudFormation stand-in's Stack fits). */
export interface StackLike {
  status: string;
  resources: Map<string, { type: string; physicalId?: string; status: string; properties: Record<string, unknown> }>;
}

function camelKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(camelKeys);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k.charAt(0).toLowerCase() + k.slice(1), camelKeys(v)]));
}

function liveResources(stacks: Iterable<StackLike>, type: string) {
  return [...stacks]
    .filter((s) => s.status !== 'DELETE_COMPLETE')
    .flatMap((s) => [...s.resources.values()])
    .filter((r) => r.type === type && r.physicalId && /^(CREATE|UPDATE)_COMPLETE$/.test(r.status));
}

/** `arn:…:task-definition/dbt:1` answers to that ARN, `dbt:1` and `dbt`. */
function answersTo(arn: string, reference: string): boolean {
  const tail = arn.split('task-definition/')[1] ?? '';
  return reference === arn || reference === tail || reference === tail.replace(/:\d+$/, '');
}

export function ecsResourcesFromStacks(stacks: () => Iterable<StackLike>): ExternalEcsResources {
  return {
    hasCluster: (name) => liveResources(stacks(), 'AWS::ECS::Cluster').some((r) => r.physicalId === name),
    taskDefinition(reference): TaskDefinitionInput | undefined {
      const found = liveResources(stacks(), 'AWS::ECS::TaskDefinition').find((r) => answersTo(r.physicalId as string, reference));
      if (!found) return undefined;
      const parsed = taskDefinitionInput.safeParse(camelKeys(found.properties));
      return parsed.success ? parsed.data : undefined;
    },
  };
}
