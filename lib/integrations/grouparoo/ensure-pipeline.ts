// ensurePipeline: the import half (model, warehouse app, source, properties, schedule), then the
// export half (destination apps and destinations), then the clean-up of what the pipeline no
// longer has. Each step finds before it creates, so a deploy that stopped anywhere continues.
import type { CallOptions } from '../call-limits';
import type { EnsureContext } from './ensure-context';
import { ensureDestinations } from './ensure-destinations';
import { ensureSource } from './ensure-source';
import { checkNames, KEYS, pipelineNames } from './names';
import type { GrouparooClient } from './client';
import { GrouparooObjects, objectPath } from './objects';
import type { EnsuredPipeline, PipelineInput } from './types';

/** Option keys whose values are credentials, scrubbed from every error text. */
const SECRET_OPTION = /pass|secret|token|key$|apikey/i;

export function pipelineSecrets(input: PipelineInput): string[] {
  const fromApps = input.destinations.flatMap((d) => Object.entries(d.appOptions).filter(([k]) => SECRET_OPTION.test(k)).map(([, v]) => v));
  return [input.warehouse.options.password, ...fromApps].filter((s) => s.length > 0);
}

export async function ensurePipeline(client: GrouparooClient, input: PipelineInput, o: CallOptions): Promise<EnsuredPipeline> {
  const objects = new GrouparooObjects(client, pipelineSecrets(input));
  const names = pipelineNames(input.slug);
  const table = input.unifiedUsersTable;
  checkNames(table.columns, table.primaryKey, input.destinations);
  const ctx: EnsureContext = { objects, names, o, ids: {}, created: [], updated: [], removed: [] };
  const { modelId, staleProperties } = await ensureSource(ctx, input);
  await ensureDestinations(ctx, input.destinations, modelId);
  for (const property of staleProperties) {
    const column = names.columnOf(property.key) ?? property.key;
    if (await objects.remove(objectPath('property', property.id), {}, `remove the property "${property.key}"`, o)) ctx.removed.push(KEYS.property(column));
  }
  return { ids: ctx.ids, created: ctx.created, updated: ctx.updated, removed: ctx.removed };
}
