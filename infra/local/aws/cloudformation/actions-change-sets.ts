// Change sets: CreateChangeSet (a CREATE change set makes a REVIEW_IN_PROGRESS stack), the
// change set computing for a few simulated seconds (CREATE_PENDING → CREATE_IN_PROGRESS →
// CREATE_COMPLETE, or FAILED with "didn't contain changes"), DescribeChangeSet, ListChangeSets,
// ExecuteChangeSet (runs the create or update; other change sets of the stack are deleted) and
// DeleteChangeSet.
import { randomUUID } from 'node:crypto';
import { AwsError } from '../protocol';
import { outputsChanged, planChanges } from './change-plan';
import type { CloudFormationEngine } from './engine';
import type { ChangeSet, Stack } from './model';
import { recordStackStatus } from './operation';
import type { RequestParams } from './request';
import { runCreate } from './stack-ops';
import { changeSetNotFound } from './store';
import { assertUpdatable, beginUpdate, identityOf, newStack, stackArn, submit } from './submission';
import { Closed } from './timeline';
import { sameValue } from './values';
import { changeSetSummaryXml, changeSetXml, toXml } from './xml';

const NO_CHANGES = "The submitted information didn't contain changes. Submit different information to create a change set.";

function changeSetName(params: RequestParams): string {
  const name = params.string('ChangeSetName');
  if (name === undefined) throw new AwsError('ValidationError', "1 validation error detected: Value null at 'changeSetName' failed to satisfy constraint: Member must not be null");
  if (!/^[a-zA-Z][-a-zA-Z0-9]*$/.test(name) || name.length > 128) {
    throw new AwsError('ValidationError', `1 validation error detected: Value '${name}' at 'changeSetName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z][-a-zA-Z0-9]*`);
  }
  return name;
}

/** The stack a change set applies to: an existing one (UPDATE) or a new REVIEW_IN_PROGRESS one (CREATE). */
function targetStack(engine: CloudFormationEngine, params: RequestParams, type: 'CREATE' | 'UPDATE', name: string): { stack: Stack; fresh: boolean } {
  const ref = params.stackRef();
  const existing = engine.store.find(ref);
  if (type === 'UPDATE') {
    if (!existing) throw new AwsError('ValidationError', `Stack [${ref}] does not exist`);
    assertUpdatable(existing);
    return { stack: existing, fresh: false };
  }
  if (existing && existing.status !== 'REVIEW_IN_PROGRESS') {
    throw new AwsError('ValidationError', `Stack [${existing.name}] already exists and cannot be created again with the changeSet [${name}].`);
  }
  if (existing) return { stack: existing, fresh: false };
  const stackName = params.newStackName();
  const placeholder = { template: { body: '', parameters: new Map(), mappings: {}, conditions: {}, resources: new Map(), outputs: new Map(), transforms: [] }, parameters: [] };
  const stack = newStack(engine, {
    stackId: stackArn(engine, stackName),
    name: stackName,
    status: 'REVIEW_IN_PROGRESS',
    submission: placeholder,
    capabilities: [],
    tags: [],
    notificationArns: params.list('NotificationARNs'),
    disableRollback: false,
    terminationProtection: false,
  });
  return { stack, fresh: true };
}

export function createChangeSet(engine: CloudFormationEngine, params: RequestParams): string {
  const name = changeSetName(params);
  const type = params.string('ChangeSetType') ?? 'UPDATE';
  if (type !== 'CREATE' && type !== 'UPDATE') {
    throw new AwsError('ValidationError', `1 validation error detected: Value '${type}' at 'changeSetType' failed to satisfy constraint: Member must satisfy enum value set: [IMPORT, UPDATE, CREATE]`);
  }
  const token = params.token('ClientToken');
  const key = token && `CreateChangeSet|${params.stackRef()}|${name}|${token}`;
  const earlier = engine.store.changeSets.get(engine.store.recalled(key) ?? '');
  if (earlier) return toXml({ Id: earlier.id, StackId: earlier.stackId });
  const { stack, fresh } = targetStack(engine, params, type, name);
  if (engine.store.changeSetsOf(stack.stackId).some((cs) => cs.name === name)) throw new AwsError('AlreadyExistsException', `ChangeSet [${name}] already exists`);
  const capabilities = params.list('Capabilities');
  const submission = submit(engine, identityOf(engine, stack), {
    body: params.templateBody({ allowPrevious: type === 'UPDATE' }),
    previous: fresh ? undefined : stack,
    parameters: params.parameters(),
    capabilities,
  });
  const tags = params.has('Tags') ? params.tags() : stack.tags;
  const existing = stack.status === 'REVIEW_IN_PROGRESS' ? undefined : stack;
  const changes = planChanges({ identity: identityOf(engine, stack), stack: existing, ...submission, importValue: (n) => engine.store.exportValue(n) });
  const empty = !changes.length && existing !== undefined && !outputsChanged(existing, submission) && sameValue(tags, existing.tags);
  const changeSet: ChangeSet = {
    id: `arn:aws:cloudformation:${engine.env.region}:${engine.env.accountId}:changeSet/${name}/${randomUUID()}`,
    name,
    stackId: stack.stackId,
    stackName: stack.name,
    type,
    status: 'CREATE_PENDING',
    executionStatus: 'UNAVAILABLE',
    creationTime: engine.env.world.now(),
    description: params.string('Description'),
    template: submission.template,
    parameters: submission.parameters,
    capabilities,
    tags,
    changes,
    clientToken: token,
    empty,
  };
  if (fresh) {
    stack.template = submission.template;
    stack.parameters = submission.parameters;
    engine.store.add(stack);
    recordStackStatus(engine.begin(stack), 'REVIEW_IN_PROGRESS', 'User Initiated');
  }
  engine.store.addChangeSet(changeSet);
  engine.store.remember(key, changeSet.id);
  void computeChangeSet(engine, changeSet);
  return toXml({ Id: changeSet.id, StackId: stack.stackId });
}

/**
 * The few seconds CloudFormation takes to compute a change set, counted from its creation (a
 * restarted stand-in finishes the computation as if it had kept running).
 */
export async function computeChangeSet(engine: CloudFormationEngine, changeSet: ChangeSet): Promise<void> {
  const { timeline, world } = engine.env;
  const elapsed = () => world.now() - changeSet.creationTime;
  try {
    if (changeSet.status === 'CREATE_PENDING') {
      await timeline.waitRest(1, elapsed());
      if (changeSet.status !== 'CREATE_PENDING') return;
      changeSet.status = 'CREATE_IN_PROGRESS';
      engine.env.changed();
    }
    await timeline.waitRest(4, elapsed());
    if (changeSet.status !== 'CREATE_IN_PROGRESS') return;
    if (changeSet.empty) {
      changeSet.status = 'FAILED';
      changeSet.statusReason = NO_CHANGES;
    } else {
      changeSet.status = 'CREATE_COMPLETE';
      changeSet.executionStatus = 'AVAILABLE';
    }
    engine.env.changed();
  } catch (error) {
    if (!(error instanceof Closed)) throw error;
  }
}

export function describeChangeSet(engine: CloudFormationEngine, params: RequestParams): string {
  const cs = engine.store.requireChangeSet(changeSetRef(params), params.string('StackName'));
  // Changes are only shown once computed.
  return toXml(changeSetXml(cs, cs.status === 'CREATE_COMPLETE' ? cs.changes : []));
}

/** ChangeSetName may be an ARN, which the name pattern does not allow. */
function changeSetRef(params: RequestParams): string {
  const value = params.string('ChangeSetName');
  return value?.startsWith('arn:') ? value : changeSetName(params);
}

export function listChangeSets(engine: CloudFormationEngine, params: RequestParams): string {
  const stack = engine.store.require(params.stackRef());
  return toXml({ Summaries: engine.store.changeSetsOf(stack.stackId).map(changeSetSummaryXml) });
}

export function deleteChangeSet(engine: CloudFormationEngine, params: RequestParams): string {
  const cs = engine.store.requireChangeSet(changeSetRef(params), params.string('StackName'));
  if (cs.executionStatus === 'EXECUTE_IN_PROGRESS') {
    throw new AwsError('InvalidChangeSetStatus', `Cannot delete ChangeSet ${cs.id} in status EXECUTE_IN_PROGRESS`);
  }
  cs.status = 'DELETE_COMPLETE';
  return '';
}

/** What an execution's end makes of its change set. */
export function executionSettled(cs: ChangeSet): (stack: Stack) => void {
  return (stack) => {
    cs.executionStatus = stack.status === 'CREATE_COMPLETE' || stack.status === 'UPDATE_COMPLETE' ? 'EXECUTE_COMPLETE' : 'EXECUTE_FAILED';
  };
}

export function executeChangeSet(engine: CloudFormationEngine, params: RequestParams): string {
  const cs = engine.store.requireChangeSet(changeSetRef(params), params.string('StackName'));
  const token = params.token();
  const key = token && `ExecuteChangeSet|${cs.id}|${token}`;
  if (engine.store.recalled(key)) return '';
  if (cs.status !== 'CREATE_COMPLETE' || cs.executionStatus !== 'AVAILABLE') {
    throw new AwsError('InvalidChangeSetStatus', `ChangeSet [${cs.id}] cannot be executed in its current status of [${cs.status}]`);
  }
  const stack = engine.store.find(cs.stackId);
  if (!stack) throw changeSetNotFound(cs.name);
  if (cs.type === 'UPDATE') assertUpdatable(stack);
  engine.store.remember(key, cs.id);
  const disable = params.bool('DisableRollback');
  if (disable !== undefined) stack.disableRollback = disable;
  cs.executionStatus = 'EXECUTE_IN_PROGRESS';
  stack.changeSetId = cs.id;
  // Executing one change set makes the others on the stack invalid: CloudFormation deletes them.
  for (const other of engine.store.changeSetsOf(stack.stackId)) if (other !== cs) other.status = 'DELETE_COMPLETE';
  const settled = executionSettled(cs);
  if (cs.type === 'UPDATE') {
    beginUpdate(engine, stack, cs, token, { capabilities: cs.capabilities, tags: cs.tags }, settled);
    return '';
  }
  Object.assign(stack, { template: cs.template, parameters: cs.parameters, capabilities: cs.capabilities, tags: cs.tags });
  const op = engine.begin(stack, token);
  recordStackStatus(op, 'CREATE_IN_PROGRESS', 'User Initiated');
  engine.run(op, (o) => runCreate(o, stack.disableRollback ? 'DO_NOTHING' : 'ROLLBACK'), settled);
  return '';
}
