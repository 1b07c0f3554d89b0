// Everything intrinsic functions need to resolve a template's values for one stack: parameter
// and pseudo parameter values, evaluated conditions, and how a resource answers Ref and GetAtt.
import { evaluateConditions } from './conditions';
import { Unknown, type ResolveScope } from './intrinsics';
import type { StackResource } from './model';
import { parameterValues, type StackParameter } from './parameters';
import type { CheckedTemplate, ResourceDeclaration } from './template-types';

export interface StackIdentity {
  stackId: string;
  name: string;
  region: string;
  accountId: string;
  notificationArns?: string[];
}

export interface ResourceLookup {
  /** A resource's current state, if it exists (created and not deleted). */
  resource(logicalId: string): StackResource | undefined;
  /** Values exported by the account's stacks. */
  importValue(name: string): string | undefined;
  /** Ref/GetAtt of these resources resolve to Unknown (they are about to be replaced or changed). */
  pendingRef?: Set<string>;
  pendingAttributes?: Set<string>;
}

export interface TemplateScope {
  scope: ResolveScope;
  /** The resources whose Condition holds (all of them when they have none). */
  included: Map<string, ResourceDeclaration>;
}

/** What Fn::GetAtt returns for a resource that exists. */
export function attributeOf(resource: StackResource, attribute: string): unknown {
  if (resource.attributes[attribute] !== undefined) return resource.attributes[attribute];
  // A writable property read back, possibly nested (`Foo.Bar`).
  return attribute.split('.').reduce<unknown>((v, key) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[key] : undefined), resource.properties);
}

export function templateScope(identity: StackIdentity, template: CheckedTemplate, parameters: StackParameter[], lookup: ResourceLookup): TemplateScope {
  const base = {
    parameters: parameterValues(template.parameters, parameters),
    pseudo: {
      'AWS::AccountId': identity.accountId,
      'AWS::Region': identity.region,
      'AWS::StackId': identity.stackId,
      'AWS::StackName': identity.name,
      'AWS::Partition': 'aws',
      'AWS::URLSuffix': 'amazonaws.com',
      'AWS::NotificationARNs': identity.notificationArns ?? [],
    },
    mappings: template.mappings,
    region: identity.region,
    resourceRef: () => undefined,
    resourceAttribute: () => undefined,
    importValue: (name: string) => lookup.importValue(name),
  };
  const conditions = evaluateConditions(template.conditions, base);
  const included = new Map([...template.resources].filter(([, r]) => r.condition === undefined || conditions.get(r.condition) === true));
  const scope: ResolveScope = {
    ...base,
    conditions,
    resourceRef: (id) => {
      if (!included.has(id)) return undefined;
      const resource = lookup.resource(id);
      if (!resource?.physicalId || lookup.pendingRef?.has(id)) return new Unknown([id]);
      return resource.physicalId;
    },
    resourceAttribute: (id, attribute) => {
      const resource = lookup.resource(id);
      if (!resource?.physicalId || lookup.pendingRef?.has(id) || lookup.pendingAttributes?.has(id)) return new Unknown([`${id}.${attribute}`]);
      return attributeOf(resource, attribute) ?? new Unknown([`${id}.${attribute}`]);
    },
  };
  return { scope, included };
}
