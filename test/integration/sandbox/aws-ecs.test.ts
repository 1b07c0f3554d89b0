// ECS stand-in driven by the real @aws-sdk/client-ecs: a Fargate dbt task goes PROVISIONING → … →
// STOPPED with exit 0, a forced failure exits non-zero with its reason, a repeated clientToken starts
// nothing new, StopTask, and ECS's own errors. Lifecycles run at timeScale 0.01 (about a second).
import {
  ClientException,
  ClusterNotFoundException,
  DeleteClusterCommand,
  DescribeTasksCommand,
  ECSClient,
  InvalidParameterException,
  ListTasksCommand,
  RegisterTaskDefinitionCommand,
  RunTaskCommand,
  StopTaskCommand,
  type DeleteClusterCommandInput,
  type RunTaskCommandInput,
  type Task,
} from '@aws-sdk/client-ecs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEcsService, type EcsService } from '@/infra/local/aws/ecs';
import { startAwsServer } from '@/infra/local/aws/server';
import type { StandIn } from '@/infra/local/core/stand-in-server';
import { SandboxWorld } from '@/infra/local/core/world';

const world = new SandboxWorld();
let ecsService: EcsService;
let server: StandIn;
let ecs: ECSClient;

const runInput: RunTaskCommandInput = {
  cluster: 'tapestry-dbt',
  taskDefinition: 'dbt-core',
  launchType: 'FARGATE',
  startedBy: 'tapestry-run-1',
  networkConfiguration: { awsvpcConfiguration: { subnets: ['subnet-0123456789abcdef0'], securityGroups: ['sg-0123456789abcdef0'], assignPublicIp: 'DISABLED' } },
  overrides: { containerOverrides: [{ name: 'dbt', command: ['dbt', 'build', '--select', 'marts'] }] },
};

async function describeTask(arn: string): Promise<Task> {
  const out = await ecs.send(new DescribeTasksCommand({ cluster: 'tapestry-dbt', tasks: [arn] }));
  const task = out.tasks?.[0];
  if (!task) throw new Error(`task ${arn} missing: ${JSON.stringify(out.failures)}`);
  return task;
}

/** Polls until the task stops (bounded), returning every lastStatus seen in order. */
async function untilStopped(arn: string, timeoutMs = 10_000): Promise<{ task: Task; seen: string[] }> {
  const seen: string[] = [];
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const task = await describeTask(arn);
    if (seen.at(-1) !== task.lastStatus) seen.push(task.lastStatus as string);
    if (task.lastStatus === 'STOPPED') return { task, seen };
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`task ${arn} did not stop within ${timeoutMs} ms (seen ${seen.join(' → ')})`);
}

async function control(path: string, body: unknown): Promise<Response> {
  return fetch(`${server.url}/__sandbox/ecs/${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
}

beforeAll(async () => {
  ecsService = createEcsService(world, { timeScale: 0.01, account: () => '123456789012' });
  server = await startAwsServer({ query: [], json: [ecsService] });
  ecs = new ECSClient({ endpoint: server.url, region: 'us-east-1', credentials: { accessKeyId: 'AKIASANDBOX000000001', secretAccessKey: 'sandbox-secret' } });
  expect((await control('clusters', { clusterName: 'tapestry-dbt' })).status).toBe(201);
  await ecs.send(
    new RegisterTaskDefinitionCommand({
      family: 'dbt-core',
      requiresCompatibilities: ['FARGATE'],
      networkMode: 'awsvpc',
      cpu: '512',
      memory: '1024',
      containerDefinitions: [{ name: 'dbt', image: 'ghcr.io/dbt-labs/dbt-postgres:1.9.0', essential: true }],
    }),
  );
});

afterAll(async () => {
  ecsService?.dispose();
  ecs?.destroy();
  await server?.close();
});

describe('RunTask and DescribeTasks', () => {
  it('runs a Fargate task through its states to STOPPED with exit code 0, while the cluster shows work', async () => {
    const started = Date.now();
    const out = await ecs.send(new RunTaskCommand(runInput));
    expect(out.failures).toEqual([]);
    const task = out.tasks?.[0] as Task;
    expect(task.taskArn).toMatch(/^arn:aws:ecs:us-east-1:123456789012:task\/tapestry-dbt\/[0-9a-f]{32}$/);
    expect(task).toMatchObject({ lastStatus: 'PROVISIONING', desiredStatus: 'RUNNING', launchType: 'FARGATE', startedBy: 'tapestry-run-1', group: 'family:dbt-core', cpu: '512', memory: '1024' });
    expect(task.taskDefinitionArn).toBe('arn:aws:ecs:us-east-1:123456789012:task-definition/dbt-core:1');
    expect(task.overrides?.containerOverrides?.[0]?.command).toEqual(['dbt', 'build', '--select', 'marts']);

    const { task: stopped, seen } = await untilStopped(task.taskArn as string);
    const order = ['PROVISIONING', 'PENDING', 'RUNNING', 'DEPROVISIONING', 'STOPPED'];
    expect(seen).toContain('RUNNING');
    expect(seen.map((s) => order.indexOf(s))).toEqual([...seen.map((s) => order.indexOf(s))].sort((a, b) => a - b));
    expect(stopped).toMatchObject({ desiredStatus: 'STOPPED', stopCode: 'EssentialContainerExited', stoppedReason: 'Essential container in task exited' });
    expect(stopped.containers?.[0]).toMatchObject({ name: 'dbt', exitCode: 0, lastStatus: 'STOPPED' });
    const times = [stopped.createdAt, stopped.pullStartedAt, stopped.startedAt, stopped.executionStoppedAt, stopped.stoppedAt].map((d) => (d as Date).getTime());
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(times[0]).toBeGreaterThanOrEqual(started - 1000);

    const work = world.activitiesOn('ecs:tapestry-dbt', started - 1000, Date.now() + 1000);
    expect(work).toHaveLength(1);
    expect(work[0]).toMatchObject({ label: 'family:dbt-core' });
    expect(work[0]?.end).toBeDefined();
  });

  it('exits non-zero with the reason a control route set for the next task', async () => {
    const forced = await control('next-tasks', { exitCode: 2, reason: 'dbt build: 3 models failed', runSeconds: 20 });
    expect(forced.status).toBe(201);
    const out = await ecs.send(new RunTaskCommand(runInput));
    const { task } = await untilStopped(out.tasks?.[0]?.taskArn as string);
    expect(task.stopCode).toBe('EssentialContainerExited');
    expect(task.containers?.[0]).toMatchObject({ exitCode: 2, reason: 'dbt build: 3 models failed' });

    const next = await ecs.send(new RunTaskCommand(runInput));
    const { task: clean } = await untilStopped(next.tasks?.[0]?.taskArn as string);
    expect(clean.containers?.[0]?.exitCode).toBe(0);
  });

  it('reports a task that never started (image pull failure) with TaskFailedToStart', async () => {
    await control('next-tasks', { startFailure: 'CannotPullContainerError: pull image manifest has been retried 5 time(s): not found' });
    const out = await ecs.send(new RunTaskCommand(runInput));
    const { task, seen } = await untilStopped(out.tasks?.[0]?.taskArn as string);
    expect(seen).not.toContain('RUNNING');
    expect(task.stopCode).toBe('TaskFailedToStart');
    expect(task.stoppedReason).toMatch(/^CannotPullContainerError/);
    expect(task.containers?.[0]?.exitCode).toBeUndefined();
  });

  it('starts one task for one clientToken, however often RunTask is sent', async () => {
    const input = { ...runInput, clientToken: 'tap-operation-42', startedBy: 'tapestry-run-42' };
    const first = await ecs.send(new RunTaskCommand(input));
    const second = await ecs.send(new RunTaskCommand(input));
    expect(second.tasks?.[0]?.taskArn).toBe(first.tasks?.[0]?.taskArn);
    const listed = await ecs.send(new ListTasksCommand({ cluster: 'tapestry-dbt', startedBy: 'tapestry-run-42' }));
    expect(listed.taskArns).toEqual([first.tasks?.[0]?.taskArn]);
    await untilStopped(first.tasks?.[0]?.taskArn as string);
  });

  it('stops a running task on StopTask with the reason given', async () => {
    await control('next-tasks', { runSeconds: 3600 });
    const out = await ecs.send(new RunTaskCommand(runInput));
    const arn = out.tasks?.[0]?.taskArn as string;
    const deadline = Date.now() + 10_000;
    while ((await describeTask(arn)).lastStatus !== 'RUNNING' && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    const stopping = await ecs.send(new StopTaskCommand({ cluster: 'tapestry-dbt', task: arn, reason: 'Cancelled in Tapestry' }));
    expect(stopping.task).toMatchObject({ desiredStatus: 'STOPPED', stopCode: 'UserInitiated', stoppedReason: 'Cancelled in Tapestry' });
    const { task } = await untilStopped(arn);
    expect(task.containers?.[0]?.exitCode).toBe(143);
  });

  it('lists unknown tasks as MISSING failures', async () => {
    const out = await ecs.send(new DescribeTasksCommand({ cluster: 'tapestry-dbt', tasks: ['0123456789abcdef0123456789abcdef'] }));
    expect(out.tasks).toEqual([]);
    expect(out.failures).toEqual([{ arn: 'arn:aws:ecs:us-east-1:123456789012:task/tapestry-dbt/0123456789abcdef0123456789abcdef', reason: 'MISSING' }]);
  });
});

describe('ECS errors', () => {
  it('answers an unknown cluster with ClusterNotFoundException', async () => {
    await expect(ecs.send(new RunTaskCommand({ ...runInput, cluster: 'nope' }))).rejects.toBeInstanceOf(ClusterNotFoundException);
    await expect(ecs.send(new DescribeTasksCommand({ cluster: 'nope', tasks: ['x'] }))).rejects.toMatchObject({ name: 'ClusterNotFoundException', message: 'Cluster not found.' });
  });

  it('refuses an unknown task definition, a missing network configuration and a stray container override', async () => {
    await expect(ecs.send(new RunTaskCommand({ ...runInput, taskDefinition: 'dbt-missing' }))).rejects.toMatchObject({ name: 'InvalidParameterException', message: 'TaskDefinition not found.' });
    await expect(ecs.send(new RunTaskCommand({ ...runInput, networkConfiguration: undefined }))).rejects.toBeInstanceOf(InvalidParameterException);
    await expect(ecs.send(new RunTaskCommand({ ...runInput, overrides: { containerOverrides: [{ name: 'spark' }] } }))).rejects.toMatchObject({
      message: 'Override for container named spark is not a container in the TaskDefinition.',
    });
  });

  it('refuses a bad ListTasks token and a DeleteCluster that names no cluster', async () => {
    await expect(ecs.send(new ListTasksCommand({ cluster: 'tapestry-dbt', nextToken: 'not-a-token' }))).rejects.toBeInstanceOf(InvalidParameterException);
    await expect(ecs.send(new DeleteClusterCommand({} as DeleteClusterCommandInput))).rejects.toMatchObject({ name: 'InvalidParameterException', message: 'cluster can not be blank.' });
  });

  it('refuses a Fargate task definition with an impossible size', async () => {
    await expect(
      ecs.send(
        new RegisterTaskDefinitionCommand({
          family: 'too-small',
          requiresCompatibilities: ['FARGATE'],
          networkMode: 'awsvpc',
          cpu: '256',
          memory: '8192',
          containerDefinitions: [{ name: 'dbt', image: 'dbt' }],
        }),
      ),
    ).rejects.toBeInstanceOf(ClientException);
  });

  it('answers a body that is not JSON with SerializationException and never a 500', async () => {
    const response = await fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'AmazonEC2ContainerServiceV20141113.RunTask' },
      body: '{"cluster": ',
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ __type: 'SerializationException' });
  });
});

describe('stopped tasks age out', () => {
  it('forgets a task an hour after it stopped, and its clientToken with it', async () => {
    const clock = { t: Date.parse('2026-11-20T12:00:00Z'), now() { return this.t; } };
    const service = createEcsService(new SandboxWorld(clock), { timeScale: 0.001 });
    const aged = await startAwsServer({ query: [], json: [service] });
    const client = new ECSClient({ endpoint: aged.url, region: 'us-east-1', credentials: { accessKeyId: 'AKIASANDBOX000000001', secretAccessKey: 'sandbox-secret' } });
    try {
      await client.send(new RegisterTaskDefinitionCommand({ family: 'dbt', requiresCompatibilities: ['FARGATE'], networkMode: 'awsvpc', cpu: '256', memory: '512', containerDefinitions: [{ name: 'dbt', image: 'dbt' }] }));
      const input = { ...runInput, cluster: 'default', taskDefinition: 'dbt', overrides: undefined, clientToken: 'tap-op-1' };
      const first = (await client.send(new RunTaskCommand(input))).tasks?.[0]?.taskArn as string;
      const deadline = Date.now() + 10_000;
      const status = async () => (await client.send(new DescribeTasksCommand({ tasks: [first] }))).tasks?.[0]?.lastStatus;
      while ((await status()) !== 'STOPPED' && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      expect(await status()).toBe('STOPPED');

      clock.t += 61 * 60_000;
      const described = await client.send(new DescribeTasksCommand({ tasks: [first] }));
      expect(described.failures).toEqual([{ arn: first, reason: 'MISSING' }]);
      const again = (await client.send(new RunTaskCommand(input))).tasks?.[0]?.taskArn;
      expect(again).toBeDefined();
      expect(again).not.toBe(first);
    } finally {
      service.dispose();
      client.destroy();
      await aged.close();
    }
  });
});
