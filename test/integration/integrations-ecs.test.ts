// The ECS port against the sandbox's AWS stand-in, through the real SDK: a dbt Core task started
// twice under one client token (or retried after a lost answer or a throttle) is one task, found
// again by its run id; it moves to STOPPED with its exit code; StopTask stops it; unknown tasks and
// clusters are told apart; no error carries the secret key.
import { CreateClusterCommand, ECSClient, RegisterTaskDefinitionCommand } from '@aws-sdk/client-ecs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startAwsStandIn, type AwsStandIn } from '@/infra/local/aws';
import { SandboxWorld } from '@/infra/local/core/world';
import { ecsPort, type EcsPort, type RunTaskInput } from '@/lib/integrations/aws/ecs';
import type { IntegrationError } from '@/lib/integrations/errors';
import { failureOf } from '../support/integration-results';
import { until } from '../support/until';

const CANARY = 'canary-Secret-0c9d4e61-do-not-leak';
const CLUSTER = 'tap-dbt';
let aws: AwsStandIn;
let ecs: EcsPort;

const run = (id: string, extra: Partial<RunTaskInput> = {}): RunTaskInput => ({
  cluster: CLUSTER,
  taskDefinition: 'tap-dbt-core',
  subnets: ['subnet-0123456789abcdef0'],
  securityGroups: ['sg-0123456789abcdef0'],
  startedBy: `run-${id}`,
  clientToken: `tap-${id}`,
  command: ['dbt', 'build', '--select', 'marts'],
  environment: [{ name: 'DBT_TARGET', value: 'prod' }],
  ...extra,
});

beforeAll(async () => {
  aws = await startAwsStandIn({ world: new SandboxWorld(), timeScale: 0.001 });
  const config = { region: 'us-east-1', endpoint: aws.url, accessKeyId: 'AKIATAPESTRYTEST0001', secretAccessKey: CANARY };
  ecs = ecsPort(config);
  // What the pipeline's stack provides, registered directly here.
  const setup = new ECSClient({ region: config.region, endpoint: config.endpoint, credentials: { accessKeyId: config.accessKeyId, secretAccessKey: CANARY } });
  await setup.send(new CreateClusterCommand({ clusterName: CLUSTER }));
  await setup.send(
    new RegisterTaskDefinitionCommand({
      family: 'tap-dbt-core',
      requiresCompatibilities: ['FARGATE'],
      networkMode: 'awsvpc',
      cpu: '512',
      memory: '1024',
      containerDefinitions: [{ name: 'dbt', image: 'ghcr.io/dbt-labs/dbt-postgres:1.9.0', essential: true }],
    }),
  );
  setup.destroy();
});

afterEach(async () => {
  aws.faults.clear();
  await fetch(`${aws.url}/__sandbox/ecs/next-tasks`, { method: 'DELETE' });
});

afterAll(async () => {
  ecs?.destroy();
  await aws?.close();
});

const nextTask = (outcome: Record<string, unknown>) =>
  fetch(`${aws.url}/__sandbox/ecs/next-tasks`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(outcome) });

/** The tasks the stand-in holds for a run id (what ECS really started). */
const startedInStandIn = (startedBy: string) => [...aws.ecs.tasks.snapshot().tasks.values()].filter((t) => t.startedBy === startedBy);

const stopped = (taskArn: string) =>
  until(`task ${taskArn} stopped`, async () => {
    const task = await ecs.describeTask(CLUSTER, taskArn);
    return task?.lastStatus === 'STOPPED' ? task : undefined;
  });

/** The IntegrationError `work` fails with, checked for the secret key in every text it carries. */
const failure = async (work: Promise<unknown>) => failureOf(await work.then(() => ({ ok: true as const }), (error: IntegrationError) => ({ ok: false as const, error })), CANARY);

describe('dbt Core runs as Fargate tasks', () => {
  it('starts one task for one client token, finds it by run id, and follows it to STOPPED with its exit code', async () => {
    expect((await nextTask({ exitCode: 2, reason: 'dbt build: 1 model failed', runSeconds: 30 })).status).toBe(201);
    aws.log.clear();
    const first = await ecs.runTask(run('r1'));
    const again = await ecs.runTask(run('r1'));
    expect(again).toEqual(first);
    expect(aws.log.count('RunTask')).toBe(2);
    const tasks = startedInStandIn('run-r1');
    expect(tasks.map((t) => t.taskArn)).toEqual([first.taskArn]);
    // The command and environment went to the task definition's (only, essential) container.
    expect(tasks[0]?.overrides).toEqual({ containerOverrides: [{ name: 'dbt', command: ['dbt', 'build', '--select', 'marts'], environment: [{ name: 'DBT_TARGET', value: 'prod' }] }] });

    expect(await ecs.tasksStartedBy(CLUSTER, 'run-r1')).toEqual([first.taskArn]);
    expect(await ecs.tasksStartedBy(CLUSTER, 'run-other')).toEqual([]);
    const end = await stopped(first.taskArn);
    expect(end).toMatchObject({ lastStatus: 'STOPPED', stopCode: 'EssentialContainerExited', exitCode: 2 });
    expect(end.startedAt).toBeInstanceOf(Date);
    expect(end.stoppedAt!.getTime()).toBeGreaterThanOrEqual(end.startedAt!.getTime());
    // A stopped task is no longer a running one to attach to.
    expect(await ecs.tasksStartedBy(CLUSTER, 'run-r1')).toEqual([]);
  });

  it('a RunTask whose answer was lost, or that was throttled, is retried with its token and starts one task', async () => {
    aws.log.clear();
    aws.faults.addRule({ kind: 'lose-response', operation: 'RunTask', times: 1 });
    const lost = await ecs.runTask(run('r2', { command: undefined, environment: undefined }));
    expect(aws.log.list({ operation: 'RunTask' }).map((e) => e.status)).toEqual([0, 200]);
    expect(startedInStandIn('run-r2').map((t) => t.taskArn)).toEqual([lost.taskArn]);

    aws.log.clear();
    aws.faults.addRule({ kind: 'throttle', operation: 'RunTask', times: 1 });
    const throttled = await ecs.runTask(run('r3', { containerName: 'dbt' }));
    expect(aws.log.list({ operation: 'RunTask' }).map((e) => e.status)).toEqual([400, 200]);
    expect(startedInStandIn('run-r3').map((t) => t.taskArn)).toEqual([throttled.taskArn]);
    // containerName given: no DescribeTaskDefinition needed.
    expect(aws.log.count('DescribeTaskDefinition')).toBe(0);
  });

  it('stops a running task, and stopping it again or a task ECS forgot is fine', async () => {
    await nextTask({ runSeconds: 80_000 });
    const { taskArn } = await ecs.runTask(run('r4'));
    await until('the task running', async () => ((await ecs.describeTask(CLUSTER, taskArn))?.lastStatus === 'RUNNING' ? true : undefined));
    await ecs.stopTask(CLUSTER, taskArn, 'Cancelled in Tapestry');
    await ecs.stopTask(CLUSTER, taskArn, 'Cancelled in Tapestry');
    expect(await stopped(taskArn)).toMatchObject({ stopCode: 'UserInitiated', stoppedReason: 'Cancelled in Tapestry', exitCode: 143 });
    const forgotten = taskArn.replace(/[0-9a-f]{32}$/, '0123456789abcdef0123456789abcdef');
    await ecs.stopTask(CLUSTER, forgotten, 'Cancelled in Tapestry');
    expect(await ecs.describeTask(CLUSTER, forgotten)).toBeUndefined();
  });

  it('throttling that outlasts the retries is reported after at most 4 attempts', async () => {
    aws.log.clear();
    aws.faults.addRule({ kind: 'throttle', operation: 'ListTasks', times: 10 });
    expect(await failure(ecs.tasksStartedBy(CLUSTER, 'run-r1'))).toMatchObject({ provider: 'aws', failureClass: 'throttled', code: 'ThrottlingException' });
    expect(aws.log.count('ListTasks')).toBeGreaterThan(1);
    expect(aws.log.count('ListTasks')).toBeLessThanOrEqual(4);
  });

  it('an unknown cluster is not_found, and a run id ECS would refuse is caught before any call', async () => {
    expect(await failure(ecs.runTask(run('r5', { cluster: 'tap-missing' })))).toMatchObject({ failureClass: 'not_found', code: 'ClusterNotFoundException' });
    aws.log.clear();
    expect(await failure(ecs.runTask(run('r6', { startedBy: 'x'.repeat(37) })))).toMatchObject({ failureClass: 'config', field: 'startedBy' });
    expect(aws.log.count('RunTask')).toBe(0);
  });
});
