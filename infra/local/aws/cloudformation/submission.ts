// What CreateStack, UpdateStack and CreateChangeSet check before they accept a template: its
// format, parameter values, capabilities, and that every intrinsic function in it can be
// resolved (references to resources not created yet stand in as unknown values).
import { randomUUID } from 'node:crypto';
import { AwsError } from '../protocol';
import { checkCapabilities } from './capabilities';
import type { CloudFormationEngine } from './engine';
import { resolveValue } from './intrinsics';
import type { Stack, StackStatus, StackTag } from './model';
import { recordStackStatus } from './operation';
import { resolveParameters, type ParameterInput, type StackParameter } from './parameters';
import { templateScope, type StackIdentity } from './scope';
import { runUpdate } from './stack-ops';
import { checkTemplate } from './template-check';
import type { CheckedTemplate } from './template-types';

export interface Submission {
  template: CheckedTemplate;
  parameters: StackParameter[];
}

export function stackArn(engine: CloudFormationEngine, name: string): string {
  return `arn:aws:cloudformation:${engine.env.region}:${engine.env.accountId}:stack/${name}/${randomUUID()}`;
}

export function identityOf(engine: CloudFormationEngine, stack: { stackId: string; name: string; notificationArns?: string[] }): StackIdentity {
  return { stackId: stack.stackId, name: stack.name, region: engine.env.region, accountId: engine.env.accountId, notificationArns: stack.notificationArns };
}

/**
 * Checks a template and its parameters for a stack (existing or about to be).
 * @param body the new body, or undefined to reuse the stack's current template (UsePreviousTemplate)
 */
export function submit(
  engine: CloudFormationEngine,
  identity: StackIdentity,
  input: { body?: string; previous?: Stack; parameters: ParameterInput[]; capabilities: string[] },
): Submission {
  const template = input.body !== undefined ? checkTemplate(input.body) : input.previous?.template;
  if (!template) throw new AwsError('ValidationError', 'Either Template URL or Template Body must be specified.');
  const parameters = resolveParameters(template.parameters, input.parameters, input.previous?.parameters);
  checkCapabilities(template, input.capabilities);
  const { scope, included } = templateScope(identity, template, parameters, {
    resource: () => undefined,
    importValue: (name) => engine.store.exportValue(name),
  });
  for (const resource of included.values()) resolveValue(resource.properties, scope);
  for (const output of template.outputs.values()) {
    if (output.condition === undefined || scope.conditions.get(output.condition)) resolveValue(output.value, scope);
  }
  return { template, parameters };
}

/** A new stack record (not yet stored). */
export function newStack(
  engine: CloudFormationEngine,
  fields: { stackId: string; name: string; status: StackStatus; submission: Submission; capabilities: string[]; tags: StackTag[]; notificationArns: string[]; disableRollback: boolean; terminationProtection: boolean; timeoutInMinutes?: number; roleArn?: string },
): Stack {
  return {
    stackId: fields.stackId,
    name: fields.name,
    status: fields.status,
    creationTime: engine.env.world.now(),
    template: fields.submission.template,
    parameters: fields.submission.parameters,
    capabilities: fields.capabilities,
    tags: fields.tags,
    notificationArns: fields.notificationArns,
    roleArn: fields.roleArn,
    timeoutInMinutes: fields.timeoutInMinutes,
    disableRollback: fields.disableRollback,
    terminationProtection: fields.terminationProtection,
    outputs: [],
    resources: new Map(),
    events: [],
  };
}

/** Stack statuses an update (UpdateStack, an UPDATE change set) may start from. */
const UPDATABLE: ReadonlySet<StackStatus> = new Set(['CREATE_COMPLETE', 'UPDATE_COMPLETE', 'UPDATE_FAILED', 'UPDATE_ROLLBACK_COMPLETE']);

export function assertUpdatable(stack: Stack): void {
  if (!UPDATABLE.has(stack.status)) throw new AwsError('ValidationError', `Stack:${stack.stackId} is in ${stack.status} state and can not be updated.`);
}

/** Starts an update from a checked submission (UpdateStack or ExecuteChangeSet). */
export function beginUpdate(
  engine: CloudFormationEngine,
  stack: Stack,
  submission: Submission,
  token: string | undefined,
  changes: { capabilities: string[]; tags: StackTag[] },
  onSettled?: (stack: Stack) => void,
): void {
  stack.journal = {
    template: stack.template,
    parameters: stack.parameters,
    outputs: stack.outputs,
    before: new Map(),
    replacedNew: new Map(),
    created: new Set(),
    restored: new Set(),
  };
  stack.template = submission.template;
  stack.parameters = submission.parameters;
  stack.capabilities = changes.capabilities;
  stack.tags = changes.tags;
  stack.lastUpdatedTime = engine.env.world.now();
  const op = engine.begin(stack, token);
  recordStackStatus(op, 'UPDATE_IN_PROGRESS', 'User Initiated');
  engine.run(op, runUpdate, onSettled);
}
