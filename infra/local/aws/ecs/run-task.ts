// RunTask's checks, in the order ECS makes them, before the task runner starts anything: the cluster,
// the task definition, launch type and capacity, Fargate's awsvpc network, and container overrides.
// A repeated clientToken answers with the tasks it already started (the SDK sends one on every call
// and reuses it when it retries).
import { z } from 'zod';
import { AwsError } from '../protocol';
import { readInput } from './input';
import type { EcsRegistry, TaskDefinition } from './registry';
import type { Task } from './task';
import type { TaskRunner } from './tasks';

const keyValue = z.object({ name: z.string(), value: z.string() });

export const runTaskInput = z.looseObject({
  cluster: z.string().optional(),
  taskDefinition: z.string(),
  count: z.number().optional(),
  launchType: z.enum(['EC2', 'FARGATE', 'EXTERNAL', 'MANAGED_INSTANCES']).optional(),
  capacityProviderStrategy: z.array(z.object({ capacityProvider: z.string(), weight: z.number().optional(), base: z.number().optional() })).optional(),
  networkConfiguration: z
    .object({
      awsvpcConfiguration: z.object({
        subnets: z.array(z.string()),
        securityGroups: z.array(z.string()).optional(),
        assignPublicIp: z.enum(['ENABLED', 'DISABLED']).optional(),
      }),
    })
    .optional(),
  overrides: z
    .looseObject({
      containerOverrides: z
        .array(z.looseObject({ name: z.string().optional(), command: z.array(z.string()).optional(), environment: z.array(keyValue).optional() }))
        .optional(),
    })
    .optional(),
  startedBy: z.string().optional(),
  group: z.string().optional(),
  clientToken: z.string().optional(),
  tags: z.array(z.object({ key: z.string(), value: z.string() })).optional(),
  platformVersion: z.string().optional(),
});

type RunTaskInput = z.output<typeof runTaskInput>;

const invalid = (message: string) => new AwsError('InvalidParameterException', message);

function launchTypeOf(input: RunTaskInput): string {
  if (input.launchType && input.capacityProviderStrategy) {
    throw invalid('Specifying both a launch type and capacity provider strategy is not supported. Remove one and try again.');
  }
  if (input.launchType) return input.launchType;
  return input.capacityProviderStrategy?.some((s) => s.capacityProvider.startsWith('FARGATE')) ? 'FARGATE' : 'EC2';
}

function subnetOf(input: RunTaskInput, definition: TaskDefinition, launchType: string): string {
  if (definition.networkMode !== 'awsvpc' && launchType !== 'FARGATE') return '';
  const vpc = input.networkConfiguration?.awsvpcConfiguration;
  if (!vpc) throw invalid("Network Configuration must be provided when networkMode 'awsvpc' is specified.");
  const [subnet] = vpc.subnets;
  if (subnet === undefined) throw invalid('subnets can not be empty.');
  return subnet;
}

function checkOverrides(input: RunTaskInput, definition: TaskDefinition): void {
  const names = new Set(definition.containerDefinitions.map((c) => c.name));
  const stray = input.overrides?.containerOverrides?.find((o) => o.name !== undefined && !names.has(o.name));
  if (stray) throw invalid(`Override for container named ${stray.name} is not a container in the TaskDefinition.`);
}

export function runTask(registry: EcsRegistry, runner: TaskRunner, raw: unknown): { tasks: Task[] } {
  const input = readInput(runTaskInput, raw);
  const cluster = registry.cluster(input.cluster);
  const earlier = input.clientToken ? runner.forToken(cluster, input.clientToken) : undefined;
  if (earlier) return { tasks: earlier };
  const count = input.count ?? 1;
  if (!Number.isInteger(count) || count < 1 || count > 10) throw invalid('count must be between 1 and 10.');
  if ((input.startedBy?.length ?? 0) > 128) throw invalid('startedBy can be up to 128 characters.');
  const definition = registry.findTaskDefinition(input.taskDefinition);
  if (!definition) throw invalid('TaskDefinition not found.');
  const launchType = launchTypeOf(input);
  if (launchType !== 'FARGATE') throw invalid('No Container Instances were found in your cluster.');
  if (!definition.requiresCompatibilities?.includes('FARGATE')) throw invalid('Task definition does not support launch_type FARGATE.');
  const subnetId = subnetOf(input, definition, launchType);
  checkOverrides(input, definition);
  const tasks = runner.start(
    {
      cluster,
      definition,
      launchType,
      group: input.group,
      startedBy: input.startedBy,
      overrides: input.overrides ?? {},
      tags: input.tags ?? [],
      subnetId,
    },
    count,
    input.clientToken,
  );
  return { tasks };
}
