// The ECS cluster and the Fargate building blocks Grouparoo and dbt share: a task definition
// with one container, configuration in `Environment` and every secret in `Secrets` (ECS fetches
// those from Secrets Manager when the task starts, with the execution role), logs to the
// container's own log group, and services that roll back a deploy that does not become healthy.
import { scopedName } from './names';
import { getAtt, ref, REGION } from './fn';
import type { BuildContext, ResourceSpec, Resources, TemplateValue } from './types';

export const CLUSTER = 'Cluster';

export function clusterResources(ctx: BuildContext): Resources {
  return {
    [CLUSTER]: {
      Type: 'AWS::ECS::Cluster',
      Properties: { ClusterName: ctx.stackName, ClusterSettings: [{ Name: 'containerInsights', Value: 'enabled' }] },
      purpose: 'ECS cluster of the pipeline (Container Insights on)',
    },
  };
}

export interface ContainerOptions {
  name: string;
  image: string;
  logGroupId: string;
  environment: Record<string, TemplateValue>;
  /** Variable name → Secrets Manager ARN (or `<arn>:<json key>::`). */
  secrets: Record<string, TemplateValue>;
  port?: number;
}

function container(options: ContainerOptions): TemplateValue {
  return {
    Name: options.name,
    Image: options.image,
    Essential: true,
    ...(options.port ? { PortMappings: [{ ContainerPort: options.port, Protocol: 'tcp' }] } : {}),
    Environment: Object.entries(options.environment).map(([Name, Value]) => ({ Name, Value })),
    Secrets: Object.entries(options.secrets).map(([Name, ValueFrom]) => ({ Name, ValueFrom })),
    LogConfiguration: {
      LogDriver: 'awslogs',
      Options: { 'awslogs-group': ref(options.logGroupId), 'awslogs-region': REGION, 'awslogs-stream-prefix': options.name },
    },
    StopTimeout: 30,
  };
}

export function fargateTaskDefinition(ctx: BuildContext, options: {
  familyPart: string;
  cpu: TemplateValue;
  memory: TemplateValue;
  executionRoleId: string;
  taskRoleId?: string;
  container: ContainerOptions;
  purpose: string;
}): ResourceSpec {
  return {
    Type: 'AWS::ECS::TaskDefinition',
    Properties: {
      Family: scopedName(ctx.stackName, options.familyPart),
      RequiresCompatibilities: ['FARGATE'],
      NetworkMode: 'awsvpc',
      RuntimePlatform: { CpuArchitecture: 'X86_64', OperatingSystemFamily: 'LINUX' },
      Cpu: options.cpu,
      Memory: options.memory,
      ExecutionRoleArn: getAtt(options.executionRoleId, 'Arn'),
      ...(options.taskRoleId ? { TaskRoleArn: getAtt(options.taskRoleId, 'Arn') } : {}),
      ContainerDefinitions: [container(options.container)],
    },
    purpose: options.purpose,
  };
}

export function fargateService(ctx: BuildContext, options: {
  namePart: string;
  taskDefinitionId: string;
  desiredCount: TemplateValue;
  securityGroup: TemplateValue;
  loadBalancer?: { containerName: string; port: number; targetGroupId: string; listenerId: string };
  purpose: string;
}): ResourceSpec {
  const lb = options.loadBalancer;
  return {
    Type: 'AWS::ECS::Service',
    Properties: {
      ServiceName: scopedName(ctx.stackName, options.namePart),
      Cluster: ref(CLUSTER),
      TaskDefinition: ref(options.taskDefinitionId),
      LaunchType: 'FARGATE',
      DesiredCount: options.desiredCount,
      NetworkConfiguration: { AwsvpcConfiguration: { Subnets: ctx.network.privateSubnets, SecurityGroups: [options.securityGroup], AssignPublicIp: 'DISABLED' } },
      DeploymentConfiguration: { MinimumHealthyPercent: 100, MaximumPercent: 200, DeploymentCircuitBreaker: { Enable: true, Rollback: true } },
      EnableExecuteCommand: false,
      EnableECSManagedTags: true,
      PropagateTags: 'SERVICE',
      ...(lb
        ? {
            LoadBalancers: [{ ContainerName: lb.containerName, ContainerPort: lb.port, TargetGroupArn: ref(lb.targetGroupId) }],
            HealthCheckGracePeriodSeconds: 180,
          }
        : {}),
    },
    // A service cannot register with a target group before its listener exists.
    ...(lb ? { DependsOn: [lb.listenerId] } : {}),
    purpose: options.purpose,
  };
}
