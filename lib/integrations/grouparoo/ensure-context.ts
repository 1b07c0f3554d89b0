// What the steps of one ensurePipeline share: the API, the pipeline's names, the caller's bounds,
// and the account of what was found, created, changed and removed, by natural key.
import type { CallOptions } from '../call-limits';
import { IntegrationError } from '../errors';
import type { PipelineNames } from './names';
import type { GrouparooObjects } from './objects';

export interface EnsureContext {
  objects: GrouparooObjects;
  names: PipelineNames;
  o: CallOptions;
  ids: Record<string, string>;
  created: string[];
  updated: string[];
  removed: string[];
}

export function recordEnsured(ctx: EnsureContext, key: string, ensured: { item: { id: string }; created: boolean }): void {
  ctx.ids[key] = ensured.item.id;
  if (ensured.created) ctx.created.push(key);
}

export function recordUpdated(ctx: EnsureContext, key: string): void {
  if (!ctx.created.includes(key) && !ctx.updated.includes(key)) ctx.updated.push(key);
}

/** A found object that cannot be brought to the wanted state in place (its type changed, say). */
export function cannotConverge(field: string, cause: string): IntegrationError {
  return new IntegrationError({
    provider: 'grouparoo',
    failureClass: 'config',
    code: 'needs-teardown',
    step: 'provision',
    field,
    cause,
    hint: 'Remove the pipeline’s Grouparoo objects (tear down its sync), then deploy again.',
  });
}
