// The ECS port for dbt Core runs as Fargate tasks. RunTask carries the caller's client token, so a
// retry (after a lost answer or a throttle) returns the task the first request started; the run id
// goes in `startedBy`, so a worker that resumes a run finds the task it started before the restart
// (tasksStartedBy) and attaches to it instead of starting another.
import {
  DescribeTaskDefinitionCommand,
  DescribeTasksCommand,
  ListTasksCommand,
  RunTaskCommand,
  StopTaskCommand,
  type ECSClient,
  type KeyValuePair,
} from '@aws-sdk/client-ecs';
import type { CallOptions } from '../../call-limits';
import { IntegrationError } from '../../errors';
import { awsErrorMessage, awsSecrets, callAws, createEcsClient, hasAwsCode } from '../clients';
import type { AwsCredentialsConfig } from '../sts-client';
import { taskView, type TaskView } from './views';

export interface RunTaskInput {
  cluster: string;
  taskDefinition: string;
  subnets: string[];
  securityGroups: string[];
  /** The run id: up to 36 letters, digits, `-`, `_` and `/` (ECS's limit). */
  startedBy: string;
  /** Up to 64 characters; the same token on a retry returns the same task. */
  clientToken: string;
  command?: string[];
  environment?: { name: string; value: string }[];
  /** The container the command and environment go to; absent = the task definition's essential container. */
  containerName?: string;
  /** Private subnets reach out through a NAT gateway (the default); public ones need a public IP. */
  assignPublicIp?: boolean;
}

export interface EcsPort {
  runTask(i: RunTaskInput, o?: CallOptions): Promise<{ taskArn: string }>;
  /** undefined when ECS does not know the task (it forgets stopped tasks after about an hour). */
  describeTask(cluster: string, taskArn: string, o?: CallOptions): Promise<TaskView | undefined>;
  /** A task that is stopped or unknown counts as stopped. */
  stopTask(cluster: string, taskArn: string, reason: string, o?: CallOptions): Promise<void>;
  /** Running tasks this run started (ListTasks startedBy), so a resumed worker attaches instead of starting another. */
  tasksStartedBy(cluster: string, startedBy: string, o?: CallOptions): Promise<string[]>;
  /** Closes the SDK client's connections. */
  destroy(): void;
}

const STARTED_BY = /^[a-zA-Z0-9_/-]{1,36}$/;
const MAX_CLIENT_TOKEN = 64;
/** ListTasks pages of 100: a run starts one task, so a few pages is already far too many. */
const MAX_LIST_PAGES = 10;

function invalidInput(cause: string, field: string): IntegrationError {
  return new IntegrationError({ provider: 'aws', failureClass: 'config', code: 'InvalidParameter', field, cause, hint: 'This is a bug in Tapestry: please report it.' });
}

class SdkEcsPort implements EcsPort {
  private readonly client: ECSClient;
  private readonly secrets: (string | undefined)[];

  constructor(config: AwsCredentialsConfig) {
    this.client = createEcsClient(config);
    this.secrets = awsSecrets(config);
  }

  async runTask(i: RunTaskInput, o: CallOptions = {}): Promise<{ taskArn: string }> {
    if (!STARTED_BY.test(i.startedBy)) throw invalidInput('The run id given as startedBy does not fit ECS’s rules (36 letters, digits, - _ /).', 'startedBy');
    if (!i.clientToken || i.clientToken.length > MAX_CLIENT_TOKEN) throw invalidInput('The client token must have 1 to 64 characters.', 'clientToken');
    const overrides = await this.overrides(i, o);
    const command = new RunTaskCommand({
      cluster: i.cluster,
      taskDefinition: i.taskDefinition,
      launchType: 'FARGATE',
      count: 1,
      startedBy: i.startedBy,
      clientToken: i.clientToken,
      networkConfiguration: { awsvpcConfiguration: { subnets: i.subnets, securityGroups: i.securityGroups, assignPublicIp: i.assignPublicIp ? 'ENABLED' : 'DISABLED' } },
      overrides,
    });
    const out = await callAws((abortSignal) => this.client.send(command, { abortSignal }), o, this.secrets);
    const taskArn = out.tasks?.[0]?.taskArn;
    if (taskArn) return { taskArn };
    // ECS answers 200 with `failures` when it cannot place the task (capacity, ENIs, a bad subnet).
    const failure = out.failures?.[0];
    throw new IntegrationError({
      provider: 'aws',
      failureClass: 'unavailable',
      code: failure?.reason ?? 'RunTaskFailure',
      cause: 'ECS could not start the task.',
      hint: 'Try again in a few minutes; if it persists, check the subnets and the account’s Fargate quota.',
      secrets: this.secrets,
    });
  }

  /** Container overrides must name their container: the given one, or the definition's essential one. */
  private async overrides(i: RunTaskInput, o: CallOptions) {
    if (!i.command && !i.environment) return undefined;
    const name = i.containerName ?? (await this.essentialContainer(i.taskDefinition, o));
    const environment: KeyValuePair[] | undefined = i.environment?.map((e) => ({ name: e.name, value: e.value }));
    return { containerOverrides: [{ name, command: i.command, environment }] };
  }

  private async essentialContainer(taskDefinition: string, o: CallOptions): Promise<string> {
    const out = await callAws((abortSignal) => this.client.send(new DescribeTaskDefinitionCommand({ taskDefinition }), { abortSignal }), o, this.secrets);
    const containers = out.taskDefinition?.containerDefinitions ?? [];
    const chosen = containers.find((c) => c.essential !== false) ?? containers[0];
    if (!chosen?.name) throw invalidInput('The task definition has no container to run the command in.', 'taskDefinition');
    return chosen.name;
  }

  async describeTask(cluster: string, taskArn: string, o: CallOptions = {}): Promise<TaskView | undefined> {
    const out = await callAws((abortSignal) => this.client.send(new DescribeTasksCommand({ cluster, tasks: [taskArn] }), { abortSignal }), o, this.secrets);
    const task = out.tasks?.find((t) => t.taskArn === taskArn) ?? out.tasks?.[0];
    return task ? taskView(task, this.secrets) : undefined;
  }

  async stopTask(cluster: string, taskArn: string, reason: string, o: CallOptions = {}): Promise<void> {
    const command = new StopTaskCommand({ cluster, task: taskArn, reason: reason.slice(0, 255) });
    await callAws(
      (abortSignal) =>
        this.client.send(command, { abortSignal }).catch((error: unknown) => {
          // "The referenced task was not found.": long gone, so it is stopped.
          if (hasAwsCode(error, 'InvalidParameterException') && /not found/i.test(awsErrorMessage(error))) return undefined;
          throw error;
        }),
      o,
      this.secrets,
    );
  }

  async tasksStartedBy(cluster: string, startedBy: string, o: CallOptions = {}): Promise<string[]> {
    const arns: string[] = [];
    let nextToken: string | undefined;
    for (let page = 0; page < MAX_LIST_PAGES; page += 1) {
      // startedBy must be ListTasks' only filter; it lists tasks meant to run (desired RUNNING).
      const command = new ListTasksCommand({ cluster, startedBy, nextToken });
      const out = await callAws((abortSignal) => this.client.send(command, { abortSignal }), o, this.secrets);
      arns.push(...(out.taskArns ?? []));
      nextToken = out.nextToken;
      if (!nextToken) break;
    }
    return arns;
  }

  destroy(): void {
    this.client.destroy();
  }
}

export function ecsPort(config: AwsCredentialsConfig): EcsPort {
  return new SdkEcsPort(config);
}
