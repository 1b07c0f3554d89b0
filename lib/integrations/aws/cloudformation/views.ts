// What the CloudFormation port hands back: plain views of the SDK's shapes, with only what a
// deploy needs (a status and its reason, outputs and parameters as maps, the resource changes of
// a change set, stack events), so nothing above this folder depends on the SDK's types. Status
// reasons are CloudFormation's own words, meant for the person deploying (the console shows them),
// so they are kept, with the configuration's secrets scrubbed out all the same.
import type { Change, ChangeSetStatus, Stack, StackEvent } from '@aws-sdk/client-cloudformation';
import { scrubSecrets } from '../../errors';

type Secrets = readonly (string | undefined)[];

export interface StackView {
  stackId: string;
  stackName: string;
  status: string;
  statusReason?: string;
  outputs: Record<string, string>;
  /** NoEcho parameters read as `****`, as AWS shows them. */
  parameters: Record<string, string>;
  /** When the stack last changed (its creation, if it was never updated). */
  lastUpdated?: Date;
  /** The change set whose execution made the stack's current state, if any. */
  changeSetId?: string;
}

export interface ChangeView {
  action: 'Add' | 'Modify' | 'Remove' | 'Import' | 'Dynamic';
  logicalId: string;
  physicalId?: string;
  resourceType: string;
  replacement?: 'True' | 'False' | 'Conditional';
  scope: string[];
  details: { attribute?: string; name?: string; requiresRecreation?: string }[];
}

export interface ChangeSetView {
  changeSetId: string;
  status: string;
  statusReason?: string;
  executionStatus: string;
  /** Every resource change, all pages read. */
  changes: ChangeView[];
  /** The change set FAILED because the template and parameters change nothing. */
  noChanges: boolean;
}

export interface StackEventView {
  eventId: string;
  timestamp: Date;
  logicalId: string;
  physicalId?: string;
  resourceType: string;
  status: string;
  reason?: string;
}

const ACTIONS = new Set<string>(['Add', 'Modify', 'Remove', 'Import', 'Dynamic']);
const REPLACEMENTS = new Set<string>(['True', 'False', 'Conditional']);

/**
 * The reasons CloudFormation gives a change set that changes nothing: "The submitted information
 * didn't contain changes…" and, for an UpdateStack, "No updates are to be performed."
 */
export const NO_CHANGES_REASON = /didn't contain changes|No updates are to be performed/i;

function scrubbed(text: string | undefined, secrets: Secrets): string | undefined {
  return text === undefined ? undefined : scrubSecrets(text, secrets);
}

function toRecord<T>(items: T[] | undefined, entry: (item: T) => [string | undefined, string | undefined]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const item of items ?? []) {
    const [key, value] = entry(item);
    if (key !== undefined) out[key] = value ?? '';
  }
  return out;
}

export function stackView(stack: Stack, secrets: Secrets): StackView {
  return {
    stackId: stack.StackId ?? '',
    stackName: stack.StackName ?? '',
    status: stack.StackStatus ?? '',
    statusReason: scrubbed(stack.StackStatusReason, secrets),
    outputs: toRecord(stack.Outputs, (o) => [o.OutputKey, o.OutputValue]),
    parameters: toRecord(stack.Parameters, (p) => [p.ParameterKey, p.ParameterValue]),
    lastUpdated: stack.LastUpdatedTime ?? stack.CreationTime,
    changeSetId: stack.ChangeSetId,
  };
}

/** Resource changes only (hook invocations and other change types are not shown). */
export function changeViews(changes: Change[] | undefined): ChangeView[] {
  const out: ChangeView[] = [];
  for (const change of changes ?? []) {
    const rc = change.ResourceChange;
    if (change.Type !== 'Resource' || !rc?.Action || !ACTIONS.has(rc.Action)) continue;
    out.push({
      action: rc.Action as ChangeView['action'],
      logicalId: rc.LogicalResourceId ?? '',
      physicalId: rc.PhysicalResourceId || undefined,
      resourceType: rc.ResourceType ?? '',
      replacement: rc.Replacement && REPLACEMENTS.has(rc.Replacement) ? rc.Replacement : undefined,
      scope: rc.Scope ?? [],
      details: (rc.Details ?? []).map((d) => ({ attribute: d.Target?.Attribute, name: d.Target?.Name, requiresRecreation: d.Target?.RequiresRecreation })),
    });
  }
  return out;
}

export function changeSetView(first: { ChangeSetId?: string; Status?: ChangeSetStatus; StatusReason?: string; ExecutionStatus?: string }, changes: ChangeView[], secrets: Secrets): ChangeSetView {
  const status = first.Status ?? '';
  return {
    changeSetId: first.ChangeSetId ?? '',
    status,
    statusReason: scrubbed(first.StatusReason, secrets),
    executionStatus: first.ExecutionStatus ?? '',
    changes,
    noChanges: status === 'FAILED' && NO_CHANGES_REASON.test(first.StatusReason ?? ''),
  };
}

export function eventView(event: StackEvent, secrets: Secrets): StackEventView {
  return {
    eventId: event.EventId ?? '',
    timestamp: event.Timestamp ?? new Date(0),
    logicalId: event.LogicalResourceId ?? '',
    physicalId: event.PhysicalResourceId || undefined,
    resourceType: event.ResourceType ?? '',
    status: event.ResourceStatus ?? '',
    reason: scrubbed(event.ResourceStatusReason, secrets),
  };
}
