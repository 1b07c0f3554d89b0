// EC2 stand-in driven by the real @aws-sdk/client-ec2, for instances put in the sandbox world as
// CloudFormation puts them: DescribeInstances with ids, filters and paging; EC2's id errors;
// DescribeInstanceStatus; stopping, resizing and starting again on a fake clock.
import {
  DescribeInstanceStatusCommand,
  DescribeInstancesCommand,
  EC2Client,
  ModifyInstanceAttributeCommand,
  paginateDescribeInstances,
  StartInstancesCommand,
  StopInstancesCommand,
  type Instance,
} from '@aws-sdk/client-ec2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEc2Service } from '@/infra/local/aws/ec2';
import { startAwsServer } from '@/infra/local/aws/server';
import type { StandIn } from '@/infra/local/core/stand-in-server';
import { SandboxWorld, type SandboxInstance } from '@/infra/local/core/world';

const NOW = Date.parse('2026-11-20T12:00:00Z');
const clock = { t: NOW, now() { return this.t; } };
const world = new SandboxWorld(clock);
let server: StandIn;
let ec2: EC2Client;

const id = (n: number) => `i-0${n.toString(16).padStart(16, '0')}`;

function put(n: number, overrides: Partial<SandboxInstance> = {}): void {
  world.putInstance({
    instanceId: id(n),
    instanceType: 't3.medium',
    imageId: 'ami-0123456789abcdef0',
    stackId: 'arn:aws:cloudformation:us-east-1:123456789012:stack/tapestry-p1/abc',
    logicalId: `Instance${n}`,
    subnetId: 'subnet-0123456789abcdef0',
    vpcId: 'vpc-0123456789abcdef0',
    privateIpAddress: `10.0.1.${n}`,
    monitoring: 'disabled',
    tags: { Name: `instance-${n}`, 'tapestry:pipeline': n % 2 ? 'odd' : 'even' },
    launchTime: NOW - 3600_000 + n * 1000,
    state: 'running',
    stateChangedAt: NOW - 3600_000 + n * 1000,
    ...overrides,
  });
}

async function instances(input: ConstructorParameters<typeof DescribeInstancesCommand>[0] = {}): Promise<Instance[]> {
  const out = await ec2.send(new DescribeInstancesCommand(input));
  return (out.Reservations ?? []).flatMap((r) => r.Instances ?? []);
}

beforeAll(async () => {
  put(1, { instanceType: 't3.large', monitoring: 'enabled', tags: { Name: 'airbyte', 'tapestry:role': 'airbyte', 'tapestry:pipeline': 'odd' } });
  for (const n of [2, 3, 4, 5, 6]) put(n);
  put(7, { state: 'stopped', stateChangedAt: NOW - 60_000 });
  // Terminated two hours ago: EC2 no longer shows it.
  put(8, { state: 'terminated', stateChangedAt: NOW - 2 * 3600_000 });
  server = await startAwsServer({ query: [createEc2Service(world, { account: () => '123456789012', timeScale: 1 })], json: [] });
  ec2 = new EC2Client({ endpoint: server.url, region: 'us-east-1', credentials: { accessKeyId: 'AKIASANDBOX000000001', secretAccessKey: 'sandbox-secret' } });
});

afterAll(async () => {
  ec2?.destroy();
  await server?.close();
});

describe('DescribeInstances', () => {
  it('describes an instance as EC2 does: reservation, state, type, monitoring, address, tags, launch time', async () => {
    const out = await ec2.send(new DescribeInstancesCommand({ InstanceIds: [id(1)] }));
    expect(out.Reservations).toHaveLength(1);
    expect(out.Reservations?.[0]?.OwnerId).toBe('123456789012');
    expect(out.Reservations?.[0]?.ReservationId).toMatch(/^r-[0-9a-f]{17}$/);
    const instance = out.Reservations?.[0]?.Instances?.[0];
    expect(instance).toMatchObject({
      InstanceId: id(1),
      InstanceType: 't3.large',
      ImageId: 'ami-0123456789abcdef0',
      State: { Code: 16, Name: 'running' },
      Monitoring: { State: 'enabled' },
      PrivateIpAddress: '10.0.1.1',
      PrivateDnsName: 'ip-10-0-1-1.ec2.internal',
      SubnetId: 'subnet-0123456789abcdef0',
      VpcId: 'vpc-0123456789abcdef0',
      LaunchTime: new Date(NOW - 3600_000 + 1000),
    });
    expect(instance?.Placement?.AvailabilityZone).toMatch(/^us-east-1[abc]$/);
    expect(instance?.Tags).toEqual(expect.arrayContaining([{ Key: 'tapestry:role', Value: 'airbyte' }, { Key: 'Name', Value: 'airbyte' }]));
  });

  it('lists every visible instance, leaving out ones terminated over an hour ago', async () => {
    const ids = (await instances()).map((i) => i.InstanceId);
    expect(ids).toEqual([1, 2, 3, 4, 5, 6, 7].map(id));
  });

  it('filters by state, tag, tag key, instance id and wildcard values', async () => {
    const ids = async (Filters: { Name: string; Values: string[] }[]) => (await instances({ Filters })).map((i) => i.InstanceId);
    expect(await ids([{ Name: 'instance-state-name', Values: ['stopped'] }])).toEqual([id(7)]);
    expect(await ids([{ Name: 'instance-state-name', Values: ['running', 'pending'] }])).toHaveLength(6);
    expect(await ids([{ Name: 'tag:tapestry:role', Values: ['airbyte'] }])).toEqual([id(1)]);
    expect(await ids([{ Name: 'tag-key', Values: ['tapestry:role'] }])).toEqual([id(1)]);
    expect(await ids([{ Name: 'tag:Name', Values: ['instance-?'] }, { Name: 'tag:tapestry:pipeline', Values: ['even'] }])).toEqual([2, 4, 6].map(id));
    expect(await ids([{ Name: 'instance-id', Values: [id(3), id(5)] }])).toEqual([id(3), id(5)]);
    expect(await ids([{ Name: 'tag:Name', Values: ['nothing-*'] }])).toEqual([]);
  });

  it('pages with MaxResults and NextToken, returning each instance once', async () => {
    const seen: string[] = [];
    let pages = 0;
    for await (const page of paginateDescribeInstances({ client: ec2, pageSize: 5 }, {})) {
      pages += 1;
      seen.push(...(page.Reservations ?? []).flatMap((r) => (r.Instances ?? []).map((i) => i.InstanceId as string)));
    }
    expect(pages).toBe(2);
    expect(seen).toEqual([1, 2, 3, 4, 5, 6, 7].map(id));
  });

  it('answers unknown, malformed and badly combined requests with EC2 error codes', async () => {
    await expect(ec2.send(new DescribeInstancesCommand({ InstanceIds: ['i-0123456789abcdef9'] }))).rejects.toMatchObject({
      name: 'InvalidInstanceID.NotFound',
      message: "The instance ID 'i-0123456789abcdef9' does not exist",
      $metadata: { httpStatusCode: 400 },
    });
    await expect(ec2.send(new DescribeInstancesCommand({ InstanceIds: [id(8)] }))).rejects.toMatchObject({ name: 'InvalidInstanceID.NotFound' });
    await expect(ec2.send(new DescribeInstancesCommand({ InstanceIds: ['web-server'] }))).rejects.toMatchObject({ name: 'InvalidInstanceID.Malformed', message: 'Invalid id: "web-server"' });
    await expect(ec2.send(new DescribeInstancesCommand({ Filters: [{ Name: 'flavour', Values: ['x'] }] }))).rejects.toMatchObject({
      name: 'InvalidParameterValue',
      message: "The filter 'flavour' is invalid",
    });
    await expect(ec2.send(new DescribeInstancesCommand({ InstanceIds: [id(1)], MaxResults: 5 }))).rejects.toMatchObject({ name: 'InvalidParameterCombination' });
    await expect(ec2.send(new DescribeInstancesCommand({ MaxResults: 3 }))).rejects.toMatchObject({ name: 'InvalidParameterValue' });
    await expect(ec2.send(new DescribeInstancesCommand({ MaxResults: 5, NextToken: 'bogus' }))).rejects.toMatchObject({ name: 'InvalidPaginationToken' });
  });
});

describe('DescribeInstanceStatus', () => {
  it('reports running instances only unless all are asked for, with status checks that settle after launch', async () => {
    put(9, { launchTime: NOW - 30_000, stateChangedAt: NOW - 30_000 });
    const running = await ec2.send(new DescribeInstanceStatusCommand({}));
    const statuses = new Map(running.InstanceStatuses?.map((s) => [s.InstanceId, s]));
    expect(statuses.has(id(7))).toBe(false);
    expect(statuses.get(id(1))).toMatchObject({ InstanceState: { Code: 16, Name: 'running' }, InstanceStatus: { Status: 'ok' }, SystemStatus: { Status: 'ok' } });
    expect(statuses.get(id(9))).toMatchObject({ InstanceStatus: { Status: 'initializing' } });

    const all = await ec2.send(new DescribeInstanceStatusCommand({ IncludeAllInstances: true, InstanceIds: [id(7)] }));
    expect(all.InstanceStatuses?.[0]).toMatchObject({ InstanceState: { Name: 'stopped' }, InstanceStatus: { Status: 'not-applicable' } });

    const initializing = await ec2.send(new DescribeInstanceStatusCommand({ Filters: [{ Name: 'instance-status.status', Values: ['initializing'] }] }));
    expect(initializing.InstanceStatuses?.map((s) => s.InstanceId)).toEqual([id(9)]);
    await expect(ec2.send(new DescribeInstanceStatusCommand({ Filters: [{ Name: 'tag:Name', Values: ['x'] }] }))).rejects.toMatchObject({ name: 'InvalidParameterValue' });
  });
});

describe('Stop, resize and start', () => {
  it('stops an instance over time, refuses to resize it while running, resizes it stopped and starts it again', async () => {
    await expect(ec2.send(new ModifyInstanceAttributeCommand({ InstanceId: id(2), InstanceType: { Value: 't3.xlarge' } }))).rejects.toMatchObject({
      name: 'IncorrectInstanceState',
    });
    const stop = await ec2.send(new StopInstancesCommand({ InstanceIds: [id(2)] }));
    expect(stop.StoppingInstances?.[0]).toMatchObject({ InstanceId: id(2), PreviousState: { Name: 'running' }, CurrentState: { Name: 'stopping', Code: 64 } });
    expect((await instances({ InstanceIds: [id(2)] }))[0]?.State?.Name).toBe('stopping');

    clock.t += 60_000;
    expect((await instances({ InstanceIds: [id(2)] }))[0]?.State).toEqual({ Code: 80, Name: 'stopped' });
    await ec2.send(new ModifyInstanceAttributeCommand({ InstanceId: id(2), InstanceType: { Value: 't3.xlarge' } }));

    const start = await ec2.send(new StartInstancesCommand({ InstanceIds: [id(2)] }));
    expect(start.StartingInstances?.[0]).toMatchObject({ PreviousState: { Name: 'stopped' }, CurrentState: { Name: 'pending' } });
    clock.t += 60_000;
    expect((await instances({ InstanceIds: [id(2)] }))[0]).toMatchObject({ InstanceType: 't3.xlarge', State: { Name: 'running' } });
    clock.t = NOW;
  });
});
