// ECS in the AWS stand-in (awsJson 1.1, target prefix AmazonEC2ContainerServiceV20141113, signing name
// `ecs`), for dbt Core tasks on Fargate: CreateCluster, DescribeClusters, DeleteCluster,
// RegisterTaskDefinition, DescribeTaskDefinition, RunTask, DescribeTasks, StopTask, ListTasks.
// Tasks go PROVISIONING → PENDING → RUNNING → DEPROVISIONING → STOPPED (tasks.ts); unknown clusters are
// `ClusterNotFoundException`, bad requests `InvalidParameterException` / `ClientException`.
// `snapshot`/`restore`/`resume` keep clusters, revisions, tasks and client tokens across a restart of
// the AWS stand-in (its state file), tasks carrying on from where they were.
//
// Control routes:
//   GET    /__sandbox/ecs/next-tasks   outcomes queued for the next tasks
//   POST   /__sandbox/ecs/next-tasks   {exitCode?, reason?, runSeconds?, startFailure?, times?} the next
//          `times` (default 1) tasks end so: exitCode ≠ 0 with `reason` = the container failed;
//          startFailure = the task never starts (stopCode TaskFailedToStart, e.g. "CannotPullContainerError: …")
//   DELETE /__sandbox/ecs/next-tasks   clears the queue
//   POST   /__sandbox/ecs/clusters     {clusterName} creates a cluster (as a stack would)
//   GET    /__sandbox/ecs/tasks/{taskId}/dbt   a dbt Core task's command, exit code, reason, rows per
//          model, dbt's output and run_results.json (dbt-tasks.ts); 404 for other tasks
import { z } from 'zod';
import { jsonResponse, type StandInRequest, type StandInResponse } from '../../core/stand-in-server';
import type { SandboxWorld } from '../../core/world';
import { AwsError, type JsonService } from '../protocol';
import { readInput } from './input';
import { EcsRegistry, taskDefinitionInput, type Cluster, type ExternalEcsResources, type RegistrySnapshot, type TaskDefinition } from './registry';
import { runTask } from './run-task';
import { taskJson } from './task';
import { TaskRunner, type RunnerSnapshot } from './tasks';

export interface EcsOptions {
  region?: string;
  /** The account in ARNs. */
  account?: () => string;
  /** Speed of task lifecycles: 1 = believable, smaller = faster (tests). */
  timeScale?: number;
  /** Clusters that exist from the start (default: `default`). */
  clusters?: string[];
  /** Clusters and task definitions made elsewhere in the sandbox (CloudFormation stacks). */
  external?: ExternalEcsResources;
  /** Called after every step of a task's life (API writes are noticed by the caller). */
  onChange?: () => void;
  /**
   * The sandbox warehouse's PostgreSQL URL (with credentials): tasks of the dbt Core image build
   * the image's models there for real (dbt-tasks.ts). It stands for the image's dbt profile, which
   * in real AWS reads the warehouse from the task's environment and its password from Secrets
   * Manager. Without it, dbt tasks are simulated like any other.
   */
  dbtWarehouseUrl?: string;
}

/** Everything ECS keeps, for the state file. */
export interface EcsSnapshot {
  registry: RegistrySnapshot;
  tasks: RunnerSnapshot;
}

export interface EcsService extends JsonService {
  registry: EcsRegistry;
  tasks: TaskRunner;
  /** Stops the task timers and kills running dbt containers (the stand-in is closing). */
  dispose(): void;
  /** Waits (bounded) for the dbt containers `dispose` killed to let go of the warehouse. */
  settled(): Promise<void>;
  snapshot(): EcsSnapshot;
  restore(saved: EcsSnapshot): void;
  /** Sets restored tasks going again from where they were. */
  resume(): void;
}

const outcomeSchema = z
  .object({
    exitCode: z.number().int().min(0).max(255).optional(),
    reason: z.string().max(1024).optional(),
    runSeconds: z.number().min(0).max(86_400).optional(),
    startFailure: z.string().min(1).max(1024).optional(),
    times: z.number().int().positive().max(1000).default(1),
  })
  .strict();

const clusterSchema = z.object({ clusterName: z.string().min(1) }).strict();

const createClusterInput = z.looseObject({ clusterName: z.string().optional() });
const describeClustersInput = z.looseObject({ clusters: z.array(z.string()).optional() });
const deleteClusterInput = z.looseObject({ cluster: z.string() });
const describeTaskDefinitionInput = z.looseObject({ taskDefinition: z.string() });
const describeTasksInput = z.looseObject({ cluster: z.string().optional(), tasks: z.array(z.string()), include: z.array(z.string()).optional() });
const stopTaskInput = z.looseObject({ cluster: z.string().optional(), task: z.string(), reason: z.string().optional() });
const listTasksInput = z.looseObject({
  cluster: z.string().optional(),
  family: z.string().optional(),
  startedBy: z.string().optional(),
  desiredStatus: z.enum(['RUNNING', 'PENDING', 'STOPPED']).optional(),
  maxResults: z.number().optional(),
  nextToken: z.string().optional(),
});

function definitionJson(definition: TaskDefinition) {
  const { tags: _tags, ...rest } = definition;
  return { ...rest, registeredAt: definition.registeredAt / 1000, compatibilities: ['EC2', 'FARGATE'], requiresAttributes: [], placementConstraints: [], volumes: [] };
}

async function jsonBody<T extends z.ZodType>(request: StandInRequest, schema: T): Promise<z.output<T> | StandInResponse> {
  let body: unknown;
  try {
    body = request.json();
  } catch {
    return jsonResponse(400, { message: 'the body is not valid JSON' });
  }
  const parsed = schema.safeParse(body);
  return parsed.success ? parsed.data : jsonResponse(400, { message: 'invalid request', issues: parsed.error.issues });
}

export function createEcsService(world: SandboxWorld, options: EcsOptions = {}): EcsService {
  const region = options.region ?? 'us-east-1';
  const account = options.account ?? (() => '000000000000');
  const arnPrefix = () => `arn:aws:ecs:${region}:${account()}`;
  const registry = new EcsRegistry(arnPrefix, () => world.now(), options.external);
  const runner = new TaskRunner(world, arnPrefix, region, options.timeScale ?? 1, options.onChange, options.dbtWarehouseUrl);
  for (const name of options.clusters ?? ['default']) registry.createCluster(name);

  function clusterJson(cluster: Cluster, status = 'ACTIVE') {
    const tasks = runner.inCluster(cluster);
    return {
      clusterArn: cluster.clusterArn,
      clusterName: cluster.clusterName,
      status,
      registeredContainerInstancesCount: 0,
      runningTasksCount: tasks.filter((t) => t.lastStatus === 'RUNNING').length,
      pendingTasksCount: tasks.filter((t) => t.lastStatus === 'PROVISIONING' || t.lastStatus === 'PENDING').length,
      activeServicesCount: 0,
      statistics: [],
      tags: [],
      settings: [{ name: 'containerInsights', value: 'disabled' }],
      capacityProviders: ['FARGATE', 'FARGATE_SPOT'],
      defaultCapacityProviderStrategy: [],
    };
  }

  function describeTasks(raw: unknown) {
    const input = readInput(describeTasksInput, raw);
    if (input.tasks.length === 0) throw new AwsError('InvalidParameterException', 'Tasks cannot be empty.');
    if (input.tasks.length > 100) throw new AwsError('InvalidParameterException', 'Tasks cannot have more than 100 elements.');
    const cluster = registry.cluster(input.cluster);
    const withTags = input.include?.includes('TAGS') ?? false;
    const found = input.tasks.map((ref) => ({ ref, task: runner.find(cluster, ref) }));
    return {
      tasks: found.flatMap(({ task }) => (task ? [taskJson(task, withTags)] : [])),
      failures: found.filter(({ task }) => !task).map(({ ref }) => ({ arn: runner.taskArnFor(cluster, ref), reason: 'MISSING' })),
    };
  }

  function listTasks(raw: unknown) {
    const input = readInput(listTasksInput, raw);
    const cluster = registry.cluster(input.cluster);
    const max = input.maxResults ?? 100;
    if (!Number.isInteger(max) || max < 1 || max > 100) throw new AwsError('InvalidParameterException', 'maxResults must be between 1 and 100.');
    const wanted = input.desiredStatus ?? 'RUNNING';
    const arns = runner
      .inCluster(cluster)
      .filter((t) => (wanted === 'STOPPED' ? t.desiredStatus === 'STOPPED' : t.desiredStatus === 'RUNNING'))
      .filter((t) => (input.family === undefined || t.definition.family === input.family) && (input.startedBy === undefined || t.startedBy === input.startedBy))
      .map((t) => t.taskArn);
    const decoded = input.nextToken === undefined ? '0' : Buffer.from(input.nextToken, 'base64url').toString('utf8');
    if (!/^\d{1,9}$/.test(decoded)) throw new AwsError('InvalidParameterException', 'Invalid nextToken.');
    const offset = Number(decoded);
    const page = arns.slice(offset, offset + max);
    const more = offset + page.length < arns.length;
    return { taskArns: page, nextToken: more ? Buffer.from(String(offset + page.length)).toString('base64url') : undefined };
  }

  const operations: Record<string, (input: Record<string, unknown>) => unknown> = {
    CreateCluster: (input) => ({ cluster: clusterJson(registry.createCluster(readInput(createClusterInput, input).clusterName ?? 'default')) }),
    DescribeClusters: (input) => {
      const names = readInput(describeClustersInput, input).clusters ?? ['default'];
      const found = names.map((name) => ({ name, cluster: registry.findCluster(name) }));
      return {
        clusters: found.flatMap(({ cluster }) => (cluster ? [clusterJson(cluster)] : [])),
        failures: found.filter(({ cluster }) => !cluster).map(({ name }) => ({ arn: name.startsWith('arn:') ? name : `${arnPrefix()}:cluster/${name}`, reason: 'MISSING' })),
      };
    },
    DeleteCluster: (input) => {
      const cluster = registry.cluster(readInput(deleteClusterInput, input).cluster);
      if (runner.inCluster(cluster).some((t) => t.lastStatus !== 'STOPPED')) {
        throw new AwsError('ClusterContainsTasksException', 'The Cluster cannot be deleted while Tasks are active.');
      }
      return { cluster: clusterJson(registry.deleteCluster(cluster.clusterName), 'INACTIVE') };
    },
    RegisterTaskDefinition: (input) => {
      const parsed = readInput(taskDefinitionInput, input);
      return { taskDefinition: definitionJson(registry.register(parsed)), tags: parsed.tags ?? [] };
    },
    DescribeTaskDefinition: (input) => {
      const definition = registry.findTaskDefinition(readInput(describeTaskDefinitionInput, input).taskDefinition);
      if (!definition) throw new AwsError('ClientException', 'Unable to describe task definition.');
      return { taskDefinition: definitionJson(definition), tags: definition.tags ?? [] };
    },
    RunTask: (input) => ({ tasks: runTask(registry, runner, input).tasks.map((t) => taskJson(t, true)), failures: [] }),
    DescribeTasks: describeTasks,
    StopTask: (input) => {
      const parsed = readInput(stopTaskInput, input);
      const cluster = registry.cluster(parsed.cluster);
      return { task: taskJson(runner.stop(runner.requireTask(cluster, parsed.task), parsed.reason), true) };
    },
    ListTasks: listTasks,
  };

  async function control(request: StandInRequest): Promise<StandInResponse | undefined> {
    const dbtTask = /^\/__sandbox\/ecs\/tasks\/([a-f0-9]{32})\/dbt$/.exec(request.path);
    if (dbtTask && request.method === 'GET') {
      const run = runner.findById(dbtTask[1] as string)?.dbt;
      if (!run) return jsonResponse(404, { message: 'no dbt Core task with this id' });
      const { result, ...started } = run;
      return jsonResponse(200, { ...started, finished: result !== undefined, ...result });
    }
    if (request.path === '/__sandbox/ecs/next-tasks') {
      if (request.method === 'GET') return jsonResponse(200, { outcomes: runner.pendingOutcomes() });
      if (request.method === 'DELETE') {
        runner.clearOutcomes();
        return { status: 204 };
      }
      const body = await jsonBody(request, outcomeSchema);
      if ('status' in body) return body;
      runner.queueOutcome(body);
      return jsonResponse(201, { outcomes: runner.pendingOutcomes() });
    }
    if (request.path === '/__sandbox/ecs/clusters' && request.method === 'POST') {
      const body = await jsonBody(request, clusterSchema);
      if ('status' in body) return body;
      try {
        return jsonResponse(201, { cluster: clusterJson(registry.createCluster(body.clusterName)) });
      } catch (error) {
        if (error instanceof AwsError) return jsonResponse(400, { message: error.message });
        throw error;
      }
    }
    return undefined;
  }

  return {
    targetPrefix: 'AmazonEC2ContainerServiceV20141113',
    signingName: 'ecs',
    contentType: 'application/x-amz-json-1.1',
    async handle(operation, input) {
      const run = Object.hasOwn(operations, operation) ? operations[operation] : undefined;
      if (!run) throw new AwsError('UnknownOperationException', `Unknown operation ${operation}`);
      return run(input);
    },
    control,
    registry,
    tasks: runner,
    dispose: () => runner.dispose(),
    settled: () => runner.settled(),
    snapshot: () => ({ registry: registry.snapshot(), tasks: runner.snapshot() }),
    restore(saved) {
      registry.restore(saved.registry);
      runner.restore(saved.tasks);
    },
    resume: () => runner.resume(),
  };
}
