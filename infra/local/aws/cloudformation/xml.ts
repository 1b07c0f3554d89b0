// The result elements of each CloudFormation action, in the element names and order the service
// answers with (and `@aws-sdk/client-cloudformation` parses). Lists are `<member>` items; absent
// values are left out; parameters declared NoEcho show as `****`.
import { toXml } from '../protocol';
import type { ChangeSet, ResourceChange, Stack, StackEvent, StackResource } from './model';
import type { CheckedTemplate } from './template-types';

type XmlObject = Parameters<typeof toXml>[0];

const date = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms));
const notChecked = { StackResourceDriftStatus: 'NOT_CHECKED' };

function parametersXml(params: Stack['parameters']): XmlObject {
  return params.map((p) => ({ ParameterKey: p.key, ParameterValue: p.noEcho ? '****' : p.value, ResolvedValue: p.resolvedValue }));
}

export function stackXml(stack: Stack): XmlObject {
  return {
    StackId: stack.stackId,
    StackName: stack.name,
    ChangeSetId: stack.changeSetId,
    Description: stack.template.description,
    Parameters: parametersXml(stack.parameters),
    CreationTime: date(stack.creationTime),
    DeletionTime: date(stack.deletionTime),
    LastUpdatedTime: date(stack.lastUpdatedTime),
    RollbackConfiguration: {},
    StackStatus: stack.status,
    StackStatusReason: stack.statusReason,
    DisableRollback: stack.disableRollback,
    NotificationARNs: stack.notificationArns,
    TimeoutInMinutes: stack.timeoutInMinutes,
    Capabilities: stack.capabilities,
    Outputs: stack.outputs.map((o) => ({ OutputKey: o.key, OutputValue: o.value, Description: o.description, ExportName: o.exportName })),
    RoleARN: stack.roleArn,
    Tags: stack.tags.map((t) => ({ Key: t.Key, Value: t.Value })),
    EnableTerminationProtection: stack.terminationProtection,
    DriftInformation: { StackDriftStatus: 'NOT_CHECKED' },
  };
}

export function eventXml(stack: Stack, event: StackEvent): XmlObject {
  return {
    StackId: stack.stackId,
    EventId: event.eventId,
    StackName: stack.name,
    LogicalResourceId: event.logicalResourceId,
    PhysicalResourceId: event.physicalResourceId ?? '',
    ResourceType: event.resourceType,
    Timestamp: date(event.timestamp),
    ResourceStatus: event.resourceStatus,
    ResourceStatusReason: event.resourceStatusReason,
    ResourceProperties: event.resourceProperties,
    ClientRequestToken: event.clientRequestToken,
    DetailedStatus: event.detailedStatus,
  };
}

export function stackResourceXml(stack: Stack, resource: StackResource): XmlObject {
  return {
    StackName: stack.name,
    StackId: stack.stackId,
    LogicalResourceId: resource.logicalId,
    PhysicalResourceId: resource.physicalId,
    ResourceType: resource.type,
    Timestamp: date(resource.updatedAt),
    ResourceStatus: resource.status,
    ResourceStatusReason: resource.statusReason,
    Description: resource.description,
    DriftInformation: notChecked,
  };
}

export function resourceSummaryXml(resource: StackResource): XmlObject {
  return {
    LogicalResourceId: resource.logicalId,
    PhysicalResourceId: resource.physicalId,
    ResourceType: resource.type,
    LastUpdatedTimestamp: date(resource.updatedAt),
    ResourceStatus: resource.status,
    ResourceStatusReason: resource.statusReason,
    DriftInformation: notChecked,
  };
}

function changeXml(change: ResourceChange): XmlObject {
  return {
    Type: 'Resource',
    ResourceChange: {
      PolicyAction: change.action === 'Remove' ? 'Delete' : undefined,
      Action: change.action,
      LogicalResourceId: change.logicalId,
      PhysicalResourceId: change.physicalId,
      ResourceType: change.resourceType,
      Replacement: change.replacement,
      Scope: change.scope,
      Details: change.details.map((d) => ({
        Target: { Attribute: d.target.attribute, Name: d.target.name, RequiresRecreation: d.target.requiresRecreation },
        Evaluation: d.evaluation,
        ChangeSource: d.changeSource,
        CausingEntity: d.causingEntity,
      })),
    },
  };
}

export function changeSetXml(cs: ChangeSet, changes: ResourceChange[], nextToken?: string): XmlObject {
  return {
    ChangeSetName: cs.name,
    ChangeSetId: cs.id,
    StackId: cs.stackId,
    StackName: cs.stackName,
    Description: cs.description,
    Parameters: parametersXml(cs.parameters),
    CreationTime: date(cs.creationTime),
    ExecutionStatus: cs.executionStatus,
    Status: cs.status,
    StatusReason: cs.statusReason,
    NotificationARNs: [],
    RollbackConfiguration: {},
    Capabilities: cs.capabilities,
    Tags: cs.tags.map((t) => ({ Key: t.Key, Value: t.Value })),
    Changes: changes.map(changeXml),
    NextToken: nextToken,
    IncludeNestedStacks: false,
  };
}

export function changeSetSummaryXml(cs: ChangeSet): XmlObject {
  return {
    StackId: cs.stackId,
    StackName: cs.stackName,
    ChangeSetId: cs.id,
    ChangeSetName: cs.name,
    ExecutionStatus: cs.executionStatus,
    Status: cs.status,
    StatusReason: cs.statusReason,
    CreationTime: date(cs.creationTime),
    Description: cs.description,
    IncludeNestedStacks: false,
  };
}

export function validateTemplateXml(template: CheckedTemplate, capabilities: { required: string[]; reason?: string }): XmlObject {
  return {
    Parameters: [...template.parameters].map(([key, p]) => ({ ParameterKey: key, DefaultValue: p.default, NoEcho: p.noEcho, Description: p.description })),
    Description: template.description,
    Capabilities: capabilities.required.length ? capabilities.required : undefined,
    CapabilitiesReason: capabilities.reason,
    DeclaredTransforms: template.transforms,
  };
}

export { toXml };
