// The AWS stand-in across a restart on its state file, driven by the SDK clients: a stack that was
// being created when the stand-in closed finishes after the restart with every resource created
// once and an event history with nothing repeated or missing; a retried CreateStack with the same
// ClientRequestToken answers with the same stack; a finished stack reads identically; an ECS task
// carries on to its end exactly once; AssumeRole credentials keep working; an update, a deletion
// and an injected failure interrupted by a restart end as they would have; and a corrupted file
// makes the stand-in start empty with the bad file kept aside.
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  CloudFormationClient,
  CreateStackCommand,
  DeleteStackCommand,
  DescribeStackEventsCommand,
  DescribeStackResourcesCommand,
  DescribeStacksCommand,
  GetTemplateCommand,
  UpdateStackCommand,
  type StackEvent,
} from '@aws-sdk/client-cloudformation';
import { DescribeTasksCommand, ECSClient, ListTasksCommand, RegisterTaskDefinitionCommand, RunTaskCommand, type Task } from '@aws-sdk/client-ecs';
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAwsStandIn, type AwsStandIn } from '@/infra/local/aws';
import { SANDBOX_ACCESS_KEY_ID } from '@/infra/local/aws/sts';
import { SandboxWorld } from '@/infra/local/core/world';
import { until } from '../../support/until';

/** 1/100 of AWS's pace: the VPC takes 150 ms, the instance 350 ms, an ECS task's run 1 s. */
const TIME_SCALE = 0.01;
const TOKEN = 'tapestry-deploy-p1-attempt-1';
const INITIATED = 'Resource creation Initiated';
/** Longer than the instance's 350 ms and the task's 1 s run. */
const DOWNTIME_MS = 1_200;

const dir = mkdtempSync(path.join(tmpdir(), 'aws-persistence-'));
const file = path.join(dir, 'aws.json');
const clients: { destroy(): void }[] = [];

function client<T extends { destroy(): void }>(Client: new (config: object) => T, url: string, credentials = { accessKeyId: SANDBOX_ACCESS_KEY_ID, secretAccessKey: 'sandbox-secret' }): T {
  const made = new Client({ endpoint: url, region: 'us-east-1', maxAttempts: 1, credentials, requestHandler: { requestTimeout: 5_000 } });
  clients.push(made);
  return made;
}

/** Polls `probe` until it has an answer (vitest's bounded waitFor). */
/** A dbt cluster and task definition, as a pipeline stack makes them. */
const dbtTask = { Family: 'tapestry-p0-dbt', Cpu: '256', Memory: '512', NetworkMode: 'awsvpc', RequiresCompatibilities: ['FARGATE'], ContainerDefinitions: [{ Name: 'dbt', Image: 'dbt' }] };
const doneTemplate = JSON.stringify({
  Resources: { DbtCluster: { Type: 'AWS::ECS::Cluster', Properties: { ClusterName: 'tapestry-p0-dbt' } }, DbtTask: { Type: 'AWS::ECS::TaskDefinition', Properties: dbtTask } },
  Outputs: {
    ClusterName: { Value: { Ref: 'DbtCluster' } },
    TaskDefinitionArn: { Value: { Ref: 'DbtTask' }, Export: { Name: 'p0-dbt-task' } },
  },
});

const midTemplate = JSON.stringify({
  Resources: {
    Vpc: { Type: 'AWS::EC2::VPC', Properties: { CidrBlock: '10.20.0.0/16' } },
    Subnet: { Type: 'AWS::EC2::Subnet', Properties: { VpcId: { Ref: 'Vpc' }, CidrBlock: '10.20.1.0/24' } },
    Airbyte: { Type: 'AWS::EC2::Instance', Properties: { ImageId: 'ami-0123456789abcdef0', InstanceType: 't3.large', SubnetId: { Ref: 'Subnet' } } },
    Logs: { Type: 'AWS::Logs::LogGroup', Properties: { LogGroupName: '/tapestry/p1' } },
  },
  Outputs: { InstanceId: { Value: { Ref: 'Airbyte' } } },
});

async function events(cfn: CloudFormationClient, stackName: string): Promise<StackEvent[]> {
  const out: StackEvent[] = [];
  let token: string | undefined;
  do {
    const page = await cfn.send(new DescribeStackEventsCommand({ StackName: stackName, NextToken: token }));
    out.push(...(page.StackEvents ?? []));
    token = page.NextToken;
  } while (token);
  return out.reverse();
}

/** A resource's events as `STATUS (reason)` lines, oldest first. */
function historyOf(events: StackEvent[], logicalId: string): string[] {
  return events.filter((e) => e.LogicalResourceId === logicalId).map((e) => `${e.ResourceStatus}${e.ResourceStatusReason ? ` (${e.ResourceStatusReason})` : ''}`);
}

/** Polls until the stack's events include one that `wanted` accepts; answers them all. */
function eventsUntil(cfn: CloudFormationClient, stack: string, wanted: (e: StackEvent) => boolean): Promise<StackEvent[]> {
  return until('the awaited state', async () => {
    const seen = await events(cfn, stack);
    return seen.some(wanted) ? seen : undefined;
  });
}

/** Polls until the stack's status is no longer an _IN_PROGRESS one. */
function settled(cfn: CloudFormationClient, stack: string) {
  return until('the awaited state', async () => {
    const found = (await cfn.send(new DescribeStacksCommand({ StackName: stack }))).Stacks?.[0];
    return found?.StackStatus?.endsWith('_IN_PROGRESS') ? undefined : found;
  });
}

/** Stops a stand-in and starts another on the same file, after the world was restored as the sandbox does. */
async function restart(standIn: AwsStandIn, world: SandboxWorld, stateFile: string, downtimeMs = 0) {
  await standIn.close();
  if (downtimeMs) await new Promise((resolve) => setTimeout(resolve, downtimeMs));
  const next = new SandboxWorld();
  next.restore(world.snapshot(), Date.now());
  return { world: next, standIn: await startAwsStandIn({ world: next, timeScale: TIME_SCALE, accountId: '111122223333', stateFile }) };
}

async function describeTask(ecs: ECSClient, cluster: string, arn: string): Promise<Task> {
  const task = (await ecs.send(new DescribeTasksCommand({ cluster, tasks: [arn] }))).tasks?.[0];
  if (!task) throw new Error(`task ${arn} is not described`);
  return task;
}

let first: AwsStandIn;
let second: AwsStandIn;
let worldAfter: SandboxWorld;
const before: {
  midStackId?: string;
  midEvents: StackEvent[];
  done?: unknown;
  doneTemplate?: string;
  task?: Task;
  roleKeys?: { accessKeyId: string; secretAccessKey: string; sessionToken: string };
} = { midEvents: [] };

beforeAll(async () => {
  const world = new SandboxWorld();
  first = await startAwsStandIn({ world, timeScale: TIME_SCALE, accountId: '111122223333', stateFile: file });
  const cfn = client(CloudFormationClient, first.url);
  const ecs = client(ECSClient, first.url);

  await cfn.send(new CreateStackCommand({ StackName: 'tapestry-p0', TemplateBody: doneTemplate }));
  const done = await until('the awaited state', async () => {
    const stack = (await cfn.send(new DescribeStacksCommand({ StackName: 'tapestry-p0' }))).Stacks?.[0];
    return stack?.StackStatus === 'CREATE_COMPLETE' ? stack : undefined;
  });
  before.done = done;
  before.doneTemplate = (await cfn.send(new GetTemplateCommand({ StackName: 'tapestry-p0' }))).TemplateBody;

  // A task that is still running when the stand-in stops, and ends cleanly after 100 s (1 s here).
  await fetch(`${first.url}/__sandbox/ecs/next-tasks`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ runSeconds: 100, exitCode: 0 }) });
  const outputs = Object.fromEntries((done.Outputs ?? []).map((o) => [o.OutputKey, o.OutputValue]));
  const run = await ecs.send(
    new RunTaskCommand({
      cluster: outputs.ClusterName,
      taskDefinition: outputs.TaskDefinitionArn,
      launchType: 'FARGATE',
      clientToken: 'dbt-run-42',
      networkConfiguration: { awsvpcConfiguration: { subnets: ['subnet-0abc'] } },
    }),
  );
  const taskArn = run.tasks?.[0]?.taskArn as string;
  before.task = await until('the awaited state', async () => {
    const task = await describeTask(ecs, 'tapestry-p0-dbt', taskArn);
    return task.lastStatus === 'RUNNING' ? task : undefined;
  });

  const role = await client(STSClient, first.url).send(new AssumeRoleCommand({ RoleArn: 'arn:aws:iam::111122223333:role/tapestry-deployer', RoleSessionName: 'deploy' }));
  before.roleKeys = {
    accessKeyId: role.Credentials?.AccessKeyId as string,
    secretAccessKey: role.Credentials?.SecretAccessKey as string,
    sessionToken: role.Credentials?.SessionToken as string,
  };

  // The stack under way: stop once the instance is being provisioned (after the VPC and subnet).
  before.midStackId = (await cfn.send(new CreateStackCommand({ StackName: 'tapestry-p1', TemplateBody: midTemplate, ClientRequestToken: TOKEN }))).StackId;
  before.midEvents = await eventsUntil(cfn, 'tapestry-p1', (e) => e.LogicalResourceId === 'Airbyte' && e.ResourceStatusReason === INITIATED);
  expect(before.midEvents.some((e) => e.LogicalResourceId === 'Airbyte' && e.ResourceStatus === 'CREATE_COMPLETE')).toBe(false);

  // Down for longer than the instance and the task had left: both would have finished meanwhile.
  ({ world: worldAfter, standIn: second } = await restart(first, world, file, DOWNTIME_MS));
}, 20_000);

afterAll(async () => {
  for (const made of clients) made.destroy();
  await first?.close();
  await second?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the AWS stand-in after a restart on its state file', () => {
  it('keeps the file readable by its owner only', () => {
    expect(second.url).not.toBe(first.url);
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it('answers a CreateStack retried with the same ClientRequestToken with the same StackId', async () => {
    const cfn = client(CloudFormationClient, second.url);
    const retried = await cfn.send(new CreateStackCommand({ StackName: 'tapestry-p1', TemplateBody: midTemplate, ClientRequestToken: TOKEN }));
    expect(retried.StackId).toBe(before.midStackId);
  });

  it('finishes the stack that was mid-creation: each resource created once, events without duplicates or gaps', async () => {
    const cfn = client(CloudFormationClient, second.url);
    const stack = await settled(cfn, 'tapestry-p1');
    expect(stack.StackStatus).toBe('CREATE_COMPLETE');
    expect(stack.StackId).toBe(before.midStackId);

    const after = await events(cfn, 'tapestry-p1');
    // Everything reported before the stop is still there, in the same order, and nothing twice.
    expect(after.slice(0, before.midEvents.length).map((e) => e.EventId)).toEqual(before.midEvents.map((e) => e.EventId));
    expect(new Set(after.map((e) => e.EventId)).size).toBe(after.length);
    const times = after.map((e) => e.Timestamp?.getTime() ?? 0);
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(after.every((e) => e.ClientRequestToken === TOKEN)).toBe(true);

    const history = (id: string) => historyOf(after, id);
    expect(history('tapestry-p1')).toEqual(['CREATE_IN_PROGRESS (User Initiated)', 'CREATE_COMPLETE']);
    for (const id of ['Vpc', 'Subnet', 'Airbyte', 'Logs']) {
      expect(history(id), id).toEqual(['CREATE_IN_PROGRESS', `CREATE_IN_PROGRESS (${INITIATED})`, 'CREATE_COMPLETE']);
    }
    // The instance's 35 s (350 ms here) were waited out, counted from its launch, not skipped.
    const at = (status: string, reason?: string) => after.find((e) => e.LogicalResourceId === 'Airbyte' && e.ResourceStatus === status && e.ResourceStatusReason === reason)?.Timestamp?.getTime() ?? NaN;
    expect(at('CREATE_COMPLETE') - at('CREATE_IN_PROGRESS', INITIATED)).toBeGreaterThanOrEqual(345);

    // One instance, the one the stack reports, running in the shared world (EC2 answers from it).
    const resources = (await cfn.send(new DescribeStackResourcesCommand({ StackName: 'tapestry-p1' }))).StackResources ?? [];
    const instanceId = resources.find((r) => r.LogicalResourceId === 'Airbyte')?.PhysicalResourceId;
    const instances = [...worldAfter.instances.values()].filter((i) => i.stackId === before.midStackId);
    expect(instances.map((i) => [i.instanceId, i.state])).toEqual([[instanceId, 'running']]);
    expect(stack.Outputs).toEqual([{ OutputKey: 'InstanceId', OutputValue: instanceId }]);
    const subnetId = resources.find((r) => r.LogicalResourceId === 'Subnet')?.PhysicalResourceId;
    expect(instances[0]?.subnetId).toBe(subnetId);
  });

  it('reads a completed stack, its outputs and template identically', async () => {
    const cfn = client(CloudFormationClient, second.url);
    const stack = (await cfn.send(new DescribeStacksCommand({ StackName: 'tapestry-p0' }))).Stacks?.[0];
    expect(stack).toEqual(before.done);
    expect((await cfn.send(new GetTemplateCommand({ StackName: 'tapestry-p0' }))).TemplateBody).toBe(before.doneTemplate);
    // Exports survive too: a new stack can import the value, and its id is a new one.
    const importing = await cfn.send(
      new CreateStackCommand({
        StackName: 'tapestry-p2',
        TemplateBody: JSON.stringify({ Resources: { Logs: { Type: 'AWS::Logs::LogGroup', Properties: { LogGroupName: { 'Fn::ImportValue': 'p0-dbt-task' } } } } }),
      }),
    );
    expect(importing.StackId).toBeDefined();
    expect([before.midStackId, stack?.StackId]).not.toContain(importing.StackId);
  });

  it('ends an ECS task that ran out while the stand-in was down, once, dated as ECS would have', async () => {
    const ecs = client(ECSClient, second.url);
    const arn = before.task?.taskArn as string;
    const stopped = await until('the awaited state', async () => {
      const task = await describeTask(ecs, 'tapestry-p0-dbt', arn);
      return task.lastStatus === 'STOPPED' ? task : undefined;
    });
    expect(stopped).toMatchObject({ stopCode: 'EssentialContainerExited', containers: [{ exitCode: 0 }] });
    expect(stopped.createdAt).toEqual(before.task?.createdAt);
    expect(stopped.startedAt).toEqual(before.task?.startedAt);
    // 100 s of running and 10 s of deprovisioning (1 s and 100 ms here), not the moment of the restart.
    expect((stopped.executionStoppedAt?.getTime() ?? 0) - (stopped.startedAt?.getTime() ?? 0)).toBe(1_000);
    expect((stopped.stoppedAt?.getTime() ?? 0) - (stopped.executionStoppedAt?.getTime() ?? 0)).toBe(100);
    const stoppedTasks = await ecs.send(new ListTasksCommand({ cluster: 'tapestry-p0-dbt', desiredStatus: 'STOPPED' }));
    expect(stoppedTasks.taskArns).toEqual([arn]);

    const retried = await ecs.send(
      new RunTaskCommand({
        cluster: 'tapestry-p0-dbt',
        taskDefinition: 'tapestry-p0-dbt',
        launchType: 'FARGATE',
        clientToken: 'dbt-run-42',
        networkConfiguration: { awsvpcConfiguration: { subnets: ['subnet-0abc'] } },
      }),
    );
    expect(retried.tasks?.map((t) => t.taskArn)).toEqual([arn]);
    const next = await ecs.send(
      new RegisterTaskDefinitionCommand({ family: 'tapestry-p0-dbt', requiresCompatibilities: ['FARGATE'], networkMode: 'awsvpc', cpu: '256', memory: '512', containerDefinitions: [{ name: 'dbt', image: 'dbt' }] }),
    );
    expect(next.taskDefinition?.revision).toBe(2);
  });

  it('still accepts the temporary credentials AssumeRole issued before the restart', async () => {
    const keys = before.roleKeys;
    if (!keys) throw new Error('no role credentials');
    const me = await client(STSClient, second.url, keys).send(new GetCallerIdentityCommand({}));
    expect(me.Arn).toBe('arn:aws:sts::111122223333:assumed-role/tapestry-deployer/deploy');
  });
});

describe('other operations interrupted by a restart', () => {
  const v1 = {
    Vpc: { Type: 'AWS::EC2::VPC', Properties: { CidrBlock: '10.30.0.0/16' } },
    Subnet: { Type: 'AWS::EC2::Subnet', Properties: { VpcId: { Ref: 'Vpc' }, CidrBlock: '10.30.1.0/24' } },
    Airbyte: { Type: 'AWS::EC2::Instance', Properties: { ImageId: 'ami-0123456789abcdef0', InstanceType: 't3.large' } },
    Logs: { Type: 'AWS::Logs::LogGroup', Properties: { LogGroupName: '/tapestry/p3', RetentionInDays: 7 } },
  };
  // A new CIDR replaces the subnet; a new type stops, resizes and starts the instance; the log group changes in place.
  const v2 = {
    ...v1,
    Subnet: { ...v1.Subnet, Properties: { ...v1.Subnet.Properties, CidrBlock: '10.30.2.0/24' } },
    Airbyte: { ...v1.Airbyte, Properties: { ...v1.Airbyte.Properties, InstanceType: 't3.xlarge' } },
    Logs: { ...v1.Logs, Properties: { ...v1.Logs.Properties, RetentionInDays: 30 } },
  };

  it('an update and then a deletion, each cut by a restart, end UPDATE_COMPLETE and DELETE_COMPLETE with every step once', async () => {
    const stateFile = path.join(dir, 'operations.json');
    let world = new SandboxWorld();
    let standIn = await startAwsStandIn({ world, timeScale: TIME_SCALE, accountId: '111122223333', stateFile });
    try {
      let cfn = client(CloudFormationClient, standIn.url);
      const { StackId: stackId } = await cfn.send(new CreateStackCommand({ StackName: 'tapestry-p3', TemplateBody: JSON.stringify({ Resources: v1 }) }));
      expect((await settled(cfn, 'tapestry-p3')).StackStatus).toBe('CREATE_COMPLETE');
      const oldSubnet = (await cfn.send(new DescribeStackResourcesCommand({ StackName: 'tapestry-p3', LogicalResourceId: 'Subnet' }))).StackResources?.[0]?.PhysicalResourceId;
      const created = (await events(cfn, 'tapestry-p3')).length;

      await cfn.send(new UpdateStackCommand({ StackName: 'tapestry-p3', TemplateBody: JSON.stringify({ Resources: v2 }) }));
      await eventsUntil(cfn, 'tapestry-p3', (e) => e.LogicalResourceId === 'Airbyte' && e.ResourceStatus === 'UPDATE_IN_PROGRESS');
      ({ world, standIn } = await restart(standIn, world, stateFile));
      cfn = client(CloudFormationClient, standIn.url);
      expect((await settled(cfn, 'tapestry-p3')).StackStatus).toBe('UPDATE_COMPLETE');
      const updated = (await events(cfn, 'tapestry-p3')).slice(created);
      expect(historyOf(updated, 'tapestry-p3')).toEqual(['UPDATE_IN_PROGRESS (User Initiated)', 'UPDATE_COMPLETE_CLEANUP_IN_PROGRESS', 'UPDATE_COMPLETE']);
      expect(historyOf(updated, 'Subnet')).toEqual([
        'UPDATE_IN_PROGRESS (Requested update requires the creation of a new physical resource; hence creating one.)',
        `UPDATE_IN_PROGRESS (${INITIATED})`,
        'UPDATE_COMPLETE',
        'DELETE_IN_PROGRESS',
        'DELETE_COMPLETE',
      ]);
      expect(updated.filter((e) => e.LogicalResourceId === 'Subnet' && e.ResourceStatus?.startsWith('DELETE')).map((e) => e.PhysicalResourceId)).toEqual([oldSubnet, oldSubnet]);
      for (const id of ['Airbyte', 'Logs']) expect(historyOf(updated, id), id).toEqual(['UPDATE_IN_PROGRESS', 'UPDATE_COMPLETE']);
      expect(historyOf(updated, 'Vpc')).toEqual([]);
      const instances = () => [...world.instances.values()].filter((i) => i.stackId === stackId);
      expect(instances().map((i) => [i.instanceType, i.state])).toEqual([['t3.xlarge', 'running']]);

      await cfn.send(new DeleteStackCommand({ StackName: 'tapestry-p3' }));
      await eventsUntil(cfn, stackId as string, (e) => e.LogicalResourceId === 'Airbyte' && e.ResourceStatus === 'DELETE_IN_PROGRESS');
      ({ world, standIn } = await restart(standIn, world, stateFile));
      cfn = client(CloudFormationClient, standIn.url);
      expect((await settled(cfn, stackId as string)).StackStatus).toBe('DELETE_COMPLETE');
      const deleted = (await events(cfn, stackId as string)).slice(created + updated.length);
      expect(historyOf(deleted, 'tapestry-p3')).toEqual(['DELETE_IN_PROGRESS (User Initiated)', 'DELETE_COMPLETE']);
      for (const id of Object.keys(v2)) expect(historyOf(deleted, id), id).toEqual(['DELETE_IN_PROGRESS', 'DELETE_COMPLETE']);
      expect(instances().map((i) => i.state)).toEqual(['terminated']);
    } finally {
      await standIn.close();
    }
  });

  it('a failure drawn before the restart still fails that resource once after it, and the rule stays used up', async () => {
    const stateFile = path.join(dir, 'failure.json');
    const world = new SandboxWorld();
    const first = await startAwsStandIn({ world, timeScale: TIME_SCALE, accountId: '111122223333', stateFile });
    const reason = 'Resource handler returned message: "Insufficient capacity" (sandbox)';
    const rule = await fetch(`${first.url}/__sandbox/cloudformation/failures`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ logicalId: 'Airbyte', times: 1, reason }) });
    expect(rule.status).toBe(200);
    const cfn = client(CloudFormationClient, first.url);
    await cfn.send(new CreateStackCommand({ StackName: 'tapestry-p4', TemplateBody: JSON.stringify({ Resources: { Airbyte: v1.Airbyte } }) }));
    // The rule fires as the instance's creation starts; the handler then takes 17.5 s (175 ms) to give up.
    await eventsUntil(cfn, 'tapestry-p4', (e) => e.LogicalResourceId === 'Airbyte');
    const { standIn } = await restart(first, world, stateFile);
    try {
      const after = client(CloudFormationClient, standIn.url);
      expect((await settled(after, 'tapestry-p4')).StackStatus).toBe('ROLLBACK_COMPLETE');
      const all = await events(after, 'tapestry-p4');
      expect(historyOf(all, 'Airbyte')).toEqual(['CREATE_IN_PROGRESS', `CREATE_FAILED (${reason})`, 'DELETE_COMPLETE']);
      const rules = (await (await fetch(`${standIn.url}/__sandbox/cloudformation/failures`)).json()) as { rules: unknown[] };
      expect(rules.rules).toEqual([]);
    } finally {
      await standIn.close();
    }
  });
});

describe('a state file that cannot be read', () => {
  it('is kept aside as <file>.unreadable and the stand-in starts empty, then saves afresh', async () => {
    const bad = path.join(dir, 'torn.json');
    writeFileSync(bad, '{"format":1,"state":{"version":1,"sta', { mode: 0o600 });
    const standIn = await startAwsStandIn({ world: new SandboxWorld(), timeScale: TIME_SCALE, stateFile: bad });
    try {
      const cfn = client(CloudFormationClient, standIn.url);
      expect((await cfn.send(new DescribeStacksCommand({}))).Stacks ?? []).toEqual([]);
      expect(readFileSync(`${bad}.unreadable`, 'utf8')).toBe('{"format":1,"state":{"version":1,"sta');
      expect(existsSync(bad)).toBe(false);
      await cfn.send(new CreateStackCommand({ StackName: 'fresh', TemplateBody: JSON.stringify({ Resources: { Logs: { Type: 'AWS::Logs::LogGroup' } } }) }));
    } finally {
      await standIn.close();
    }
    expect(readFileSync(bad, 'utf8')).toContain('"fresh"');
  });

  it('is kept aside too when it parses but does not hold the stand-in state', async () => {
    const odd = path.join(dir, 'odd.json');
    const text = JSON.stringify({ format: 1, state: { version: 1, state: { cloudformation: { stacks: { $map: 5 } } } } });
    writeFileSync(odd, text, { mode: 0o600 });
    const standIn = await startAwsStandIn({ world: new SandboxWorld(), timeScale: TIME_SCALE, stateFile: odd });
    try {
      expect((await client(CloudFormationClient, standIn.url).send(new DescribeStacksCommand({}))).Stacks ?? []).toEqual([]);
      expect(readFileSync(`${odd}.unreadable`, 'utf8')).toBe(text);
    } finally {
      await standIn.close();
    }
  });
});
