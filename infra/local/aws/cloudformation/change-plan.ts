// What an update would change, as DescribeChangeSet reports it: per resource Add, Modify or
// Remove; for a Modify, which properties change (Scope, Details), whether the change is known now
// (Static) or only once a referenced resource is recreated (Dynamic), what caused it
// (DirectModification, ParameterReference, ResourceReference, ResourceAttribute), and whether the
// resource is replaced (True), may be (Conditional) or not (False), from the schema's createOnly
// and conditionalCreateOnly properties.
import { AwsError } from '../protocol';
import { collectReferences, prerequisites, topologicalOrder } from './dependencies';
import { findUnknown, resolveValue } from './intrinsics';
import type { ResourceChange, ResourceChangeDetail, Stack } from './model';
import type { StackParameter } from './parameters';
import { requiresRecreation } from './schemas';
import { templateScope, type StackIdentity } from './scope';
import type { CheckedTemplate, ResourceDeclaration, TemplateObject } from './template-types';
import { changedKeys, sameValue, stableJson } from './values';

function live(stack: Stack | undefined, id: string) {
  const r = stack?.resources.get(id);
  return r && r.physicalId && r.status !== 'DELETE_COMPLETE' && r.status !== 'DELETE_SKIPPED' ? r : undefined;
}

function changedParameters(before: StackParameter[], after: StackParameter[]): Set<string> {
  const out = new Set<string>();
  for (const p of after) if (before.find((b) => b.key === p.key)?.value !== p.value) out.add(p.key);
  return out;
}

function propertyDetails(
  type: string,
  property: string,
  oldDecl: ResourceDeclaration | undefined,
  newDecl: ResourceDeclaration,
  newValue: unknown,
  paramsChanged: Set<string>,
): ResourceChangeDetail[] {
  const target = { attribute: property === 'Tags' ? ('Tags' as const) : ('Properties' as const), name: property, requiresRecreation: requiresRecreation(type, property) };
  const details: ResourceChangeDetail[] = [];
  const rawBefore = oldDecl?.properties[property];
  const rawAfter = newDecl.properties[property];
  const sameText = rawBefore !== undefined && rawAfter !== undefined && stableJson(rawBefore) === stableJson(rawAfter);
  if (!sameText) details.push({ target, evaluation: 'Static', changeSource: 'DirectModification' });
  else {
    for (const name of collectReferences(rawAfter).refs) {
      if (paramsChanged.has(name)) details.push({ target, evaluation: 'Static', changeSource: 'ParameterReference', causingEntity: name });
    }
  }
  for (const cause of findUnknown(newValue)?.causes ?? []) {
    details.push({ target, evaluation: 'Dynamic', changeSource: cause.includes('.') ? 'ResourceAttribute' : 'ResourceReference', causingEntity: cause });
  }
  if (!details.length) details.push({ target, evaluation: 'Static', changeSource: 'DirectModification' });
  return details;
}

function replacementOf(details: ResourceChangeDetail[]): 'True' | 'False' | 'Conditional' {
  if (details.some((d) => d.target.requiresRecreation === 'Always' && d.evaluation === 'Static')) return 'True';
  if (details.some((d) => d.target.requiresRecreation !== 'Never')) return 'Conditional';
  return 'False';
}

export interface PlanInput {
  identity: StackIdentity;
  /** The stack as it is (undefined or without resources for a stack not created yet). */
  stack?: Stack;
  template: CheckedTemplate;
  parameters: StackParameter[];
  importValue(name: string): string | undefined;
}

export function planChanges(input: PlanInput): ResourceChange[] {
  const { stack, template } = input;
  const retyped = [...template.resources.values()].filter((r) => {
    const old = live(stack, r.logicalId);
    return old !== undefined && old.type !== r.type;
  });
  if (retyped.length) {
    throw new AwsError('ValidationError', `Update of resource type is not permitted. The new template modifies resource type of the following resources: [${retyped.map((r) => r.logicalId).join(', ')}]`);
  }
  const pendingRef = new Set<string>();
  const pendingAttributes = new Set<string>();
  const { scope, included } = templateScope(input.identity, template, input.parameters, {
    resource: (id) => live(stack, id),
    importValue: input.importValue,
    pendingRef,
    pendingAttributes,
  });
  const paramsChanged = changedParameters(stack?.parameters ?? [], input.parameters);
  const changes: ResourceChange[] = [];
  for (const id of topologicalOrder(prerequisites(included))) {
    const decl = included.get(id) as ResourceDeclaration;
    const old = live(stack, id);
    if (!old) {
      changes.push({ action: 'Add', logicalId: id, resourceType: decl.type, scope: [], details: [] });
      continue;
    }
    const after = resolveValue(decl.properties, scope) as Record<string, unknown>;
    const oldDecl = stack?.template.resources.get(id);
    const details = changedKeys(old.properties, after).flatMap((p) => propertyDetails(decl.type, p, oldDecl, decl, after[p], paramsChanged));
    if (!sameValue(old.metadata ?? {}, decl.metadata ?? {})) {
      details.push({ target: { attribute: 'Metadata', requiresRecreation: 'Never' }, evaluation: 'Static', changeSource: 'DirectModification' });
    }
    if (!details.length) continue;
    const replacement = replacementOf(details);
    if (replacement !== 'False') pendingRef.add(id);
    pendingAttributes.add(id);
    changes.push({
      action: 'Modify',
      logicalId: id,
      physicalId: old.physicalId,
      resourceType: decl.type,
      replacement,
      scope: [...new Set(details.map((d) => d.target.attribute))],
      details,
    });
  }
  for (const resource of stack?.resources.values() ?? []) {
    if (included.has(resource.logicalId) || !live(stack, resource.logicalId)) continue;
    changes.push({ action: 'Remove', logicalId: resource.logicalId, physicalId: resource.physicalId, resourceType: resource.type, scope: [], details: [] });
  }
  return changes;
}

/** Outputs change when their declarations do, or a parameter they use does. */
export function outputsChanged(before: { template: CheckedTemplate; parameters: StackParameter[] }, after: { template: CheckedTemplate; parameters: StackParameter[] }): boolean {
  const raw = (t: CheckedTemplate): TemplateObject => Object.fromEntries([...t.outputs].map(([k, o]) => [k, { v: o.value, e: o.exportName ?? null, c: o.condition ?? null }]));
  if (stableJson(raw(before.template)) !== stableJson(raw(after.template))) return true;
  const paramsChanged = changedParameters(before.parameters, after.parameters);
  return [...after.template.outputs.values()].some((o) => [...collectReferences(o.value).refs].some((r) => paramsChanged.has(r)));
}
