// The composed AWS stand-in (startAwsStandIn) driven by the real SDK clients: what a CloudFormation
// stack creates is what EC2, CloudWatch and ECS then answer for, the sandbox's own key belongs to the
// account in every ARN, and a bad key is refused by every service before it looks at the request.
import { CloudFormationClient, CreateStackCommand, DescribeStacksCommand, ListStacksCommand } from '@aws-sdk/client-cloudformation';
import { CloudWatchClient, GetMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { DescribeInstancesCommand, EC2Client } from '@aws-sdk/client-ec2';
import { DescribeTasksCommand, ECSClient, RunTaskCommand } from '@aws-sdk/client-ecs';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAwsStandIn, type AwsStandIn } from '@/infra/local/aws';
import { SANDBOX_ACCESS_KEY_ID } from '@/infra/local/aws/sts';
import { SandboxWorld } from '@/infra/local/core/world';
import { until } from '../../support/until';

const world = new SandboxWorld();
let aws: AwsStandIn;
const clients: { destroy(): void }[] = [];

function client<T extends { destroy(): void }>(Client: new (config: object) => T, accessKeyId = SANDBOX_ACCESS_KEY_ID): T {
  const made = new Client({ endpoint: aws.url, region: 'us-east-1', maxAttempts: 1, credentials: { accessKeyId, secretAccessKey: 'sandbox-secret' } });
  clients.push(made);
  return made;
}

const template = {
  AWSTemplateFormatVersion: '2010-09-09',
  Resources: {
    AirbyteInstance: {
      Type: 'AWS::EC2::Instance',
      Properties: {
        ImageId: 'ami-0123456789abcdef0',
        InstanceType: 't3.large',
        Monitoring: true,
        Tags: [{ Key: 'tapestry:role', Value: 'airbyte' }],
      },
    },
    DbtCluster: { Type: 'AWS::ECS::Cluster', Properties: { ClusterName: 'tapestry-p1-dbt' } },
    DbtTask: {
      Type: 'AWS::ECS::TaskDefinition',
      Properties: {
        Family: 'tapestry-p1-dbt',
        Cpu: '512',
        Memory: '1024',
        NetworkMode: 'awsvpc',
        RequiresCompatibilities: ['FARGATE'],
        ContainerDefinitions: [{ Name: 'dbt', Image: 'ghcr.io/dbt-labs/dbt-postgres:1.9.0', Essential: true }],
      },
    },
  },
  Outputs: {
    InstanceId: { Value: { Ref: 'AirbyteInstance' } },
    TaskDefinitionArn: { Value: { Ref: 'DbtTask' } },
  },
};

let outputs: Record<string, string> = {};

beforeAll(async () => {
  aws = await startAwsStandIn({ world, timeScale: 0.001, accountId: '111122223333' });
  const cfn = client(CloudFormationClient);
  await cfn.send(new CreateStackCommand({ StackName: 'tapestry-p1', TemplateBody: JSON.stringify(template) }));
  const stack = await until('stack creation', async () => {
    const found = (await cfn.send(new DescribeStacksCommand({ StackName: 'tapestry-p1' }))).Stacks?.[0];
    if (found?.StackStatus?.endsWith('_IN_PROGRESS')) return undefined;
    return found;
  });
  expect(stack.StackStatus).toBe('CREATE_COMPLETE');
  outputs = Object.fromEntries((stack.Outputs ?? []).map((o) => [o.OutputKey, o.OutputValue]));
});

afterAll(async () => {
  for (const made of clients) made.destroy();
  await aws?.close();
});

describe('the composed AWS stand-in', () => {
  it('answers GetCallerIdentity for the sandbox key with the account in every ARN', async () => {
    const me = await client(STSClient).send(new GetCallerIdentityCommand({}));
    expect(me.Account).toBe('111122223333');
    expect(outputs.TaskDefinitionArn).toBe('arn:aws:ecs:us-east-1:111122223333:task-definition/tapestry-p1-dbt:1');
  });

  it('describes the instance the stack created, and CloudWatch has its CPU once minutes pass', async () => {
    const out = await client(EC2Client).send(new DescribeInstancesCommand({ Filters: [{ Name: 'tag:tapestry:role', Values: ['airbyte'] }] }));
    const instance = out.Reservations?.[0]?.Instances?.[0];
    expect(instance).toMatchObject({ InstanceId: outputs.InstanceId, InstanceType: 't3.large', State: { Name: 'running' }, Monitoring: { State: 'enabled' } });
    expect(out.Reservations?.[0]?.OwnerId).toBe('111122223333');

    // Move the instance's launch back so whole minutes of samples exist without waiting.
    const launched = world.instances.get(outputs.InstanceId as string);
    if (!launched) throw new Error('the stack did not put its instance in the world');
    launched.launchTime -= 10 * 60_000;
    const now = Date.now();
    const metrics = await client(CloudWatchClient).send(
      new GetMetricDataCommand({
        StartTime: new Date(now - 10 * 60_000),
        EndTime: new Date(now),
        MetricDataQueries: [
          { Id: 'cpu', MetricStat: { Metric: { Namespace: 'AWS/EC2', MetricName: 'CPUUtilization', Dimensions: [{ Name: 'InstanceId', Value: outputs.InstanceId }] }, Period: 60, Stat: 'Average' } },
        ],
      }),
    );
    expect(metrics.MetricDataResults?.[0]?.Values?.length).toBeGreaterThanOrEqual(9);
  });

  it('runs an ECS task on the cluster and task definition the stack created', async () => {
    const ecs = client(ECSClient);
    const run = await ecs.send(
      new RunTaskCommand({
        cluster: 'tapestry-p1-dbt',
        taskDefinition: outputs.TaskDefinitionArn,
        launchType: 'FARGATE',
        networkConfiguration: { awsvpcConfiguration: { subnets: ['subnet-0123456789abcdef0'] } },
      }),
    );
    const arn = run.tasks?.[0]?.taskArn as string;
    expect(arn).toMatch(/^arn:aws:ecs:us-east-1:111122223333:task\/tapestry-p1-dbt\//);
    const stopped = await until('the task to stop', async () => {
      const task = (await ecs.send(new DescribeTasksCommand({ cluster: 'tapestry-p1-dbt', tasks: [arn] }))).tasks?.[0];
      return task?.lastStatus === 'STOPPED' ? task : undefined;
    });
    expect(stopped.containers?.[0]).toMatchObject({ name: 'dbt', exitCode: 0 });
  });

  it('refuses an invalid key on every service, CloudFormation included', async () => {
    await expect(client(CloudFormationClient, 'AKIAINVALID000000001').send(new ListStacksCommand({}))).rejects.toMatchObject({
      name: 'InvalidClientTokenId',
      $metadata: { httpStatusCode: 403 },
    });
    await expect(client(ECSClient, 'AKIAINVALID000000001').send(new DescribeTasksCommand({ tasks: ['x'] }))).rejects.toMatchObject({ name: 'UnrecognizedClientException' });
    await expect(
      client(CloudWatchClient, 'AKIAINVALID000000001').send(new GetMetricDataCommand({ StartTime: new Date(0), EndTime: new Date(), MetricDataQueries: [] })),
    ).rejects.toMatchObject({ name: 'InvalidClientTokenId', $metadata: { httpStatusCode: 403 } });
  });
});
