// The CloudFormation port for deploys (REL-3): every write goes through a change set and carries
// the caller's client token (`tap-<operationId>`), reused on every retry, so a retry after a lost
// answer, a throttle or a worker restart finds the first request's result instead of acting twice.
// Answers that mean "already done" are treated as done: a change set name that already exists is
// that change set; an ExecuteChangeSet refused because it already ran is a success; deleting what
// is gone is a success.
import {
  ContinueUpdateRollbackCommand,
  CreateChangeSetCommand,
  DeleteChangeSetCommand,
  DeleteStackCommand,
  DescribeChangeSetCommand,
  DescribeStackEventsCommand,
  DescribeStacksCommand,
  ExecuteChangeSetCommand,
  type CloudFormationClient,
  type DescribeChangeSetCommandOutput,
} from '@aws-sdk/client-cloudformation';
import type { CallOptions } from '../../call-limits';
import { IntegrationError } from '../../errors';
import { awsSecrets, callAws, createCloudFormationClient } from '../clients';
import type { AwsCredentialsConfig } from '../sts-client';
import { eventsAfter } from './events';
import { isAlreadyExists, isChangeSetMissing, isInvalidChangeSetStatus, isNoUpdates, isStackMissing, noChangesError } from './outcomes';
import { changeSetView, changeViews, eventView, stackView, type ChangeSetView, type ChangeView, type StackEventView, type StackView } from './views';

export interface CreateChangeSetInput {
  stackName: string;
  changeSetName: string;
  type: 'CREATE' | 'UPDATE';
  templateBody: string;
  parameters: { key: string; value: string }[];
  clientToken: string;
  /** Sent when not empty (an empty list would strip an existing stack of its tags). */
  tags: Record<string, string>;
}

export interface CloudFormationPort {
  /** undefined when no live stack has this name (or id). */
  describeStack(stackName: string, o?: CallOptions): Promise<StackView | undefined>;
  /** A change set of this name that already exists is returned as is. Acknowledges CAPABILITY_IAM and CAPABILITY_NAMED_IAM. */
  createChangeSet(i: CreateChangeSetInput, o?: CallOptions): Promise<{ changeSetId: string; stackId: string }>;
  /** undefined when the change set (or its stack) does not exist. */
  describeChangeSet(stackName: string, changeSetName: string, o?: CallOptions): Promise<ChangeSetView | undefined>;
  /** Idempotent with the token; a change set that is already executing or executed counts as done. */
  executeChangeSet(stackName: string, changeSetName: string, clientToken: string, o?: CallOptions): Promise<void>;
  /** A change set that is gone counts as deleted. */
  deleteChangeSet(stackName: string, changeSetName: string, o?: CallOptions): Promise<void>;
  /** A stack that is gone counts as deleted; the deletion runs on, watch it with describeStack. */
  deleteStack(stackName: string, clientToken: string, o?: CallOptions): Promise<void>;
  /** For UPDATE_ROLLBACK_FAILED. */
  continueUpdateRollback(stackName: string, clientToken: string, o?: CallOptions): Promise<void>;
  /** New events since the cursor, oldest first (events.ts). */
  eventsSince(stackName: string, cursorEventId: string | undefined, o?: CallOptions): Promise<StackEventView[]>;
  /** Closes the SDK client's connections. */
  destroy(): void;
}

const CAPABILITIES = ['CAPABILITY_IAM', 'CAPABILITY_NAMED_IAM'] as const;
/** DescribeChangeSet pages (AWS lists changes a page at a time); a pipeline stack has far fewer. */
const MAX_CHANGE_PAGES = 20;
const EXECUTED = new Set(['EXECUTE_IN_PROGRESS', 'EXECUTE_COMPLETE', 'EXECUTE_FAILED']);

/** An answer that is an outcome, not a failure (a missing stack, a taken name): undefined; the rest rethrown. */
function undefinedWhen(isOutcome: (error: unknown) => boolean) {
  return (error: unknown): undefined => {
    if (isOutcome(error)) return undefined;
    throw error;
  };
}

class SdkCloudFormationPort implements CloudFormationPort {
  private readonly client: CloudFormationClient;
  private readonly secrets: (string | undefined)[];

  constructor(config: AwsCredentialsConfig) {
    this.client = createCloudFormationClient(config);
    this.secrets = awsSecrets(config);
  }

  /** One call within the limits; "No updates are to be performed" becomes the typed NoChanges error. */
  private call<T>(send: (abortSignal: AbortSignal) => Promise<T>, o: CallOptions): Promise<T> {
    const typed = (abortSignal: AbortSignal) =>
      send(abortSignal).catch((error: unknown) => {
        throw isNoUpdates(error) ? noChangesError() : error;
      });
    return callAws(typed, o, this.secrets);
  }

  async describeStack(stackName: string, o: CallOptions = {}): Promise<StackView | undefined> {
    const out = await this.call((abortSignal) => this.client.send(new DescribeStacksCommand({ StackName: stackName }), { abortSignal }).catch(undefinedWhen(isStackMissing)), o);
    const stack = out?.Stacks?.[0];
    return stack ? stackView(stack, this.secrets) : undefined;
  }

  async createChangeSet(i: CreateChangeSetInput, o: CallOptions = {}): Promise<{ changeSetId: string; stackId: string }> {
    const tags = Object.entries(i.tags).map(([Key, Value]) => ({ Key, Value }));
    const command = new CreateChangeSetCommand({
      StackName: i.stackName,
      ChangeSetName: i.changeSetName,
      ChangeSetType: i.type,
      TemplateBody: i.templateBody,
      Parameters: i.parameters.map((p) => ({ ParameterKey: p.key, ParameterValue: p.value })),
      Capabilities: [...CAPABILITIES],
      ClientToken: i.clientToken,
      Tags: tags.length ? tags : undefined,
    });
    const created = await this.call((abortSignal) => this.client.send(command, { abortSignal }).catch(undefinedWhen(isAlreadyExists)), o);
    if (created?.Id && created.StackId) return { changeSetId: created.Id, stackId: created.StackId };
    // The name is taken: change set names are per deploy operation, so this is our own earlier request.
    const existing = await this.call((abortSignal) => this.client.send(new DescribeChangeSetCommand({ StackName: i.stackName, ChangeSetName: i.changeSetName }), { abortSignal }), o);
    if (!existing.ChangeSetId || !existing.StackId) throw unexpected(this.secrets);
    return { changeSetId: existing.ChangeSetId, stackId: existing.StackId };
  }

  async describeChangeSet(stackName: string, changeSetName: string, o: CallOptions = {}): Promise<ChangeSetView | undefined> {
    const changes: ChangeView[] = [];
    let nextToken: string | undefined;
    let first: DescribeChangeSetCommandOutput | undefined;
    for (let page = 0; page < MAX_CHANGE_PAGES; page += 1) {
      const out = await this.describeChangeSetPage(stackName, changeSetName, nextToken, o);
      if (!out) return undefined;
      first ??= out;
      changes.push(...changeViews(out.Changes));
      nextToken = out.NextToken;
      if (!nextToken) break;
    }
    return first && changeSetView(first, changes, this.secrets);
  }

  private describeChangeSetPage(stackName: string, changeSetName: string, nextToken: string | undefined, o: CallOptions) {
    const command = new DescribeChangeSetCommand({ StackName: stackName, ChangeSetName: changeSetName, NextToken: nextToken });
    return this.call((abortSignal) => this.client.send(command, { abortSignal }).catch(undefinedWhen(isChangeSetMissing)), o);
  }

  async executeChangeSet(stackName: string, changeSetName: string, clientToken: string, o: CallOptions = {}): Promise<void> {
    const command = new ExecuteChangeSetCommand({ StackName: stackName, ChangeSetName: changeSetName, ClientRequestToken: clientToken });
    const refused = await this.call(
      (abortSignal) =>
        this.client.send(command, { abortSignal }).then(
          () => false,
          (error: unknown) => {
            if (isInvalidChangeSetStatus(error)) return true;
            throw error;
          },
        ),
      o,
    );
    if (refused && !(await this.alreadyExecuted(stackName, changeSetName, o))) {
      throw new IntegrationError({ provider: 'aws', failureClass: 'config', code: 'InvalidChangeSetStatus', cause: 'The change set cannot be executed: it is still being computed, failed, or is out of date.', hint: 'Review the changes again, then confirm the deploy.', secrets: this.secrets });
    }
  }

  /** Refused as "not executable": because it already ran (a retry, another worker), or for real? */
  private async alreadyExecuted(stackName: string, changeSetName: string, o: CallOptions): Promise<boolean> {
    const changeSet = await this.describeChangeSet(stackName, changeSetName, o);
    if (changeSet && EXECUTED.has(changeSet.executionStatus)) return true;
    const stack = await this.describeStack(stackName, o);
    return changeSet !== undefined && stack?.changeSetId === changeSet.changeSetId && /_(IN_PROGRESS|COMPLETE)$/.test(stack.status);
  }

  async deleteChangeSet(stackName: string, changeSetName: string, o: CallOptions = {}): Promise<void> {
    const command = new DeleteChangeSetCommand({ StackName: stackName, ChangeSetName: changeSetName });
    await this.call((abortSignal) => this.client.send(command, { abortSignal }).catch(undefinedWhen(isChangeSetMissing)), o);
  }

  async deleteStack(stackName: string, clientToken: string, o: CallOptions = {}): Promise<void> {
    const command = new DeleteStackCommand({ StackName: stackName, ClientRequestToken: clientToken });
    await this.call((abortSignal) => this.client.send(command, { abortSignal }).catch(undefinedWhen(isStackMissing)), o);
  }

  async continueUpdateRollback(stackName: string, clientToken: string, o: CallOptions = {}): Promise<void> {
    const command = new ContinueUpdateRollbackCommand({ StackName: stackName, ClientRequestToken: clientToken });
    await this.call((abortSignal) => this.client.send(command, { abortSignal }), o);
  }

  eventsSince(stackName: string, cursorEventId: string | undefined, o: CallOptions = {}): Promise<StackEventView[]> {
    return eventsAfter(async (nextToken) => {
      const command = new DescribeStackEventsCommand({ StackName: stackName, NextToken: nextToken });
      const out = await this.call((abortSignal) => this.client.send(command, { abortSignal }), o);
      return { events: (out.StackEvents ?? []).map((e) => eventView(e, this.secrets)), nextToken: out.NextToken };
    }, cursorEventId);
  }

  destroy(): void {
    this.client.destroy();
  }
}

function unexpected(secrets: (string | undefined)[]): IntegrationError {
  return new IntegrationError({ provider: 'aws', failureClass: 'unavailable', code: 'unexpected-response', cause: 'CloudFormation answered without the identifiers it should return.', secrets });
}

export function cloudFormationPort(config: AwsCredentialsConfig): CloudFormationPort {
  return new SdkCloudFormationPort(config);
}
