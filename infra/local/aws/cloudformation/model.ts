// What the stand-in remembers about stacks, their resources, events and change sets, with the
// status values CloudFormation reports (only those this stand-in produces).
import type { StackParameter } from './parameters';
import type { CheckedTemplate } from './template-types';

/** A stack's status, as DescribeStacks reports it. */
export type StackStatus =
  /** A change set of type CREATE exists; nothing has been created yet. */
  | 'REVIEW_IN_PROGRESS'
  | 'CREATE_IN_PROGRESS'
  /** Terminal: every resource was created. */
  | 'CREATE_COMPLETE'
  /** Terminal (OnFailure DO_NOTHING / DisableRollback): a resource failed and nothing was rolled back. */
  | 'CREATE_FAILED'
  | 'ROLLBACK_IN_PROGRESS'
  /** Terminal: creation failed and what was created has been deleted; the stack can only be deleted. */
  | 'ROLLBACK_COMPLETE'
  | 'ROLLBACK_FAILED'
  | 'DELETE_IN_PROGRESS'
  /** Terminal: gone; visible only by stack id. */
  | 'DELETE_COMPLETE'
  /** Terminal until DeleteStack is called again. */
  | 'DELETE_FAILED'
  | 'UPDATE_IN_PROGRESS'
  | 'UPDATE_COMPLETE_CLEANUP_IN_PROGRESS'
  /** Terminal: the update went through. */
  | 'UPDATE_COMPLETE'
  /** Terminal (DisableRollback): a resource failed to update and nothing was rolled back. */
  | 'UPDATE_FAILED'
  | 'UPDATE_ROLLBACK_IN_PROGRESS'
  /** Terminal until ContinueUpdateRollback: a resource could not be returned to its old state. */
  | 'UPDATE_ROLLBACK_FAILED'
  | 'UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS'
  /** Terminal: the update failed and the stack is back where it was. */
  | 'UPDATE_ROLLBACK_COMPLETE';

/** A resource's status, as stack events and DescribeStackResources report it. */
export type ResourceStatus =
  | 'CREATE_IN_PROGRESS'
  | 'CREATE_COMPLETE'
  | 'CREATE_FAILED'
  | 'UPDATE_IN_PROGRESS'
  | 'UPDATE_COMPLETE'
  | 'UPDATE_FAILED'
  | 'DELETE_IN_PROGRESS'
  | 'DELETE_COMPLETE'
  | 'DELETE_FAILED'
  | 'DELETE_SKIPPED';

export const SETTLED_STACK_STATUSES: ReadonlySet<StackStatus> = new Set([
  'REVIEW_IN_PROGRESS',
  'CREATE_COMPLETE',
  'CREATE_FAILED',
  'ROLLBACK_COMPLETE',
  'ROLLBACK_FAILED',
  'DELETE_COMPLETE',
  'DELETE_FAILED',
  'UPDATE_COMPLETE',
  'UPDATE_FAILED',
  'UPDATE_ROLLBACK_FAILED',
  'UPDATE_ROLLBACK_COMPLETE',
]);

export interface StackResource {
  logicalId: string;
  type: string;
  physicalId?: string;
  status: ResourceStatus;
  statusReason?: string;
  updatedAt: number;
  /** Properties as last applied (intrinsics resolved). */
  properties: Record<string, unknown>;
  /** Values Fn::GetAtt returns. */
  attributes: Record<string, unknown>;
  metadata?: Record<string, unknown>;
  description?: string;
}

export interface StackEvent {
  eventId: string;
  logicalResourceId: string;
  physicalResourceId?: string;
  resourceType: string;
  timestamp: number;
  resourceStatus: StackStatus | ResourceStatus;
  resourceStatusReason?: string;
  /** The resource's properties as JSON text (template values resolved). */
  resourceProperties?: string;
  clientRequestToken?: string;
  detailedStatus?: 'CONFIGURATION_COMPLETE' | 'VALIDATION_FAILED';
}

export interface StackOutput {
  key: string;
  value: string;
  description?: string;
  exportName?: string;
}

export interface StackTag {
  Key: string;
  Value: string;
}

export interface Stack {
  stackId: string;
  name: string;
  status: StackStatus;
  statusReason?: string;
  creationTime: number;
  lastUpdatedTime?: number;
  deletionTime?: number;
  template: CheckedTemplate;
  parameters: StackParameter[];
  capabilities: string[];
  tags: StackTag[];
  notificationArns: string[];
  roleArn?: string;
  timeoutInMinutes?: number;
  disableRollback: boolean;
  terminationProtection: boolean;
  outputs: StackOutput[];
  resources: Map<string, StackResource>;
  /** Oldest first; DescribeStackEvents serves them newest first. */
  events: StackEvent[];
  /** The change set whose execution made the stack's current state. */
  changeSetId?: string;
  /** The token of the operation under way or last run (Create/Update/Delete/ExecuteChangeSet). */
  lastToken?: string;
  /** What an update changed, kept until it completes or is rolled back (RollbackStack, ContinueUpdateRollback). */
  journal?: UpdateJournal;
  /** What CreateStack's OnFailure asked for (a restarted stand-in finishes the creation the same way). */
  onFailure?: 'ROLLBACK' | 'DELETE' | 'DO_NOTHING';
  /** RetainResources of the DeleteStack under way. */
  retaining?: string[];
  /**
   * Injected failures already drawn in the current phase, by step (`''` = none), so a restarted
   * stand-in fails (or not) exactly the steps it would have, without using a rule up twice.
   */
  failureDraws?: Record<string, string>;
}

export interface UpdateJournal {
  template: CheckedTemplate;
  parameters: StackParameter[];
  outputs: StackOutput[];
  /** Resources as they were before the update changed them (modified or replaced). */
  before: Map<string, StackResource>;
  /** Logical id → the physical id a replacement created (deleted at cleanup if rolled back). */
  replacedNew: Map<string, string>;
  /** Resources the update added (deleted if it is rolled back). */
  created: Set<string>;
  /** Resources already put back by a rollback (ContinueUpdateRollback resumes after them). */
  restored: Set<string>;
}

/** A change set's own status (computing the changes). */
export type ChangeSetStatus = 'CREATE_PENDING' | 'CREATE_IN_PROGRESS' | 'CREATE_COMPLETE' | 'DELETE_COMPLETE' | 'FAILED';
/** Whether a change set can be executed, is running, or ran. */
export type ChangeSetExecutionStatus = 'UNAVAILABLE' | 'AVAILABLE' | 'EXECUTE_IN_PROGRESS' | 'EXECUTE_COMPLETE' | 'EXECUTE_FAILED' | 'OBSOLETE';

export interface ResourceChangeDetail {
  target: { attribute: 'Properties' | 'Metadata' | 'Tags' | 'DeletionPolicy'; name?: string; requiresRecreation: 'Never' | 'Conditionally' | 'Always' };
  evaluation: 'Static' | 'Dynamic';
  changeSource: 'DirectModification' | 'ResourceReference' | 'ParameterReference' | 'ResourceAttribute';
  causingEntity?: string;
}

export interface ResourceChange {
  action: 'Add' | 'Modify' | 'Remove';
  logicalId: string;
  physicalId?: string;
  resourceType: string;
  replacement?: 'True' | 'False' | 'Conditional';
  scope: ('Properties' | 'Metadata' | 'Tags' | 'DeletionPolicy')[];
  details: ResourceChangeDetail[];
}

export interface ChangeSet {
  id: string;
  name: string;
  stackId: string;
  stackName: string;
  type: 'CREATE' | 'UPDATE';
  status: ChangeSetStatus;
  statusReason?: string;
  executionStatus: ChangeSetExecutionStatus;
  creationTime: number;
  description?: string;
  template: CheckedTemplate;
  parameters: StackParameter[];
  capabilities: string[];
  tags: StackTag[];
  changes: ResourceChange[];
  clientToken?: string;
  /** Nothing would change: the computation ends FAILED ("didn't contain changes"). */
  empty?: boolean;
}
