// One ECS task as the stand-in keeps it, and how DescribeTasks shows it (timestamps as epoch seconds,
// as awsJson carries them). The lifecycle that moves it along lives in tasks.ts.
import type { DbtTaskRun } from './dbt-tasks';
import type { TaskDefinition } from './registry';

/** ECS's task states as a Fargate task passes through them (ACTIVATING and STOPPING are skipped). */
export type TaskStatus = 'PROVISIONING' | 'PENDING' | 'RUNNING' | 'DEPROVISIONING' | 'STOPPED';

/** How a task will end: set by the control route before RunTask, else a clean run. */
export interface TaskOutcome {
  exitCode: number;
  /** The container's reason (e.g. an OOM message or why dbt failed). */
  reason?: string;
  /** Seconds it runs at timeScale 1. */
  runSeconds: number;
  /** When set, the task never starts: stopCode TaskFailedToStart with this as stoppedReason. */
  startFailure?: string;
}

export interface ContainerState {
  name: string;
  image: string;
  containerArn: string;
  lastStatus: TaskStatus | 'RUNNING' | 'STOPPED' | 'PENDING';
  exitCode?: number;
  reason?: string;
}

export interface Task {
  taskArn: string;
  clusterArn: string;
  clusterName: string;
  definition: TaskDefinition;
  launchType: string;
  group: string;
  startedBy?: string;
  overrides: Record<string, unknown>;
  tags: { key: string; value: string }[];
  subnetId: string;
  privateIp: string;
  availabilityZone: string;
  lastStatus: TaskStatus;
  desiredStatus: 'RUNNING' | 'STOPPED';
  createdAt: number;
  pullStartedAt?: number;
  pullStoppedAt?: number;
  startedAt?: number;
  stoppingAt?: number;
  executionStoppedAt?: number;
  stoppedAt?: number;
  stopCode?: 'TaskFailedToStart' | 'EssentialContainerExited' | 'UserInitiated';
  stoppedReason?: string;
  containers: ContainerState[];
  outcome: TaskOutcome;
  /** Set when the task runs the dbt Core image against the sandbox's warehouse (dbt-tasks.ts). */
  dbt?: DbtTaskRun;
  /** Share of the reserved CPU the task uses while it runs (CloudWatch's ECS CPUUtilization). */
  load: number;
  version: number;
}

const seconds = (ms: number | undefined) => (ms === undefined ? undefined : ms / 1000);

export function taskJson(task: Task, withTags: boolean) {
  const attachmentId = task.taskArn.slice(-36);
  return {
    taskArn: task.taskArn,
    clusterArn: task.clusterArn,
    taskDefinitionArn: task.definition.taskDefinitionArn,
    lastStatus: task.lastStatus,
    desiredStatus: task.desiredStatus,
    launchType: task.launchType,
    platformVersion: task.launchType === 'FARGATE' ? '1.4.0' : undefined,
    platformFamily: task.launchType === 'FARGATE' ? 'Linux' : undefined,
    cpu: task.definition.cpu,
    memory: task.definition.memory,
    group: task.group,
    startedBy: task.startedBy,
    availabilityZone: task.availabilityZone,
    connectivity: task.lastStatus === 'PROVISIONING' ? undefined : 'CONNECTED',
    connectivityAt: seconds(task.pullStartedAt),
    createdAt: seconds(task.createdAt),
    pullStartedAt: seconds(task.pullStartedAt),
    pullStoppedAt: seconds(task.pullStoppedAt),
    startedAt: seconds(task.startedAt),
    stoppingAt: seconds(task.stoppingAt),
    executionStoppedAt: seconds(task.executionStoppedAt),
    stoppedAt: seconds(task.stoppedAt),
    stopCode: task.stopCode,
    stoppedReason: task.stoppedReason,
    healthStatus: 'UNKNOWN',
    enableExecuteCommand: false,
    ephemeralStorage: { sizeInGiB: 20 },
    version: task.version,
    overrides: { containerOverrides: [], inferenceAcceleratorOverrides: [], ...task.overrides },
    attachments: [
      {
        id: attachmentId,
        type: 'ElasticNetworkInterface',
        status: task.lastStatus === 'STOPPED' ? 'DELETED' : task.lastStatus === 'PROVISIONING' ? 'PRECREATED' : 'ATTACHED',
        details: [
          { name: 'subnetId', value: task.subnetId },
          { name: 'privateIPv4Address', value: task.privateIp },
        ],
      },
    ],
    containers: task.containers.map((c) => ({
      containerArn: c.containerArn,
      taskArn: task.taskArn,
      name: c.name,
      image: c.image,
      lastStatus: c.lastStatus,
      exitCode: c.exitCode,
      reason: c.reason,
      networkInterfaces: [{ attachmentId, privateIpv4Address: task.privateIp }],
      healthStatus: 'UNKNOWN',
      cpu: '0',
    })),
    tags: withTags ? task.tags : undefined,
  };
}
