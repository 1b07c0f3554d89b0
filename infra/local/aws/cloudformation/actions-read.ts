// The read actions: DescribeStacks, ListStacks, DescribeStackEvents (newest first, 100 a page),
// DescribeStackResources, ListStackResources, GetTemplate and ValidateTemplate.
import { AwsError } from '../protocol';
import { requiredCapabilities } from './capabilities';
import type { CloudFormationEngine } from './engine';
import type { Stack, StackResource } from './model';
import type { RequestParams } from './request';
import { checkTemplate } from './template-check';
import { eventXml, resourceSummaryXml, stackResourceXml, stackXml, toXml, validateTemplateXml } from './xml';

const PAGE = 100;

/** One page of `items` after the item whose key the NextToken names; the token is opaque to clients. */
function page<T>(items: T[], keyOf: (item: T) => string, nextToken: string | undefined): { items: T[]; nextToken?: string } {
  let start = 0;
  if (nextToken !== undefined) {
    const after = Buffer.from(nextToken, 'base64url').toString('utf8');
    const index = items.findIndex((i) => keyOf(i) === after);
    if (index < 0) throw new AwsError('ValidationError', 'Invalid NextToken');
    start = index + 1;
  }
  const slice = items.slice(start, start + PAGE);
  const last = slice[slice.length - 1];
  const more = start + PAGE < items.length && last !== undefined;
  return { items: slice, nextToken: more ? Buffer.from(keyOf(last), 'utf8').toString('base64url') : undefined };
}

export function describeStacks(engine: CloudFormationEngine, params: RequestParams): string {
  const name = params.string('StackName');
  if (name !== undefined) return toXml({ Stacks: [stackXml(engine.store.require(params.stackRef()))] });
  const live = engine.store.all().filter((s) => s.status !== 'DELETE_COMPLETE');
  const { items, nextToken } = page(live, (s) => s.stackId, params.string('NextToken'));
  return toXml({ Stacks: items.map(stackXml), NextToken: nextToken });
}

export function listStacks(engine: CloudFormationEngine, params: RequestParams): string {
  const filter = params.list('StackStatusFilter');
  const stacks = engine.store.all().filter((s) => !filter.length || filter.includes(s.status));
  const { items, nextToken } = page(stacks, (s) => s.stackId, params.string('NextToken'));
  const summaries = items.map((s) => ({
    StackId: s.stackId,
    StackName: s.name,
    TemplateDescription: s.template.description,
    CreationTime: new Date(s.creationTime),
    LastUpdatedTime: s.lastUpdatedTime === undefined ? undefined : new Date(s.lastUpdatedTime),
    DeletionTime: s.deletionTime === undefined ? undefined : new Date(s.deletionTime),
    StackStatus: s.status,
    StackStatusReason: s.statusReason,
    DriftInformation: { StackDriftStatus: 'NOT_CHECKED' },
  }));
  return toXml({ StackSummaries: summaries, NextToken: nextToken });
}

export function describeStackEvents(engine: CloudFormationEngine, params: RequestParams): string {
  const stack = engine.store.require(params.stackRef());
  const newestFirst = [...stack.events].reverse();
  const { items, nextToken } = page(newestFirst, (e) => e.eventId, params.string('NextToken'));
  return toXml({ StackEvents: items.map((e) => eventXml(stack, e)), NextToken: nextToken });
}

function listed(stack: Stack): StackResource[] {
  return [...stack.resources.values()];
}

export function describeStackResources(engine: CloudFormationEngine, params: RequestParams): string {
  const name = params.string('StackName');
  const physicalId = params.string('PhysicalResourceId');
  if (name === undefined && physicalId === undefined) throw new AwsError('ValidationError', 'Either StackName or PhysicalResourceId must be specified.');
  let stack: Stack | undefined;
  if (name !== undefined) stack = engine.store.require(params.stackRef());
  else {
    stack = engine.store.all().find((s) => s.status !== 'DELETE_COMPLETE' && listed(s).some((r) => r.physicalId === physicalId));
    if (!stack) throw new AwsError('ValidationError', `Stack for ${physicalId} does not exist`);
  }
  const logicalId = params.string('LogicalResourceId');
  const resources = listed(stack).filter((r) => (logicalId === undefined || r.logicalId === logicalId) && (physicalId === undefined || name !== undefined || r.physicalId === physicalId));
  return toXml({ StackResources: resources.map((r) => stackResourceXml(stack, r)) });
}

export function listStackResources(engine: CloudFormationEngine, params: RequestParams): string {
  const stack = engine.store.require(params.stackRef());
  const { items, nextToken } = page(listed(stack), (r) => r.logicalId, params.string('NextToken'));
  return toXml({ StackResourceSummaries: items.map(resourceSummaryXml), NextToken: nextToken });
}

export function getTemplate(engine: CloudFormationEngine, params: RequestParams): string {
  const changeSet = params.string('ChangeSetName');
  const body = changeSet !== undefined ? engine.store.requireChangeSet(changeSet, params.string('StackName')).template.body : engine.store.require(params.stackRef()).template.body;
  return toXml({ TemplateBody: body, StagesAvailable: ['Original', 'Processed'] });
}

export function validateTemplate(_engine: CloudFormationEngine, params: RequestParams): string {
  const template = checkTemplate(params.templateBody() as string);
  return toXml(validateTemplateXml(template, requiredCapabilities(template)));
}
