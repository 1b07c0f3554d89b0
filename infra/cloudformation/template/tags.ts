// Tags on everything that takes them, so cost reports and the console group a pipeline's
// resources: which types take tags (and in which shape) comes from their provider schemas, so a
// resource added later cannot be forgotten. The deployer passes the same tags on the stack, which
// CloudFormation propagates to what it creates too.
import { RESOURCE_SCHEMAS } from '../schemas';
import type { Resources, StackInput } from './types';

export interface Tag {
  Key: string;
  Value: string;
}

/**
 * The pipeline by its id, which a rename does not change (the slugs are in the stack name, which
 * the Name tags carry); the organisation by its slug. Two tags only: they repeat on every
 * resource, and the template must stay under CloudFormation's TemplateBody limit.
 */
export function stackTags(input: Pick<StackInput, 'orgSlug' | 'pipelineId'>): Tag[] {
  return [
    { Key: 'tapestry:org', Value: input.orgSlug },
    { Key: 'tapestry:pipeline', Value: input.pipelineId },
  ];
}

/** Whether a type takes `Tags` as a list of {Key, Value} (every taggable type this stack uses). */
export function takesTagList(type: string): boolean {
  const tags = RESOURCE_SCHEMAS[type]?.properties.Tags as { type?: string } | undefined;
  return tags?.type === 'array';
}

/** Adds the stack tags in front of each taggable resource's own (e.g. Name). */
export function tagResources(resources: Resources, tags: Tag[]): void {
  for (const resource of Object.values(resources)) {
    if (!takesTagList(resource.Type)) continue;
    const own = Array.isArray(resource.Properties.Tags) ? resource.Properties.Tags : [];
    resource.Properties.Tags = [...tags.map((t) => ({ ...t })), ...own];
  }
}
