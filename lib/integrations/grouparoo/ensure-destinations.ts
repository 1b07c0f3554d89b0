// The export half of a pipeline in Grouparoo: per destination, an app of the destination's plugin
// (its account settings) and an export destination that tracks every record of the model, with
// its options and mapping (destination field → the property of a unified users column). A real
// destination and the sandbox's are configured alike: the sandbox passes type `postgres` and the
// options of a table in the warehouse. Destinations this pipeline no longer has are removed.
import { grouparooDestination, isGrouparooDestinationType } from '@/lib/pipeline/catalog/grouparoo-destinations';
import { cannotConverge, recordEnsured, recordUpdated, type EnsureContext } from './ensure-context';
import { ensureApp } from './ensure-app';
import { ensureObject, hasOptions, sameMapping } from './ensure-object';
import { KEYS } from './names';
import { objectPath } from './objects';
import type { DestinationInput } from './types';

/** The plugin's export connection: the caller's, else the one Tapestry's catalog names for the app type. */
function exportConnection(d: DestinationInput): string {
  if (d.connection) return d.connection;
  if (isGrouparooDestinationType(d.type)) return grouparooDestination(d.type).connection;
  throw cannotConverge('destinations.connection', `Tapestry does not know the Grouparoo export connection of "${d.type}" destinations; name it.`);
}

async function ensureDestination(ctx: EnsureContext, d: DestinationInput, modelId: string, appId: string): Promise<void> {
  const { objects, names, o } = ctx;
  const name = names.destination(d.name);
  const key = KEYS.destination(d.name);
  const mapping = Object.fromEntries(Object.entries(d.mapping).map(([field, column]) => [field, names.propertyKey(column)]));
  const type = exportConnection(d);
  const ensured = await ensureObject(name, {
    find: async () => (await objects.list('destination', { modelId }, 'provision', o)).filter((x) => x.name === name),
    create: () =>
      objects.create('destination', { name, type, modelId, appId, syncMode: 'sync', state: 'ready', options: d.destinationOptions, mapping }, `create the destination "${name}"`, o),
    remove: (id) => objects.remove(objectPath('destination', id), { force: true }, `remove the destination "${name}"`, o),
  });
  recordEnsured(ctx, key, ensured);
  const destination = ensured.item;
  if (destination.type !== type || (destination.app && destination.app.id !== appId)) {
    throw cannotConverge(key, `The Grouparoo destination "${name}" uses another connection or app than the one wanted.`);
  }
  const optionsChanged = !hasOptions(destination.options, d.destinationOptions);
  const mappingChanged = !sameMapping(destination.mapping, mapping);
  if (optionsChanged || mappingChanged || destination.state !== 'ready') {
    // New options make Grouparoo export every record again by itself; a new mapping alone does not, so ask.
    const params = { options: d.destinationOptions, mapping, state: 'ready', triggerExport: mappingChanged && !optionsChanged };
    await objects.update('destination', destination.id, params, `update the destination "${name}"`, o);
    recordUpdated(ctx, key);
  }
  // Tracking the whole model (no group): every unified user is sent. Grouparoo starts the first export run here.
  if (destination.collection !== 'model') {
    await objects.update('destination', destination.id, { collection: 'model' }, `make the destination "${name}" track the model`, o);
    if (!ensured.created) recordUpdated(ctx, key);
  }
}

/** Destinations (and their apps) named for this pipeline that it no longer has. */
async function removeStale(ctx: EnsureContext, modelId: string, wanted: Set<string>): Promise<void> {
  const { objects, names, o } = ctx;
  const destinations = await objects.list('destination', { modelId }, 'provision', o);
  for (const x of destinations) {
    const dName = x.name.startsWith(names.destinationPrefix) ? x.name.slice(names.destinationPrefix.length) : undefined;
    if (dName === undefined || wanted.has(dName)) continue;
    if (await objects.remove(objectPath('destination', x.id), { force: true }, `remove the destination "${x.name}"`, o)) ctx.removed.push(KEYS.destination(dName));
  }
  const apps = await objects.list('app', {}, 'provision', o);
  for (const app of apps) {
    const dName = app.name.startsWith(names.destinationAppPrefix) ? app.name.slice(names.destinationAppPrefix.length) : undefined;
    if (dName === undefined || wanted.has(dName)) continue;
    if (await objects.remove(objectPath('app', app.id), {}, `remove the app "${app.name}"`, o)) ctx.removed.push(KEYS.destinationApp(dName));
  }
}

export async function ensureDestinations(ctx: EnsureContext, destinations: readonly DestinationInput[], modelId: string): Promise<void> {
  const { names } = ctx;
  for (const d of destinations) {
    const app = await ensureApp(ctx, KEYS.destinationApp(d.name), names.destinationApp(d.name), d.type, d.appOptions);
    await ensureDestination(ctx, d, modelId, app.id);
  }
  await removeStale(ctx, modelId, new Set(destinations.map((d) => d.name)));
}
