// Tears a pipeline out of Grouparoo in the order its checks allow: the schedule (its runs go with
// it), the destinations (Grouparoo refuses while exports are in flight, so that is waited out,
// boundedly), the properties, the source (its unique property goes with it), the model's records,
// the model, then the apps. Deleting here removes Grouparoo's configuration and its copy of the
// records, never what the destinations already hold. Anything already gone is fine, so a teardown
// that stopped anywhere can run again.
import { pause, type CallOptions } from '../call-limits';
import { IntegrationError } from '../errors';
import { isPendingExports } from './failures';
import { KEYS, pipelineNames, type PipelineNames } from './names';
import { objectPath, type GrouparooObjects } from './objects';
import { recordPageSchema } from './schemas';

/** Waiting for a destination's exports: 30 tries, 2 s apart. */
const EXPORT_WAIT_TRIES = 30;
const EXPORT_WAIT_MS = 2_000;
/** Records are deleted one call each, a few at a time, at most 1000 pages of 100 per teardown. */
const RECORD_PAGE = 100;
const RECORD_PAGES = 1_000;
const RECORD_PARALLEL = 4;

async function removeDestination(objects: GrouparooObjects, id: string, name: string, o: CallOptions): Promise<boolean> {
  for (let attempt = 1; ; attempt++) {
    try {
      // force: delete now instead of marking it for Grouparoo's sweeper, which runs every 30 s.
      return await objects.remove(objectPath('destination', id), { force: true }, `remove the destination "${name}"`, o);
    } catch (error) {
      if (!isPendingExports(error) || attempt >= EXPORT_WAIT_TRIES) throw error;
      await pause(EXPORT_WAIT_MS, o.signal, 'grouparoo');
    }
  }
}

async function removeRecords(objects: GrouparooObjects, modelId: string, o: CallOptions): Promise<number> {
  let removed = 0;
  for (let page = 0; page < RECORD_PAGES; page++) {
    const { records } = await objects.read('/records', { modelId, limit: RECORD_PAGE, offset: 0 }, recordPageSchema, 'teardown', o);
    if (records.length === 0) return removed;
    for (let i = 0; i < records.length; i += RECORD_PARALLEL) {
      const batch = records.slice(i, i + RECORD_PARALLEL);
      const done = await Promise.all(batch.map((r) => objects.remove(`/record/${encodeURIComponent(r.id)}`, {}, 'remove a record', o)));
      removed += done.filter(Boolean).length;
    }
  }
  throw new IntegrationError({
    provider: 'grouparoo',
    failureClass: 'unavailable',
    code: 'too-many-records',
    step: 'teardown',
    cause: `Grouparoo still holds records after ${RECORD_PAGE * RECORD_PAGES} were removed.`,
    hint: 'Run the teardown again to remove the rest.',
  });
}

async function removeModel(objects: GrouparooObjects, names: PipelineNames, modelId: string, o: CallOptions): Promise<string[]> {
  const removed: string[] = [];
  const suffix = (name: string, prefix: string) => (name.startsWith(prefix) ? name.slice(prefix.length) : name);
  for (const schedule of await objects.list('schedule', { modelId }, 'teardown', o, true)) {
    if (await objects.remove(objectPath('schedule', schedule.id), {}, `remove the schedule "${schedule.name}"`, o)) removed.push(KEYS.schedule);
  }
  for (const d of await objects.list('destination', { modelId }, 'teardown', o, true)) {
    if (await removeDestination(objects, d.id, d.name, o)) removed.push(KEYS.destination(suffix(d.name, names.destinationPrefix)));
  }
  for (const source of await objects.list('source', { modelId }, 'teardown', o, true)) {
    const properties = await objects.list('property', { sourceId: source.id }, 'teardown', o, true);
    for (const p of properties.filter((x) => !x.isPrimaryKey)) {
      if (await objects.remove(objectPath('property', p.id), {}, `remove the property "${p.key}"`, o)) removed.push(KEYS.property(names.columnOf(p.key) ?? p.key));
    }
    // The unique property goes with its source.
    if (await objects.remove(objectPath('source', source.id), {}, `remove the source "${source.name}"`, o)) {
      removed.push(KEYS.source, ...properties.filter((x) => x.isPrimaryKey).map((x) => KEYS.property(names.columnOf(x.key) ?? x.key)));
    }
  }
  const records = await removeRecords(objects, modelId, o);
  if (records > 0) removed.push(`records:${records}`);
  if (await objects.remove(objectPath('model', modelId), {}, `remove the model "${names.model}"`, o)) removed.push(KEYS.model);
  return removed;
}

export async function removePipeline(objects: GrouparooObjects, slug: string, o: CallOptions): Promise<string[]> {
  const names = pipelineNames(slug);
  const removed: string[] = [];
  for (const model of (await objects.list('model', {}, 'teardown', o, true)).filter((m) => m.name === names.model)) {
    removed.push(...(await removeModel(objects, names, model.id, o)));
  }
  // Apps last: Grouparoo refuses to delete one a source or destination still uses.
  for (const app of await objects.list('app', {}, 'teardown', o, true)) {
    const key = app.name === names.warehouseApp ? KEYS.warehouseApp : app.name.startsWith(names.destinationAppPrefix) ? KEYS.destinationApp(app.name.slice(names.destinationAppPrefix.length)) : undefined;
    if (key && (await objects.remove(objectPath('app', app.id), {}, `remove the app "${app.name}"`, o))) removed.push(key);
  }
  return removed;
}
