// The stack operations, run over simulated time once the API call that started them has
// answered: create (and its rollback), update (cleanup, or rollback to the previous template),
// delete, and the two ways of finishing a failed one (RollbackStack, ContinueUpdateRollback).
// Resources go in dependency order, independent ones in parallel; deletion in reverse order.
import { dependents, prerequisites } from './dependencies';
import { findUnknown, resolveValue, type ResolveScope } from './intrinsics';
import type { StackEvent, StackOutput, StackResource, StackStatus, UpdateJournal } from './model';
import { lastStep, recordStackStatus, stackEvent, type Operation } from './operation';
import { createResource, deleteResource, INITIATED, modifyResource, replaceResource, REPLACING, resolveProperties, restoreResource, unresolvable } from './resource-ops';
import { runInOrder } from './run-in-order';
import { replacementRules } from './schemas';
import { templateScope, type TemplateScope } from './scope';
import type { CheckedTemplate, ResourceDeclaration } from './template-types';
import { Closed } from './timeline';
import { changedKeys, sameValue } from './values';

function exists(resource: StackResource | undefined): resource is StackResource {
  return resource !== undefined && resource.status !== 'DELETE_COMPLETE' && resource.status !== 'DELETE_SKIPPED';
}

export function scopeFor(op: Operation, template: CheckedTemplate = op.stack.template, parameters = op.stack.parameters): TemplateScope {
  const { stack, env } = op;
  return templateScope({ stackId: stack.stackId, name: stack.name, region: env.region, accountId: env.accountId, notificationArns: stack.notificationArns }, template, parameters, {
    resource: (id) => {
      const found = stack.resources.get(id);
      return exists(found) && found.physicalId ? found : undefined;
    },
    importValue: (name) => env.store.exportValue(name),
  });
}

export function resolveOutputs(template: CheckedTemplate, scope: ResolveScope): StackOutput[] {
  const out: StackOutput[] = [];
  for (const output of template.outputs.values()) {
    if (output.condition !== undefined && scope.conditions.get(output.condition) !== true) continue;
    const value = resolveValue(output.value, scope);
    const exportName = output.exportName === undefined ? undefined : resolveValue(output.exportName, scope);
    if (findUnknown([value, exportName])) throw new Error(`Template error: Output ${output.key} refers to a resource that does not exist`);
    out.push({ key: output.key, value: Array.isArray(value) ? value.join(',') : String(value), description: output.description, exportName: exportName === undefined ? undefined : String(exportName) });
  }
  return out;
}

/** A fresh operation for a follow-up phase (rollback, cleanup): same stack and token, nothing aborted. */
function phase(op: Operation): Operation {
  return { ...op, abort: new AbortController() };
}

/** Deletes resources, dependents first; returns the logical ids that failed to delete. */
async function deleteResources(op: Operation, resources: StackResource[], declarations: Map<string, ResourceDeclaration>, rollbackOfCreate: boolean): Promise<string[]> {
  const ids = resources.map((r) => r.logicalId);
  const known = new Map([...declarations].filter(([id]) => ids.includes(id)));
  const order = dependents(prerequisites(known));
  const failed: string[] = [];
  await runInOrder(ids, order, async (id) => {
    const resource = op.stack.resources.get(id) as StackResource;
    const policy = declarations.get(id)?.deletionPolicy ?? 'Delete';
    const retain = policy === 'Retain' || (policy === 'RetainExceptOnCreate' && !rollbackOfCreate);
    const ok = await deleteResource(op, resource, { retain });
    if (!ok) failed.push(id);
    return ok;
  });
  return failed;
}

function failureReason(verb: string, ids: string[]): string {
  return `The following resource(s) failed to ${verb}: [${ids.join(', ')}]. `;
}

/**
 * Works through the template's resources in dependency order; the first failure cancels what is
 * in progress and starts nothing new. Returns the resources that failed, in order.
 */
async function forEachResource(op: Operation, included: Map<string, ResourceDeclaration>, work: (decl: ResourceDeclaration) => Promise<boolean>): Promise<string[]> {
  const failed: string[] = [];
  await runInOrder(
    [...included.keys()],
    prerequisites(included),
    async (id) => {
      const ok = await work(included.get(id) as ResourceDeclaration);
      if (!ok) {
        failed.push(id);
        op.abort.abort();
      }
      return ok;
    },
    () => failed.length === 0,
  );
  return failed;
}

export async function runCreate(op: Operation, onFailure: 'ROLLBACK' | 'DELETE' | 'DO_NOTHING'): Promise<void> {
  const { scope, included } = scopeFor(op);
  const failed = await forEachResource(op, included, (decl) => createResource(op, decl, scope));
  let reason = failed.length ? failureReason('create', failed) : undefined;
  if (!reason) {
    try {
      op.stack.outputs = resolveOutputs(op.stack.template, scope);
      await stackEvent(op, 'CREATE_COMPLETE');
      return;
    } catch (error) {
      reason = (error as Error).message;
    }
  }
  if (onFailure === 'DO_NOTHING') return stackEvent(op, 'CREATE_FAILED', reason);
  if (onFailure === 'DELETE') {
    await stackEvent(op, 'DELETE_IN_PROGRESS', `${reason}Delete requested by user.`);
    return finishDelete(phase(op), []);
  }
  return rollbackCreate(phase(op), `${reason}Rollback requested by user.`);
}

export async function rollbackCreate(op: Operation, reason: string): Promise<void> {
  await stackEvent(op, 'ROLLBACK_IN_PROGRESS', reason);
  return finishRollback(op);
}

/** Deletes what a failed creation made (the ROLLBACK_IN_PROGRESS event is already recorded). */
export async function finishRollback(op: Operation): Promise<void> {
  const remaining = [...op.stack.resources.values()].filter(exists);
  const failed = await deleteResources(op, remaining, op.stack.template.resources, true);
  op.stack.outputs = [];
  await stackEvent(op, failed.length ? 'ROLLBACK_FAILED' : 'ROLLBACK_COMPLETE', failed.length ? failureReason('delete', failed) : undefined);
}

/** Deletes every remaining resource (the DELETE_IN_PROGRESS event is already recorded). */
export async function finishDelete(op: Operation, retain: string[]): Promise<void> {
  const remaining = [...op.stack.resources.values()].filter(exists);
  const kept = remaining.filter((r) => retain.includes(r.logicalId));
  const declarations = new Map(op.stack.template.resources);
  for (const r of kept) {
    const decl = declarations.get(r.logicalId);
    if (decl) declarations.set(r.logicalId, { ...decl, deletionPolicy: 'Retain' });
  }
  const failed = await deleteResources(op, remaining, declarations, false);
  if (failed.length) return stackEvent(op, 'DELETE_FAILED', failureReason('delete', failed));
  await stackEvent(op, 'DELETE_COMPLETE');
  op.env.store.prune();
}

/** Updates one resource to its new declaration; resolves true when it needed nothing or succeeded. */
async function updateOne(op: Operation, journal: UpdateJournal, decl: ResourceDeclaration, scope: ResolveScope): Promise<boolean> {
  const existing = op.stack.resources.get(decl.logicalId);
  if (journal.created.has(decl.logicalId) || !exists(existing)) {
    journal.created.add(decl.logicalId);
    return createResource(op, decl, scope);
  }
  // After a restart, the resource's last event of this update says how far it got.
  const last = lastStep(op, decl.logicalId);
  if (last?.resourceStatus === 'UPDATE_COMPLETE') return true;
  if (last?.resourceStatus === 'UPDATE_FAILED') return false;
  const before = (last && journal.before.get(decl.logicalId)) ?? structuredClone(existing);
  let properties: Record<string, unknown>;
  try {
    properties = resolveProperties(decl, scope);
  } catch (error) {
    journal.before.set(decl.logicalId, before);
    return unresolvable(op, existing, (error as Error).message, last !== undefined);
  }
  const change = { properties, metadata: decl.metadata };
  const replace = async (resumeFrom?: StackEvent) => {
    const ok = await replaceResource(op, existing, change, resumeFrom);
    if (existing.physicalId && existing.physicalId !== before.physicalId) journal.replacedNew.set(decl.logicalId, existing.physicalId);
    return ok;
  };
  if (last) {
    const replacing = last.resourceStatusReason === REPLACING || last.resourceStatusReason === INITIATED;
    return replacing ? replace(last) : modifyResource(op, existing, before, change, last.timestamp);
  }
  const changed = changedKeys(existing.properties, properties);
  if (!changed.length && sameValue(existing.metadata ?? {}, decl.metadata ?? {})) return true;
  journal.before.set(decl.logicalId, before);
  const rules = replacementRules(decl.type);
  if (!changed.some((k) => rules.always.has(k))) return modifyResource(op, existing, before, change);
  return replace();
}

export async function runUpdate(op: Operation): Promise<void> {
  const journal = op.stack.journal as UpdateJournal;
  const { scope, included } = scopeFor(op);
  const failed = await forEachResource(op, included, (decl) => updateOne(op, journal, decl, scope));
  let reason = failed.length ? failureReason(journal.created.has(failed[0] as string) ? 'create' : 'update', failed) : undefined;
  if (!reason) {
    try {
      op.stack.outputs = resolveOutputs(op.stack.template, scope);
    } catch (error) {
      reason = (error as Error).message;
    }
  }
  if (reason) {
    if (op.stack.disableRollback) return stackEvent(op, 'UPDATE_FAILED', reason);
    await stackEvent(op, 'UPDATE_ROLLBACK_IN_PROGRESS', reason);
    return rollbackUpdate(phase(op));
  }
  await stackEvent(op, 'UPDATE_COMPLETE_CLEANUP_IN_PROGRESS');
  return cleanUpUpdate(phase(op));
}

/** Deletes the physical resources replacements left behind and the resources the update removed. */
export async function cleanUpUpdate(op: Operation): Promise<void> {
  const journal = op.stack.journal as UpdateJournal;
  const { included } = scopeFor(op);
  await Promise.all([...journal.replacedNew.keys()].map((id) => deleteResource(op, op.stack.resources.get(id) as StackResource, { physicalId: journal.before.get(id)?.physicalId })));
  const removed = [...op.stack.resources.values()].filter((r) => !included.has(r.logicalId));
  await deleteResources(op, removed.filter(exists), journal.template.resources, false);
  for (const r of removed) op.stack.resources.delete(r.logicalId);
  op.stack.journal = undefined;
  await stackEvent(op, 'UPDATE_COMPLETE');
}

/** Puts the stack back to the template and resources it had before the update. */
export async function rollbackUpdate(op: Operation): Promise<void> {
  const { stack } = op;
  const journal = stack.journal as UpdateJournal;
  stack.template = journal.template;
  stack.parameters = journal.parameters;
  stack.outputs = journal.outputs;
  const pending = [...journal.before.keys()].filter((id) => !journal.restored.has(id));
  const failed: string[] = [];
  await runInOrder(pending, prerequisites(journal.template.resources), async (id) => {
    const ok = await restoreResource(op, stack.resources.get(id) as StackResource, journal.before.get(id) as StackResource);
    if (ok) journal.restored.add(id);
    else failed.push(id);
    return ok;
  });
  if (failed.length) return stackEvent(op, 'UPDATE_ROLLBACK_FAILED', failureReason('update', failed));
  await stackEvent(op, 'UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS');
  return cleanUpRollback(op);
}

/** Deletes what the rolled-back update had created: replacements' new physical resources and added resources. */
export async function cleanUpRollback(op: Operation): Promise<void> {
  const { stack } = op;
  const journal = stack.journal as UpdateJournal;
  await Promise.all(
    [...journal.replacedNew].map(([id, physicalId]) => deleteResource(op, stack.resources.get(id) as StackResource, { physicalId })),
  );
  const added = [...journal.created].map((id) => stack.resources.get(id)).filter(exists);
  const allDeclarations = new Map([...journal.template.resources]);
  await deleteResources(op, added, allDeclarations, true);
  for (const id of journal.created) stack.resources.delete(id);
  stack.journal = undefined;
  await stackEvent(op, 'UPDATE_ROLLBACK_COMPLETE');
}

/** What a stack is left in when the simulation itself breaks (never for a client's mistake). */
const BROKEN: Partial<Record<StackStatus, StackStatus>> = {
  CREATE_IN_PROGRESS: 'CREATE_FAILED',
  ROLLBACK_IN_PROGRESS: 'ROLLBACK_FAILED',
  DELETE_IN_PROGRESS: 'DELETE_FAILED',
  UPDATE_IN_PROGRESS: 'UPDATE_ROLLBACK_FAILED',
  UPDATE_COMPLETE_CLEANUP_IN_PROGRESS: 'UPDATE_ROLLBACK_FAILED',
  UPDATE_ROLLBACK_IN_PROGRESS: 'UPDATE_ROLLBACK_FAILED',
  UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS: 'UPDATE_ROLLBACK_FAILED',
};

/** Runs an operation in the background; closing the stand-in ends it quietly. */
export function launch(op: Operation, flow: () => Promise<void>, onSettled: () => void): void {
  flow()
    .catch((error: unknown) => {
      if (error instanceof Closed) return;
      const status = BROKEN[op.stack.status];
      if (status) recordStackStatus(op, status, `Internal failure in the sandbox: ${error instanceof Error ? error.message : String(error)}`);
    })
    .finally(onSettled);
}
