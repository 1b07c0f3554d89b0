// The life of one resource in an operation, event by event, as CloudFormation reports it:
// create (IN_PROGRESS, "Resource creation Initiated", COMPLETE), update in place, replacement
// ("Requested update requires the creation of a new physical resource; hence creating one."),
// and deletion. Each step takes its simulated time, checks the properties against the schema,
// and fails when a failure was asked for (see failures.ts). Resolves true when it succeeded.
import { findUnknown, resolveValue, type ResolveScope } from './intrinsics';
import type { ResourceStatus, StackResource } from './model';
import { resourceEvent, type Operation } from './operation';
import { propertiesValidationMessage, propertyProblems } from './property-validation';
import { provisionResource, provisioningSeconds, type KindContext } from './resource-kinds';
import type { FailurePhase } from './failures';
import type { ResourceDeclaration } from './template-types';
import { instanceLaunched, instanceState, instanceUpdated } from './world-sync';

const CANCELLED = 'Resource creation cancelled';
export const REPLACING = 'Requested update requires the creation of a new physical resource; hence creating one.';

/** The declaration's properties with intrinsics resolved; throws a template error's message. */
export function resolveProperties(decl: ResourceDeclaration, scope: ResolveScope): Record<string, unknown> {
  const props = resolveValue(decl.properties, scope) as Record<string, unknown>;
  const unknown = findUnknown(props);
  if (unknown) throw new Error(`Template error: unable to resolve ${unknown.causes.join(', ')} for resource ${decl.logicalId}`);
  return props;
}

function kindContext(op: Operation, logicalId: string, properties: Record<string, unknown>): KindContext {
  const subnet = (id: string) => [...op.stack.resources.values()].find((r) => r.type === 'AWS::EC2::Subnet' && r.physicalId === id);
  return {
    logicalId,
    stackName: op.stack.name,
    region: op.env.region,
    accountId: op.env.accountId,
    properties,
    subnetCidr: (id) => subnet(id)?.properties.CidrBlock as string | undefined,
    subnetVpc: (id) => subnet(id)?.properties.VpcId as string | undefined,
  };
}

function takeFailure(op: Operation, resource: StackResource, phase: FailurePhase): string | undefined {
  return op.env.failures.take({ stackName: op.stack.name, logicalId: resource.logicalId, type: resource.type, metadata: resource.metadata }, phase);
}

/** Validation and injected failures shared by create, update and replace. */
async function provisioningProblem(op: Operation, resource: StackResource, phase: FailurePhase): Promise<{ reason: string; validation: boolean } | undefined> {
  const problems = propertyProblems(resource.type, resource.properties);
  if (problems.length) return { reason: propertiesValidationMessage(resource.logicalId, problems), validation: true };
  const injected = takeFailure(op, resource, phase);
  if (injected) {
    // A handler takes a while before it gives up.
    await op.env.timeline.wait(provisioningSeconds(resource.type, phase) / 2, op.abort.signal);
    return { reason: injected, validation: false };
  }
  return undefined;
}

async function fail(op: Operation, resource: StackResource, status: ResourceStatus, reason: string, validation = false): Promise<false> {
  await resourceEvent(op, resource, status, { reason, detailedStatus: validation ? 'VALIDATION_FAILED' : undefined });
  return false;
}

export async function createResource(op: Operation, decl: ResourceDeclaration, scope: ResolveScope): Promise<boolean> {
  const resource: StackResource = {
    logicalId: decl.logicalId,
    type: decl.type,
    status: 'CREATE_IN_PROGRESS',
    updatedAt: op.env.world.now(),
    properties: {},
    attributes: {},
    metadata: decl.metadata,
  };
  op.stack.resources.set(decl.logicalId, resource);
  try {
    resource.properties = resolveProperties(decl, scope);
  } catch (error) {
    await resourceEvent(op, resource, 'CREATE_IN_PROGRESS');
    return fail(op, resource, 'CREATE_FAILED', (error as Error).message);
  }
  await resourceEvent(op, resource, 'CREATE_IN_PROGRESS', { properties: resource.properties });
  return provisionNew(op, resource, 'CREATE');
}

/** Gives the resource a new physical identity and waits for it (create, or the new half of a replacement). */
async function provisionNew(op: Operation, resource: StackResource, verb: 'CREATE' | 'UPDATE'): Promise<boolean> {
  const failed = verb === 'CREATE' ? 'CREATE_FAILED' : 'UPDATE_FAILED';
  const problem = await provisioningProblem(op, resource, verb === 'CREATE' ? 'create' : 'update');
  if (problem) return fail(op, resource, failed, problem.reason, problem.validation);
  if (op.abort.signal.aborted) return fail(op, resource, failed, CANCELLED);
  const provisioned = provisionResource(resource.type, kindContext(op, resource.logicalId, resource.properties));
  resource.physicalId = provisioned.physicalId;
  resource.attributes = provisioned.attributes;
  await resourceEvent(op, resource, `${verb}_IN_PROGRESS`, { reason: 'Resource creation Initiated', properties: resource.properties });
  instanceLaunched(op, resource);
  await op.env.timeline.wait(provisioningSeconds(resource.type, 'create'), op.abort.signal);
  if (op.abort.signal.aborted) return fail(op, resource, failed, CANCELLED);
  await resourceEvent(op, resource, `${verb}_COMPLETE`);
  instanceState(op, resource, 'running');
  return true;
}

/** An update whose new properties cannot be resolved fails before anything changes. */
export async function unresolvable(op: Operation, resource: StackResource, reason: string): Promise<false> {
  await resourceEvent(op, resource, 'UPDATE_IN_PROGRESS');
  return fail(op, resource, 'UPDATE_FAILED', reason);
}

/** An update in place: same physical id, new properties. */
export async function modifyResource(op: Operation, resource: StackResource, properties: Record<string, unknown>, metadata: Record<string, unknown> | undefined): Promise<boolean> {
  const typeChanged = resource.type === 'AWS::EC2::Instance' && resource.properties.InstanceType !== properties.InstanceType;
  resource.properties = properties;
  resource.metadata = metadata;
  await resourceEvent(op, resource, 'UPDATE_IN_PROGRESS', { properties });
  const problem = await provisioningProblem(op, resource, 'update');
  if (problem) return fail(op, resource, 'UPDATE_FAILED', problem.reason, problem.validation);
  // Changing an instance's type stops and starts it (an update with interruption).
  if (typeChanged) instanceState(op, resource, 'stopped');
  await op.env.timeline.wait(provisioningSeconds(resource.type, 'update'), op.abort.signal);
  if (typeChanged) instanceState(op, resource, 'running');
  if (op.abort.signal.aborted) return fail(op, resource, 'UPDATE_FAILED', 'Resource update cancelled');
  instanceUpdated(op, resource);
  await resourceEvent(op, resource, 'UPDATE_COMPLETE');
  return true;
}

/** A replacement: a new physical resource under the same logical id (the old one goes at cleanup). */
export async function replaceResource(op: Operation, resource: StackResource, properties: Record<string, unknown>, metadata: Record<string, unknown> | undefined): Promise<boolean> {
  resource.properties = properties;
  resource.metadata = metadata;
  await resourceEvent(op, resource, 'UPDATE_IN_PROGRESS', { reason: REPLACING, properties });
  return provisionNew(op, resource, 'UPDATE');
}

/** Puts a resource back as it was (rollback of an update): old properties, old physical id. */
export async function restoreResource(op: Operation, resource: StackResource, before: StackResource): Promise<boolean> {
  await resourceEvent(op, resource, 'UPDATE_IN_PROGRESS', { properties: before.properties });
  const injected = takeFailure(op, resource, 'update');
  if (injected) return fail(op, resource, 'UPDATE_FAILED', injected);
  await op.env.timeline.wait(provisioningSeconds(resource.type, 'update') / 2);
  Object.assign(resource, { ...before, status: resource.status, statusReason: resource.statusReason, updatedAt: resource.updatedAt });
  instanceUpdated(op, resource);
  await resourceEvent(op, resource, 'UPDATE_COMPLETE');
  return true;
}

/**
 * Deletes a resource (or, with `physicalId`, an old physical resource left by a replacement).
 * Resources with DeletionPolicy Retain are skipped, as CloudFormation does.
 */
export async function deleteResource(op: Operation, resource: StackResource, options: { retain?: boolean; physicalId?: string } = {}): Promise<boolean> {
  const target = options.physicalId ? { ...resource, physicalId: options.physicalId } : resource;
  if (options.retain) {
    await resourceEvent(op, target, 'DELETE_SKIPPED');
    return true;
  }
  if (!target.physicalId) {
    // Never created (it failed or was cancelled first): nothing to wait for.
    await resourceEvent(op, target, 'DELETE_COMPLETE');
    return true;
  }
  await resourceEvent(op, target, 'DELETE_IN_PROGRESS');
  instanceState(op, target, 'shutting-down');
  const injected = takeFailure(op, target, 'delete');
  await op.env.timeline.wait(provisioningSeconds(target.type, 'delete') / (injected ? 2 : 1));
  if (injected) {
    instanceState(op, target, 'running');
    return fail(op, target, 'DELETE_FAILED', injected);
  }
  await resourceEvent(op, target, 'DELETE_COMPLETE');
  instanceState(op, target, 'terminated');
  return true;
}
