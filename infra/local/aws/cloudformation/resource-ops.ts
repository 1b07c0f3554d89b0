// The life of one resource in an operation, event by event, as CloudFormation reports it:
// create (IN_PROGRESS, "Resource creation Initiated", COMPLETE), update in place, replacement
// ("Requested update requires the creation of a new physical resource; hence creating one."),
// and deletion. Each step takes its simulated time, checks the properties against the schema,
// and fails when a failure was asked for (see failures.ts). Resolves true when it succeeded.
//
// Every step also resumes: a stand-in restarted mid-operation finds the resource's last event of
// the phase (`lastStep`), skips what that event says was done (no event, physical resource or
// instance twice) and waits only what is left of the step's time on the world's clock.
import { findUnknown, resolveValue, type ResolveScope } from './intrinsics';
import type { ResourceStatus, StackEvent, StackResource } from './model';
import { lastStep, resourceEvent, waitSince, type Operation } from './operation';
import { propertiesValidationMessage, propertyProblems } from './property-validation';
import { provisionResource, provisioningSeconds, type KindContext } from './resource-kinds';
import type { FailurePhase } from './failures';
import type { ResourceDeclaration } from './template-types';
import { instanceLaunched, instanceState, instanceUpdated } from './world-sync';

const CANCELLED = 'Resource creation cancelled';
export const INITIATED = 'Resource creation Initiated';
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

/** The injected failure for this step, drawn once per phase (a resumed step gets the same answer). */
function takeFailure(op: Operation, resource: StackResource, phase: FailurePhase): string | undefined {
  const key = phase === 'delete' ? `delete:${resource.logicalId}:${resource.physicalId ?? ''}` : `${phase}:${resource.logicalId}`;
  const draws = (op.stack.failureDraws ??= {});
  draws[key] ??= op.env.failures.take({ stackName: op.stack.name, logicalId: resource.logicalId, type: resource.type, metadata: resource.metadata }, phase) ?? '';
  return draws[key] || undefined;
}

/** Validation and injected failures shared by create, update and replace (`since`: when the step began). */
async function provisioningProblem(op: Operation, resource: StackResource, phase: FailurePhase, since: number): Promise<{ reason: string; validation: boolean } | undefined> {
  const problems = propertyProblems(resource.type, resource.properties);
  if (problems.length) return { reason: propertiesValidationMessage(resource.logicalId, problems), validation: true };
  const injected = takeFailure(op, resource, phase);
  if (injected) {
    // A handler takes a while before it gives up.
    await waitSince(op, provisioningSeconds(resource.type, phase) / 2, since, op.abort.signal);
    return { reason: injected, validation: false };
  }
  return undefined;
}

async function fail(op: Operation, resource: StackResource, status: ResourceStatus, reason: string, validation = false): Promise<false> {
  await resourceEvent(op, resource, status, { reason, detailedStatus: validation ? 'VALIDATION_FAILED' : undefined });
  return false;
}

export async function createResource(op: Operation, decl: ResourceDeclaration, scope: ResolveScope): Promise<boolean> {
  const last = lastStep(op, decl.logicalId);
  if (last?.resourceStatus === 'CREATE_COMPLETE') return true;
  if (last?.resourceStatus === 'CREATE_FAILED') return false;
  const resource: StackResource = (last && op.stack.resources.get(decl.logicalId)) ?? {
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
    if (!last) await resourceEvent(op, resource, 'CREATE_IN_PROGRESS');
    return fail(op, resource, 'CREATE_FAILED', (error as Error).message);
  }
  if (last?.resourceStatusReason === INITIATED) return awaitProvisioned(op, resource, 'CREATE', last.timestamp);
  const since = last?.timestamp ?? (await resourceEvent(op, resource, 'CREATE_IN_PROGRESS', { properties: resource.properties })).timestamp;
  return provisionNew(op, resource, 'CREATE', since);
}

/** Gives the resource a new physical identity and waits for it (create, or the new half of a replacement). */
async function provisionNew(op: Operation, resource: StackResource, verb: 'CREATE' | 'UPDATE', since: number): Promise<boolean> {
  const failed = verb === 'CREATE' ? 'CREATE_FAILED' : 'UPDATE_FAILED';
  const problem = await provisioningProblem(op, resource, verb === 'CREATE' ? 'create' : 'update', since);
  if (problem) return fail(op, resource, failed, problem.reason, problem.validation);
  if (op.abort.signal.aborted) return fail(op, resource, failed, CANCELLED);
  const provisioned = provisionResource(resource.type, kindContext(op, resource.logicalId, resource.properties));
  resource.physicalId = provisioned.physicalId;
  resource.attributes = provisioned.attributes;
  const initiated = await resourceEvent(op, resource, `${verb}_IN_PROGRESS`, { reason: INITIATED, properties: resource.properties });
  instanceLaunched(op, resource);
  return awaitProvisioned(op, resource, verb, initiated.timestamp);
}

/** The wait between "Resource creation Initiated" (at `since`) and COMPLETE. */
async function awaitProvisioned(op: Operation, resource: StackResource, verb: 'CREATE' | 'UPDATE', since: number): Promise<boolean> {
  await waitSince(op, provisioningSeconds(resource.type, 'create'), since, op.abort.signal);
  if (op.abort.signal.aborted) return fail(op, resource, verb === 'CREATE' ? 'CREATE_FAILED' : 'UPDATE_FAILED', CANCELLED);
  await resourceEvent(op, resource, `${verb}_COMPLETE`);
  instanceState(op, resource, 'running');
  return true;
}

/** An update whose new properties cannot be resolved fails before anything changes (`started`: its IN_PROGRESS event is written). */
export async function unresolvable(op: Operation, resource: StackResource, reason: string, started = false): Promise<false> {
  if (!started) await resourceEvent(op, resource, 'UPDATE_IN_PROGRESS');
  return fail(op, resource, 'UPDATE_FAILED', reason);
}

/**
 * An update in place: same physical id, new properties. `before` is the resource as it was;
 * `since` the time of the step's IN_PROGRESS event when resuming.
 */
export async function modifyResource(
  op: Operation,
  resource: StackResource,
  before: StackResource,
  change: { properties: Record<string, unknown>; metadata: Record<string, unknown> | undefined },
  since?: number,
): Promise<boolean> {
  const { properties } = change;
  const typeChanged = resource.type === 'AWS::EC2::Instance' && before.properties.InstanceType !== properties.InstanceType;
  resource.properties = properties;
  resource.metadata = change.metadata;
  const started = since ?? (await resourceEvent(op, resource, 'UPDATE_IN_PROGRESS', { properties })).timestamp;
  const problem = await provisioningProblem(op, resource, 'update', started);
  if (problem) return fail(op, resource, 'UPDATE_FAILED', problem.reason, problem.validation);
  // Changing an instance's type stops and starts it (an update with interruption).
  if (typeChanged) instanceState(op, resource, 'stopped');
  await waitSince(op, provisioningSeconds(resource.type, 'update'), started, op.abort.signal);
  if (typeChanged) instanceState(op, resource, 'running');
  if (op.abort.signal.aborted) return fail(op, resource, 'UPDATE_FAILED', 'Resource update cancelled');
  instanceUpdated(op, resource);
  await resourceEvent(op, resource, 'UPDATE_COMPLETE');
  return true;
}

/**
 * A replacement: a new physical resource under the same logical id (the old one goes at cleanup).
 * `last` is the step's last event when resuming.
 */
export async function replaceResource(
  op: Operation,
  resource: StackResource,
  change: { properties: Record<string, unknown>; metadata: Record<string, unknown> | undefined },
  last?: StackEvent,
): Promise<boolean> {
  resource.properties = change.properties;
  resource.metadata = change.metadata;
  if (last?.resourceStatusReason === INITIATED) return awaitProvisioned(op, resource, 'UPDATE', last.timestamp);
  const since = last?.timestamp ?? (await resourceEvent(op, resource, 'UPDATE_IN_PROGRESS', { reason: REPLACING, properties: change.properties })).timestamp;
  return provisionNew(op, resource, 'UPDATE', since);
}

/** Puts a resource back as it was (rollback of an update): old properties, old physical id. */
export async function restoreResource(op: Operation, resource: StackResource, before: StackResource): Promise<boolean> {
  const last = lastStep(op, resource.logicalId);
  if (last?.resourceStatus === 'UPDATE_COMPLETE') return true;
  if (last?.resourceStatus === 'UPDATE_FAILED') return false;
  const since = last?.timestamp ?? (await resourceEvent(op, resource, 'UPDATE_IN_PROGRESS', { properties: before.properties })).timestamp;
  const injected = takeFailure(op, resource, 'update');
  if (injected) return fail(op, resource, 'UPDATE_FAILED', injected);
  await waitSince(op, provisioningSeconds(resource.type, 'update') / 2, since);
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
  const last = lastStep(op, target.logicalId, target.physicalId);
  if (last?.resourceStatus === 'DELETE_COMPLETE' || last?.resourceStatus === 'DELETE_SKIPPED') return true;
  if (last?.resourceStatus === 'DELETE_FAILED') return false;
  const deleting = last?.resourceStatus === 'DELETE_IN_PROGRESS' ? last : undefined;
  if (!deleting && options.retain) {
    await resourceEvent(op, target, 'DELETE_SKIPPED');
    return true;
  }
  if (!deleting && !target.physicalId) {
    // Never created (it failed or was cancelled first): nothing to wait for.
    await resourceEvent(op, target, 'DELETE_COMPLETE');
    return true;
  }
  const since = deleting?.timestamp ?? (await resourceEvent(op, target, 'DELETE_IN_PROGRESS')).timestamp;
  instanceState(op, target, 'shutting-down');
  const injected = takeFailure(op, target, 'delete');
  await waitSince(op, provisioningSeconds(target.type, 'delete') / (injected ? 2 : 1), since);
  if (injected) {
    instanceState(op, target, 'running');
    return fail(op, target, 'DELETE_FAILED', injected);
  }
  await resourceEvent(op, target, 'DELETE_COMPLETE');
  instanceState(op, target, 'terminated');
  return true;
}
