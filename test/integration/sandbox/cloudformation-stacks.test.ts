// The CloudFormation stand-in driven by @aws-sdk/client-cloudformation: a realistic pipeline
// stack (YAML with short tags, and JSON) goes CREATE_COMPLETE through the SDK's waiter with its
// outputs resolved and its events in dependency order; ClientRequestToken makes CreateStack
// idempotent, also across a lost response (REL-3); throttling is retried by the SDK.
import {
  CreateStackCommand,
  DeleteStackCommand,
  DescribeStacksCommand,
  ListStackResourcesCommand,
  DescribeStackResourcesCommand,
  GetTemplateCommand,
  waitUntilStackCreateComplete,
  waitUntilStackDeleteComplete,
  type StackEvent,
} from '@aws-sdk/client-cloudformation';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allEvents, fixture, startCloudFormation, statusesOf, template, waitForStatus, type CloudFormationHarness } from '../../fixtures/cloudformation/stand-in';

let cfn: CloudFormationHarness;

beforeAll(async () => {
  cfn = await startCloudFormation({ recordBodies: true });
});

afterAll(async () => {
  await cfn.close();
});

const waiter = () => ({ client: cfn.client, maxWaitTime: 20, minDelay: 1, maxDelay: 1 });
const password = [{ ParameterKey: 'DbPassword', ParameterValue: 'correct-horse-battery-staple' }];

/** Index of the first event matching, in the oldest-first list. */
function at(events: StackEvent[], logicalId: string, status: string): number {
  const i = events.findIndex((e) => e.LogicalResourceId === logicalId && e.ResourceStatus === status);
  expect(i, `${logicalId} ${status}`).toBeGreaterThanOrEqual(0);
  return i;
}

describe('a realistic pipeline stack', () => {
  it.each([
    ['pipeline-stack.yaml', 'yaml-stack', 'dev'],
    ['pipeline-stack.json', 'json-stack', 'prod'],
  ])('%s goes CREATE_COMPLETE with outputs, ordered events and the token on every event', async (file, stackName, env) => {
    const token = `tap-create-${stackName}`;
    const created = await cfn.client.send(
      new CreateStackCommand({
        StackName: stackName,
        TemplateBody: fixture(file),
        Capabilities: ['CAPABILITY_IAM'],
        Parameters: [...password, { ParameterKey: 'EnvName', ParameterValue: env }],
        ClientRequestToken: token,
        Tags: [{ Key: 'tapestry:pipeline', Value: stackName }],
      }),
    );
    expect(created.StackId).toMatch(new RegExp(`^arn:aws:cloudformation:us-east-1:\\d{12}:stack/${stackName}/[0-9a-f-]{36}$`));

    const result = await waitUntilStackCreateComplete(waiter(), { StackName: stackName });
    expect(result.state).toBe('SUCCESS');
    const stack = (await cfn.client.send(new DescribeStacksCommand({ StackName: stackName }))).Stacks?.[0];
    expect(stack?.StackStatus).toBe('CREATE_COMPLETE');
    expect(stack?.Tags).toEqual([{ Key: 'tapestry:pipeline', Value: stackName }]);
    expect(stack?.Parameters?.find((p) => p.ParameterKey === 'DbPassword')?.ParameterValue).toBe('****');
    expect(stack?.Parameters?.find((p) => p.ParameterKey === 'LatestAmiId')?.ResolvedValue).toMatch(/^ami-[0-9a-f]{17}$/);

    const outputs = Object.fromEntries((stack?.Outputs ?? []).map((o) => [o.OutputKey, o.OutputValue]));
    expect(outputs.VpcId).toMatch(/^vpc-[0-9a-f]{17}$/);
    expect(outputs.SubnetIds).toMatch(/^subnet-[0-9a-f]{17},subnet-[0-9a-f]{17}$/);
    expect(outputs.AirbyteInstanceId).toMatch(/^i-[0-9a-f]{17}$/);
    expect(outputs.AirbytePrivateIp).toMatch(/^10\.20\.0\.\d+$/);
    expect(outputs.AirbytePublicDnsName).toMatch(/^ec2-\d+-\d+-\d+-\d+\.compute-1\.amazonaws\.com$/);
    expect(outputs.DatabaseEndpoint).toMatch(new RegExp(`^${stackName}-database-[a-z0-9]+\\.c[0-9a-f]+\\.us-east-1\\.rds\\.amazonaws\\.com$`));
    expect(outputs.DatabasePort).toBe('5432');
    expect(outputs.RedisEndpoint).toMatch(/\.cache\.amazonaws\.com:6379$/);
    expect(outputs.BucketArn).toMatch(new RegExp(`^arn:aws:s3:::${stackName}-databucket-[a-z0-9]+$`));
    expect(outputs.AirbyteRoleArn).toMatch(new RegExp(`^arn:aws:iam::\\d{12}:role/${stackName}-AirbyteRole-[A-Z0-9]+$`));
    expect(outputs.EcsClusterArn).toBe(`arn:aws:ecs:us-east-1:123456789012:cluster/${stackName}-dbt`);
    expect(outputs.TaskDefinitionArn).toBe(`arn:aws:ecs:us-east-1:123456789012:task-definition/${stackName}-dbt:1`);
    expect(outputs.SecretArn).toMatch(/^arn:aws:secretsmanager:us-east-1:\d{12}:secret:DbSecret-[A-Z0-9]+-[0-9a-f]{6}$/);
    expect(outputs.LogGroupName).toBe(`/tapestry/${stackName}`);
    // The production-only alarm (Condition IsProd) exists only in prod.
    expect(outputs.DatabaseAlarm !== undefined).toBe(env === 'prod');

    const events = await allEvents(cfn.client, stackName);
    expect(events.every((e) => e.ClientRequestToken === token)).toBe(true);
    expect(new Set(events.map((e) => e.EventId)).size).toBe(events.length);
    const times = events.map((e) => e.Timestamp?.getTime() ?? 0);
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(statusesOf(events, stackName)).toEqual(['CREATE_IN_PROGRESS', 'CREATE_COMPLETE']);
    expect(events[0]?.ResourceStatusReason).toBe('User Initiated');
    const resources = (await cfn.client.send(new ListStackResourcesCommand({ StackName: stackName }))).StackResourceSummaries ?? [];
    expect(resources).toHaveLength(env === 'prod' ? 29 : 28);
    for (const r of resources) {
      expect(r.ResourceStatus).toBe('CREATE_COMPLETE');
      expect(statusesOf(events, r.LogicalResourceId as string)).toEqual(['CREATE_IN_PROGRESS', 'CREATE_IN_PROGRESS', 'CREATE_COMPLETE']);
    }
    const initiated = events.find((e) => e.LogicalResourceId === 'AirbyteInstance' && e.ResourceStatusReason === 'Resource creation Initiated');
    expect(initiated?.PhysicalResourceId).toBe(outputs.AirbyteInstanceId);
    expect(JSON.parse(initiated?.ResourceProperties ?? '{}')).toMatchObject({ InstanceType: 't3.large', Monitoring: true });
    // A NoEcho parameter's value never shows in events.
    const dbEvent = events.find((e) => e.LogicalResourceId === 'Database' && e.ResourceProperties);
    expect(JSON.parse(dbEvent?.ResourceProperties ?? '{}')).toMatchObject({ MasterUserPassword: '****', Engine: 'postgres' });
    expect(events.some((e) => e.ResourceProperties?.includes('correct-horse-battery-staple'))).toBe(false);
    // Dependency order: references, GetAtt, Sub placeholders and DependsOn.
    for (const [before, after] of [
      ['Vpc', 'PublicSubnetA'],
      ['GatewayAttachment', 'PublicRoute'],
      ['AirbyteInstanceProfile', 'AirbyteInstance'],
      ['DataBucket', 'AirbyteRole'],
      ['DbSecret', 'DbtTaskDefinition'],
      ['Database', 'DatabaseCpuAlarm'],
    ]) {
      if (before === 'Database' && env !== 'prod') continue;
      expect(at(events, before as string, 'CREATE_COMPLETE')).toBeLessThan(at(events, after as string, 'CREATE_IN_PROGRESS'));
    }
    // Independent resources run side by side: the bucket starts before the VPC is complete.
    expect(at(events, 'DataBucket', 'CREATE_IN_PROGRESS')).toBeLessThan(at(events, 'Vpc', 'CREATE_COMPLETE'));

    const instance = cfn.world.instances.get(outputs.AirbyteInstanceId as string);
    expect(instance).toMatchObject({ state: 'running', instanceType: 't3.large', monitoring: 'enabled', privateIpAddress: outputs.AirbytePrivateIp, stackId: created.StackId, logicalId: 'AirbyteInstance' });
    expect(instance?.tags).toMatchObject({ 'aws:cloudformation:stack-name': stackName, 'aws:cloudformation:logical-id': 'AirbyteInstance', 'tapestry:role': 'airbyte' });

    const described = (await cfn.client.send(new DescribeStackResourcesCommand({ StackName: stackName, LogicalResourceId: 'Database' }))).StackResources ?? [];
    expect(described).toHaveLength(1);
    expect(described[0]).toMatchObject({ ResourceType: 'AWS::RDS::DBInstance', ResourceStatus: 'CREATE_COMPLETE', StackId: created.StackId });
    const body = (await cfn.client.send(new GetTemplateCommand({ StackName: stackName }))).TemplateBody;
    expect(body).toBe(fixture(file));
  });

  it('deletes in reverse dependency order, terminates the instance, and then the name is unknown', async () => {
    const stackName = 'yaml-stack';
    const before = (await cfn.client.send(new DescribeStacksCommand({ StackName: stackName }))).Stacks?.[0];
    const instanceId = before?.Outputs?.find((o) => o.OutputKey === 'AirbyteInstanceId')?.OutputValue as string;
    await cfn.client.send(new DeleteStackCommand({ StackName: stackName, ClientRequestToken: 'tap-delete-1' }));
    await waitUntilStackDeleteComplete(waiter(), { StackName: before?.StackId });
    const events = await allEvents(cfn.client, before?.StackId as string);
    expect(events.length).toBeGreaterThan(100); // read over more than one page
    const deletion = events.filter((e) => e.ClientRequestToken === 'tap-delete-1');
    expect(deletion[0]).toMatchObject({ LogicalResourceId: stackName, ResourceStatus: 'DELETE_IN_PROGRESS', ResourceStatusReason: 'User Initiated' });
    expect(deletion[deletion.length - 1]).toMatchObject({ LogicalResourceId: stackName, ResourceStatus: 'DELETE_COMPLETE' });
    for (const [dependent, prerequisite] of [
      ['PublicSubnetA', 'Vpc'],
      ['AirbyteInstance', 'AirbyteInstanceProfile'],
      ['AirbyteInstanceProfile', 'AirbyteRole'],
      ['Database', 'DbSubnetGroup'],
      ['PublicRoute', 'GatewayAttachment'],
    ]) {
      expect(at(deletion, dependent as string, 'DELETE_COMPLETE')).toBeLessThan(at(deletion, prerequisite as string, 'DELETE_IN_PROGRESS'));
    }
    expect(cfn.world.instances.get(instanceId)?.state).toBe('terminated');
    await expect(cfn.client.send(new DescribeStacksCommand({ StackName: stackName }))).rejects.toMatchObject({
      name: 'ValidationError',
      message: `Stack with id ${stackName} does not exist`,
    });
    // By stack id a deleted stack is still visible, as on AWS.
    const gone = (await cfn.client.send(new DescribeStacksCommand({ StackName: before?.StackId }))).Stacks?.[0];
    expect(gone?.StackStatus).toBe('DELETE_COMPLETE');
    expect(gone?.DeletionTime).toBeInstanceOf(Date);
  });
});

describe('ClientRequestToken (REL-3)', () => {
  const tiny = template({ Logs: { Type: 'AWS::Logs::LogGroup', Properties: { RetentionInDays: 7 } } });

  it('the same CreateStack twice with the same token is one stack; another token gets AlreadyExistsException', async () => {
    const input = { StackName: 'idempotent', TemplateBody: tiny, ClientRequestToken: 'tap-op-1' };
    const first = await cfn.client.send(new CreateStackCommand(input));
    const second = await cfn.client.send(new CreateStackCommand(input));
    expect(second.StackId).toBe(first.StackId);
    await expect(cfn.client.send(new CreateStackCommand({ ...input, ClientRequestToken: 'tap-op-2' }))).rejects.toMatchObject({
      name: 'AlreadyExistsException',
      message: 'Stack [idempotent] already exists',
    });
    await waitForStatus(cfn.client, 'idempotent', ['CREATE_COMPLETE']);
    const stacks = cfn.service.engine.store.all().filter((s) => s.name === 'idempotent');
    expect(stacks).toHaveLength(1);
    expect(statusesOf(await allEvents(cfn.client, 'idempotent'), 'Logs')).toEqual(['CREATE_IN_PROGRESS', 'CREATE_IN_PROGRESS', 'CREATE_COMPLETE']);
  });

  it('a lost CreateStack response, retried by the SDK with the same token, creates exactly one stack', async () => {
    const before = cfn.server.log.count('CreateStack');
    cfn.server.faults.addRule({ kind: 'lose-response', operation: 'CreateStack', times: 1 });
    const out = await cfn.client.send(new CreateStackCommand({ StackName: 'lost-response', TemplateBody: tiny, ClientRequestToken: 'tap-op-lost' }));
    expect(cfn.server.log.count('CreateStack') - before).toBe(2);
    const logged = cfn.server.log.list({ operation: 'CreateStack' }).slice(-2);
    expect(logged.map((l) => l.status)).toEqual([0, 200]);
    expect(logged.every((l) => l.requestBody?.includes('ClientRequestToken=tap-op-lost'))).toBe(true);
    const stacks = cfn.service.engine.store.all().filter((s) => s.name === 'lost-response');
    expect(stacks.map((s) => s.stackId)).toEqual([out.StackId]);
    await waitForStatus(cfn.client, 'lost-response', ['CREATE_COMPLETE']);
    const events = await allEvents(cfn.client, 'lost-response');
    expect(statusesOf(events, 'lost-response')).toEqual(['CREATE_IN_PROGRESS', 'CREATE_COMPLETE']);
  });

  it('throttling is answered in the awsQuery shape and retried by the SDK until it succeeds', async () => {
    const before = cfn.server.log.count('DescribeStacks');
    cfn.server.faults.addRule({ kind: 'throttle', operation: 'DescribeStacks', times: 2 });
    const out = await cfn.client.send(new DescribeStacksCommand({ StackName: 'idempotent' }));
    expect(out.Stacks?.[0]?.StackStatus).toBe('CREATE_COMPLETE');
    const calls = cfn.server.log.list({ operation: 'DescribeStacks' }).slice(-(cfn.server.log.count('DescribeStacks') - before));
    expect(calls.map((c) => [c.status, c.fault ?? null])).toEqual([
      [400, 'throttle'],
      [400, 'throttle'],
      [200, null],
    ]);
    expect(calls[0]?.responseBody).toContain('<Code>Throttling</Code>');
  });
});

describe('bounded', () => {
  it('leaves no operation or simulated timer running once every stack has settled', async () => {
    const engine = cfn.service.engine;
    const deadline = Date.now() + 10_000;
    while ((engine.activeOperations() > 0 || engine.env.timeline.pending() > 0) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(engine.activeOperations()).toBe(0);
    expect(engine.env.timeline.pending()).toBe(0);
    expect(engine.store.all().every((s) => !s.status.endsWith('_IN_PROGRESS'))).toBe(true);
  });
});
