// CreateStack, UpdateStack, DeleteStack, RollbackStack and ContinueUpdateRollback: each checks
// the request, records the operation's first event, answers, and leaves the rest to the engine.
// A ClientRequestToken seen before for the same stack and action replays the first answer
// instead of starting a second operation (a retry after a lost response creates nothing twice).
import { AwsError } from '../protocol';
import { outputsChanged, planChanges } from './change-plan';
import type { CloudFormationEngine } from './engine';
import { recordStackStatus } from './operation';
import type { RequestParams } from './request';
import { finishDelete, finishRollback, rollbackUpdate, runCreate } from './stack-ops';
import { assertUpdatable, beginUpdate, identityOf, newStack, stackArn, submit } from './submission';
import { sameValue } from './values';
import { toXml } from './xml';

type OnFailure = 'ROLLBACK' | 'DELETE' | 'DO_NOTHING';

function onFailureOf(params: RequestParams): OnFailure {
  const onFailure = params.string('OnFailure');
  const disable = params.bool('DisableRollback');
  if (onFailure !== undefined && disable !== undefined) throw new AwsError('ValidationError', 'You cannot specify both DisableRollback and OnFailure.');
  if (onFailure !== undefined && !['ROLLBACK', 'DELETE', 'DO_NOTHING'].includes(onFailure)) {
    throw new AwsError('ValidationError', `1 validation error detected: Value '${onFailure}' at 'onFailure' failed to satisfy constraint: Member must satisfy enum value set: [DO_NOTHING, ROLLBACK, DELETE]`);
  }
  return disable ? 'DO_NOTHING' : ((onFailure as OnFailure | undefined) ?? 'ROLLBACK');
}

export function createStack(engine: CloudFormationEngine, params: RequestParams): string {
  const name = params.newStackName();
  const token = params.token();
  const key = token && `CreateStack|${name}|${token}`;
  const earlier = engine.store.recalled(key);
  const prior = earlier === undefined ? undefined : engine.store.find(earlier);
  if (prior && prior.status !== 'DELETE_COMPLETE') return toXml({ StackId: prior.stackId });
  if (engine.store.live(name)) throw new AwsError('AlreadyExistsException', `Stack [${name}] already exists`);
  const onFailure = onFailureOf(params);
  const stackId = stackArn(engine, name);
  const notificationArns = params.list('NotificationARNs');
  const capabilities = params.list('Capabilities');
  const submission = submit(engine, { stackId, name, region: engine.env.region, accountId: engine.env.accountId, notificationArns }, {
    body: params.templateBody(),
    parameters: params.parameters(),
    capabilities,
  });
  const timeout = params.string('TimeoutInMinutes');
  const stack = newStack(engine, {
    stackId,
    name,
    status: 'CREATE_IN_PROGRESS',
    submission,
    capabilities,
    tags: params.tags(),
    notificationArns,
    disableRollback: onFailure === 'DO_NOTHING',
    terminationProtection: params.bool('EnableTerminationProtection') ?? false,
    timeoutInMinutes: timeout === undefined ? undefined : Number(timeout),
    roleArn: params.string('RoleARN'),
  });
  stack.onFailure = onFailure;
  engine.store.add(stack);
  engine.store.remember(key, stackId);
  const op = engine.begin(stack, token);
  recordStackStatus(op, 'CREATE_IN_PROGRESS', 'User Initiated');
  engine.run(op, (o) => runCreate(o, onFailure));
  return toXml({ StackId: stackId });
}

export function updateStack(engine: CloudFormationEngine, params: RequestParams): string {
  const stack = engine.store.require(params.stackRef());
  const token = params.token();
  const key = token && `UpdateStack|${stack.stackId}|${token}`;
  if (engine.store.recalled(key)) return toXml({ StackId: stack.stackId });
  assertUpdatable(stack);
  const capabilities = params.list('Capabilities');
  const submission = submit(engine, identityOf(engine, stack), {
    body: params.templateBody({ allowPrevious: true }),
    previous: stack,
    parameters: params.parameters(),
    capabilities,
  });
  const tags = params.has('Tags') ? params.tags() : stack.tags;
  const changes = planChanges({ identity: identityOf(engine, stack), stack, ...submission, importValue: (n) => engine.store.exportValue(n) });
  if (!changes.length && !outputsChanged(stack, submission) && sameValue(tags, stack.tags)) {
    throw new AwsError('ValidationError', 'No updates are to be performed.');
  }
  const disable = params.bool('DisableRollback');
  if (disable !== undefined) stack.disableRollback = disable;
  engine.store.remember(key, stack.stackId);
  // Change sets computed against the stack as it was no longer describe what executing them would do.
  for (const cs of engine.store.changeSetsOf(stack.stackId)) if (cs.executionStatus === 'AVAILABLE') cs.executionStatus = 'OBSOLETE';
  beginUpdate(engine, stack, submission, token, { capabilities, tags });
  return toXml({ StackId: stack.stackId });
}

export function deleteStack(engine: CloudFormationEngine, params: RequestParams): string {
  const stack = engine.store.find(params.stackRef());
  // Deleting a stack that does not exist (or is already gone) succeeds, as it does on AWS.
  if (!stack || stack.status === 'DELETE_COMPLETE') return '';
  const token = params.token();
  const key = token && `DeleteStack|${stack.stackId}|${token}`;
  if (engine.store.recalled(key) || stack.status === 'DELETE_IN_PROGRESS') return '';
  if (stack.terminationProtection) {
    throw new AwsError('ValidationError', `Stack [${stack.name}] cannot be deleted while TerminationProtection is enabled`);
  }
  if (stack.status.endsWith('_IN_PROGRESS') && stack.status !== 'REVIEW_IN_PROGRESS') {
    throw new AwsError('ValidationError', `Stack [${stack.stackId}] cannot be deleted while in status ${stack.status}`);
  }
  const retain = params.list('RetainResources');
  if (retain.length && stack.status !== 'DELETE_FAILED') {
    throw new AwsError('ValidationError', `Invalid operation on stack [${stack.stackId}]. RetainResources can only be specified when a stack is in the DELETE_FAILED state`);
  }
  engine.store.remember(key, stack.stackId);
  for (const cs of engine.store.changeSetsOf(stack.stackId)) cs.status = 'DELETE_COMPLETE';
  stack.retaining = retain;
  const op = engine.begin(stack, token);
  recordStackStatus(op, 'DELETE_IN_PROGRESS', 'User Initiated');
  engine.run(op, (o) => finishDelete(o, retain));
  return '';
}

export function rollbackStack(engine: CloudFormationEngine, params: RequestParams): string {
  const stack = engine.store.require(params.stackRef());
  const token = params.token();
  const key = token && `RollbackStack|${stack.stackId}|${token}`;
  if (engine.store.recalled(key)) return toXml({ StackId: stack.stackId });
  if (stack.status !== 'CREATE_FAILED' && stack.status !== 'UPDATE_FAILED') {
    throw new AwsError('ValidationError', `Stack ${stack.stackId} is in ${stack.status} state and can not be rolled back. RollbackStack is only supported for CREATE_FAILED and UPDATE_FAILED.`);
  }
  engine.store.remember(key, stack.stackId);
  const op = engine.begin(stack, token);
  if (stack.status === 'CREATE_FAILED') {
    recordStackStatus(op, 'ROLLBACK_IN_PROGRESS', 'User Initiated');
    engine.run(op, finishRollback);
  } else {
    recordStackStatus(op, 'UPDATE_ROLLBACK_IN_PROGRESS', 'User Initiated');
    engine.run(op, rollbackUpdate);
  }
  return toXml({ StackId: stack.stackId });
}

export function continueUpdateRollback(engine: CloudFormationEngine, params: RequestParams): string {
  const stack = engine.store.require(params.stackRef());
  const token = params.token();
  const key = token && `ContinueUpdateRollback|${stack.stackId}|${token}`;
  if (engine.store.recalled(key)) return '';
  if (stack.status !== 'UPDATE_ROLLBACK_FAILED' || !stack.journal) {
    throw new AwsError('ValidationError', `Stack ${stack.stackId} is in ${stack.status} state and can not be continue-update-rollbacked. ContinueUpdateRollback is only supported for UPDATE_ROLLBACK_FAILED.`);
  }
  const skip = params.list('ResourcesToSkip');
  const unknown = skip.filter((id) => !stack.journal?.before.has(id) || stack.journal.restored.has(id));
  if (unknown.length) throw new AwsError('ValidationError', `Resources [${unknown.join(', ')}] cannot be skipped: they are not in the UPDATE_FAILED state`);
  engine.store.remember(key, stack.stackId);
  const journal = stack.journal;
  const op = engine.begin(stack, token);
  recordStackStatus(op, 'UPDATE_ROLLBACK_IN_PROGRESS', 'Continue update rollback');
  for (const id of skip) {
    journal.restored.add(id);
    const resource = stack.resources.get(id);
    if (resource) Object.assign(resource, { status: 'UPDATE_COMPLETE', statusReason: 'Resource skipped during UPDATE_ROLLBACK' });
  }
  engine.run(op, rollbackUpdate);
  return '';
}
