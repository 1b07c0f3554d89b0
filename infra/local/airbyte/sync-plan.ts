// What one sync moves, decided when it starts: per configured stream, the records the source emits
// (all of them for full refresh; for incremental, those past the committed cursor, oldest first),
// projected to the selected fields, and where they land in the destination. A job keeps the basis
// it was planned from (`SyncBasis`), so after a restart it re-plans exactly the same records even
// if the connection, its state or the source changed meanwhile.
import { streamsOf, type FieldType } from './source-catalog';
import type { Actor, ConfiguredStream, Connection } from './store';
import { isDeduped, isIncremental, isOverwrite } from './sync-modes';
import { postgresName, type StreamTarget } from './warehouse-writer';

export interface StreamWork {
  stream: ConfiguredStream;
  target: StreamTarget;
  /** The field whose value advances the incremental state; absent for full refresh. */
  cursorField?: string;
  records: Record<string, unknown>[];
}

/** What a sync plan depends on. */
export interface SyncBasis {
  connection: Pick<Connection, 'streams' | 'prefix' | 'namespaceDefinition' | 'namespaceFormat' | 'cursors'>;
  source: Pick<Actor, 'connectorType' | 'addedRecords'>;
  destinationSchema: string;
}

/** A copy of what the plan depends on, as it is now (when a job starts). */
export function syncBasis(connection: Connection, source: Actor, destination: Actor): SyncBasis {
  const { streams, prefix, namespaceDefinition, namespaceFormat, cursors } = connection;
  const fallbackSchema = destination.connectorType === 'postgres' ? 'public' : 'PUBLIC';
  return structuredClone({
    connection: { streams, prefix, namespaceDefinition, namespaceFormat, cursors },
    source: { connectorType: source.connectorType, addedRecords: source.addedRecords },
    destinationSchema: String(destination.configuration.schema ?? fallbackSchema),
  });
}

/** Orders cursor values: numbers numerically, anything else as text (ISO timestamps sort as text). */
export function compareCursor(a: unknown, b: unknown): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0;
}

function namespaceFor(connection: SyncBasis['connection'], sourceNamespace: string | undefined, destinationSchema: string): string {
  if (connection.namespaceDefinition === 'source') return sourceNamespace ?? destinationSchema;
  if (connection.namespaceDefinition === 'custom_format' && connection.namespaceFormat) {
    return connection.namespaceFormat.replace('${SOURCE_NAMESPACE}', sourceNamespace ?? destinationSchema);
  }
  return destinationSchema;
}

export function planSync(connection: SyncBasis['connection'], source: SyncBasis['source'], destinationSchema: string): StreamWork[] {
  const catalog = streamsOf(source.connectorType);
  return connection.streams.flatMap((configured) => {
    const definition = catalog.find((s) => s.name === configured.name);
    if (!definition) return [];
    const selected = configured.selectedFields?.map((f) => f.fieldPath[0] ?? '');
    const columns: Record<string, FieldType> = Object.fromEntries(
      Object.entries(definition.fields).filter(([name]) => !selected || selected.includes(name)),
    );
    const total = definition.baseCount + (source.addedRecords[definition.name] ?? 0);
    let records = Array.from({ length: total }, (_, i) => definition.record(i));
    const cursorField = isIncremental(configured.syncMode) ? configured.cursorField?.[0] : undefined;
    if (cursorField) {
      const state = connection.cursors.get(configured.name);
      records = records
        .filter((r) => state === undefined || compareCursor(r[cursorField], state) > 0)
        .sort((a, b) => compareCursor(a[cursorField], b[cursorField]));
    }
    const projected = records.map((r) => Object.fromEntries(Object.keys(columns).map((name) => [name, r[name] ?? null])));
    const target: StreamTarget = {
      schema: postgresName(namespaceFor(connection, definition.namespace, destinationSchema)),
      table: postgresName(connection.prefix + configured.name),
      columns,
      overwrite: isOverwrite(configured.syncMode),
    };
    if (isDeduped(configured.syncMode)) target.dedupKey = (configured.primaryKey ?? []).map((k) => k[0] ?? '').filter(Boolean);
    return [{ stream: configured, target, cursorField, records: projected }];
  });
}
