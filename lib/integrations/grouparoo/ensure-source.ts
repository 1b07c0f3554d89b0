// The import half of a pipeline in Grouparoo: the model "<slug> users", an app on the warehouse, a
// table source on the unified users table whose primary key column becomes the model's unique
// property (Grouparoo's bootstrap), a property per other column, and the source's schedule. The
// schedule reads the whole table each run (not incremental, sorted by the primary key): the
// unified users table is rebuilt by dbt on every run, so there is no reliable high-water mark. It
// is not recurring either: Tapestry starts runs once ingest and transform have finished.
import { recordEnsured, recordUpdated, cannotConverge, type EnsureContext } from './ensure-context';
import { ensureApp } from './ensure-app';
import { ensureObject, hasOptions, sameMapping } from './ensure-object';
import { KEYS } from './names';
import { objectPath, type ItemOf } from './objects';
import { anySchema } from './schemas';
import type { PipelineInput, UnifiedUsersTable, WarehouseApp } from './types';

/** Grouparoo's table import connection for each warehouse plugin. */
const TABLE_SOURCE: Record<WarehouseApp['kind'], string> = { postgres: 'postgres-import-table', snowflake: 'snowflake-table-import' };

/** Email-looking columns are typed `email` (Grouparoo checks and normalises them); the rest are strings. */
export function propertyType(column: string): 'email' | 'string' {
  return /email/i.test(column) ? 'email' : 'string';
}

/** The app's options, with the search path set to the table's schema (the import names the table unqualified). */
function warehouseOptions(warehouse: WarehouseApp, table: UnifiedUsersTable): Record<string, unknown> {
  return { ...warehouse.options, schema: table.schema };
}

async function ensureModel(ctx: EnsureContext): Promise<ItemOf<'model'>> {
  const { objects, names, o } = ctx;
  const ensured = await ensureObject(names.model, {
    find: async () => (await objects.list('model', {}, 'provision', o)).filter((m) => m.name === names.model),
    create: () => objects.create('model', { name: names.model, type: 'profile' }, `create the model "${names.model}"`, o),
    remove: (id) => objects.remove(objectPath('model', id), {}, `remove the model "${names.model}"`, o),
  });
  recordEnsured(ctx, KEYS.model, ensured);
  return ensured.item;
}

async function ensureTableSource(ctx: EnsureContext, input: PipelineInput, appId: string, modelId: string): Promise<ItemOf<'source'>> {
  const { objects, names, o } = ctx;
  const ensured = await ensureObject(names.source, {
    find: async () => (await objects.list('source', { modelId }, 'provision', o)).filter((s) => s.name === names.source),
    create: () =>
      objects.create(
        'source',
        { name: names.source, appId, modelId, type: TABLE_SOURCE[input.warehouse.kind], options: { table: input.unifiedUsersTable.table } },
        `create the source "${names.source}"`,
        o,
      ),
    remove: (id) => objects.remove(objectPath('source', id), {}, `remove the source "${names.source}"`, o),
  });
  recordEnsured(ctx, KEYS.source, ensured);
  return ensured.item;
}

/** The unique property first (Grouparoo's bootstrap, allowed while the source is a draft), then the source's mapping and readiness. */
async function completeSource(ctx: EnsureContext, source: ItemOf<'source'>, table: UnifiedUsersTable, appId: string, properties: ItemOf<'property'>[]): Promise<void> {
  const { objects, names, o } = ctx;
  const pk = table.primaryKey;
  const pkKey = names.propertyKey(pk);
  const mapped = Object.entries(source.mapping).filter(([, key]) => key !== null);
  if (mapped.length > 0 && !sameMapping(source.mapping, { [pk]: pkKey })) {
    throw cannotConverge('unifiedUsersTable.primaryKey', `The Grouparoo source "${names.source}" is keyed by another column than ${pk}.`);
  }
  const pkProperty = properties.find((p) => p.key === pkKey);
  if (pkProperty) ctx.ids[KEYS.property(pk)] = pkProperty.id;
  else {
    const what = `create the unique property "${pkKey}"`;
    const answer = await objects.act(`${objectPath('source', source.id)}/bootstrapUniqueProperty`, { key: pkKey, type: propertyType(pk), mappedColumn: pk }, anySchema, 'provision', what, o);
    const id = (answer as { property?: { id?: unknown } }).property?.id;
    if (typeof id === 'string') ctx.ids[KEYS.property(pk)] = id;
    ctx.created.push(KEYS.property(pk));
  }
  const ready = source.state === 'ready' && mapped.length > 0 && source.appId === appId && hasOptions(source.options, { table: table.table });
  if (ready) return;
  await objects.update('source', source.id, { appId, options: { table: table.table }, mapping: { [pk]: pkKey }, state: 'ready' }, `complete the source "${names.source}"`, o);
  recordUpdated(ctx, KEYS.source);
}

async function ensureColumnProperty(ctx: EnsureContext, sourceId: string, column: string, existing: ItemOf<'property'>[]): Promise<void> {
  const { objects, names, o } = ctx;
  const key = names.propertyKey(column);
  const options = { column, aggregationMethod: 'exact' };
  const type = propertyType(column);
  let first = true;
  const ensured = await ensureObject(key, {
    // The first look reuses the source's property listing; a second (after a create) asks again.
    find: async () => {
      const listed = first ? existing : await objects.list('property', { sourceId }, 'provision', o);
      first = false;
      return listed.filter((p) => p.key === key);
    },
    create: () => objects.create('property', { key, type, sourceId, state: 'ready', options }, `create the property "${key}"`, o),
    remove: (id) => objects.remove(objectPath('property', id), {}, `remove the property "${key}"`, o),
  });
  recordEnsured(ctx, KEYS.property(column), ensured);
  const property = ensured.item;
  if (property.state === 'ready' && property.type === type && hasOptions(property.options, options)) return;
  await objects.update('property', property.id, { type, options, state: 'ready' }, `update the property "${key}"`, o);
  recordUpdated(ctx, KEYS.property(column));
}

async function ensureSchedule(ctx: EnsureContext, source: ItemOf<'source'>, modelId: string, primaryKey: string): Promise<void> {
  const { objects, names, o } = ctx;
  const options = { column: primaryKey };
  // Grouparoo allows one schedule per source, so the source identifies it.
  const ensured = await ensureObject(names.schedule, {
    find: async () => (await objects.list('schedule', { modelId }, 'provision', o)).filter((s) => s.sourceId === source.id),
    create: () =>
      objects.create(
        'schedule',
        { name: names.schedule, sourceId: source.id, recurring: false, incremental: false, state: 'ready', options },
        `create the schedule "${names.schedule}"`,
        o,
      ),
    remove: (id) => objects.remove(objectPath('schedule', id), {}, `remove the schedule "${names.schedule}"`, o),
  });
  recordEnsured(ctx, KEYS.schedule, ensured);
  const schedule = ensured.item;
  if (schedule.state === 'ready' && !schedule.recurring && !schedule.incremental && hasOptions(schedule.options, options)) return;
  await objects.update('schedule', schedule.id, { recurring: false, incremental: false, options, state: 'ready' }, `update the schedule "${names.schedule}"`, o);
  recordUpdated(ctx, KEYS.schedule);
}

export interface EnsuredSource {
  modelId: string;
  sourceId: string;
  /** Properties of this source whose column is no longer in the table (removed once no mapping uses them). */
  staleProperties: ItemOf<'property'>[];
}

export async function ensureSource(ctx: EnsureContext, input: PipelineInput): Promise<EnsuredSource> {
  const { objects, names, o } = ctx;
  const table = input.unifiedUsersTable;
  const model = await ensureModel(ctx);
  const app = await ensureApp(ctx, KEYS.warehouseApp, names.warehouseApp, input.warehouse.kind, warehouseOptions(input.warehouse, table));
  const source = await ensureTableSource(ctx, input, app.id, model.id);
  const properties = await objects.list('property', { sourceId: source.id }, 'provision', o);
  await completeSource(ctx, source, table, app.id, properties);
  for (const column of table.columns) {
    if (column !== table.primaryKey) await ensureColumnProperty(ctx, source.id, column, properties);
  }
  await ensureSchedule(ctx, source, model.id, table.primaryKey);
  const staleProperties = properties.filter((p) => {
    const column = names.columnOf(p.key);
    return column !== undefined && !p.isPrimaryKey && !table.columns.includes(column);
  });
  return { modelId: model.id, sourceId: source.id, staleProperties };
}
