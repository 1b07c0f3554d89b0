// A connection's stream configurations, checked the way Airbyte's AirbyteCatalogHelper checks them:
// the stream must exist, the sync mode must be one the source and destination allow together,
// incremental modes need a cursor (the source's, or one the user names among the stream's fields),
// deduped modes a primary key, and selected fields must be real top-level fields. No
// configurations at all means every stream, full refresh overwrite. Errors are 400 bad-request
// problems with Airbyte's messages.
import { AirbyteProblem, ErrorIdFailure } from './problems';
import { streamJsonSchema, streamsOf, type StreamDefinition } from './source-catalog';
import type { ConfiguredStream } from './store';
import { fieldPaths } from './streams';
import {
  combinedSyncModes,
  CONNECTION_SYNC_MODES,
  DESTINATION_SYNC_MODES,
  isDeduped,
  isIncremental,
  type ConnectionSyncMode,
} from './sync-modes';

function badRequest(message: string): AirbyteProblem {
  return new AirbyteProblem('bad-request', { message });
}

const sameList = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((v, i) => v === b[i]);
const show = (paths: string[][]) => `[${paths.map((p) => `[${p.join(', ')}]`).join(', ')}]`;

/** Jackson's view of one `StreamConfiguration`: shapes it cannot map are refused with an error id. */
function readStreamConfiguration(raw: unknown): {
  name: string;
  namespace?: string;
  syncMode?: ConnectionSyncMode;
  cursorField?: string[];
  primaryKey?: string[][];
  selectedFields?: { fieldPath: string[] }[];
} {
  const refuse = (why: string) => new ErrorIdFailure(422, `stream configuration: ${why}`);
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw refuse('not an object');
  const r = raw as Record<string, unknown>;
  if (typeof r.name !== 'string') throw refuse('name is required');
  const strings = (v: unknown): v is string[] => Array.isArray(v) && v.every((s) => typeof s === 'string');
  let syncMode: ConnectionSyncMode | undefined;
  if (r.syncMode !== undefined && r.syncMode !== null) {
    syncMode = CONNECTION_SYNC_MODES.find((m) => m === String(r.syncMode).toLowerCase());
    if (!syncMode) throw refuse(`unknown sync mode ${String(r.syncMode)}`);
  }
  if (r.cursorField != null && !strings(r.cursorField)) throw refuse('cursorField must be a list of strings');
  if (r.primaryKey != null && !(Array.isArray(r.primaryKey) && r.primaryKey.every(strings))) throw refuse('primaryKey must be a list of lists');
  const selected = r.selectedFields;
  if (selected != null && !(Array.isArray(selected) && selected.every((s) => typeof s === 'object' && s !== null && strings((s as { fieldPath?: unknown }).fieldPath ?? [])))) {
    throw refuse('selectedFields must be a list of {fieldPath}');
  }
  return {
    name: r.name,
    namespace: typeof r.namespace === 'string' ? r.namespace : undefined,
    syncMode,
    cursorField: (r.cursorField as string[] | null) ?? undefined,
    primaryKey: (r.primaryKey as string[][] | null) ?? undefined,
    selectedFields: (selected as { fieldPath?: string[] }[] | null)?.map((s) => ({ fieldPath: s.fieldPath ?? [] })),
  };
}

function checkSelectedFields(stream: StreamDefinition, selected: { fieldPath: string[] }[], mode: ConnectionSyncMode, cursor: string[]): void {
  const topLevel = Object.keys(stream.fields);
  if (selected.length === 0) throw badRequest(`No fields selected for stream ${stream.name}. The list of valid field names includes: [${topLevel.join(', ')}].`);
  const names = selected.map((s) => {
    if (s.fieldPath.length === 0) throw badRequest(`Selected field path cannot be empty for stream:  ${stream.name}.`);
    if (s.fieldPath.length > 1) throw badRequest(`Nested field selection not supported for stream ${stream.name}.`);
    return s.fieldPath[0] ?? '';
  });
  if (new Set(names).size !== names.length) throw badRequest(`Duplicate fields selected in configuration for stream: ${stream.name}.`);
  if (!names.every((n) => topLevel.includes(n))) {
    throw badRequest(`Invalid fields selected for stream ${stream.name}. The list of valid field names includes: [${topLevel.join(', ')}].`);
  }
  if (isDeduped(mode) && !stream.primaryKey.every((k) => names.includes(k[0] ?? ''))) {
    throw badRequest(`Primary key fields are not selected properly for stream: ${stream.name}. Please include primary key(s) in the configuration for this stream.`);
  }
  if (isIncremental(mode) && cursor.length && !names.includes(cursor[0] ?? '')) {
    throw badRequest(`Cursor field is not selected properly for stream: ${stream.name}. Please include the cursor field in selected fields for this stream.`);
  }
}

function resolveCursor(stream: StreamDefinition, requested: string[] | undefined): string[] {
  const fields = fieldPaths(streamJsonSchema(stream));
  if (stream.cursor) {
    if (requested?.length && !sameList(requested, [stream.cursor])) {
      throw badRequest(`Cursor Field [${requested.join(', ')}] is already defined by source for stream: ${stream.name}. Do not include a cursor field configuration for this stream.`);
    }
    return [stream.cursor];
  }
  if (!requested?.length) throw badRequest(`No default cursor field for stream: ${stream.name}. Please include a cursor field configuration for this stream.`);
  if (!fields.some((f) => sameList(f, requested))) {
    throw badRequest(`Invalid cursor field for stream: ${stream.name}. The list of valid cursor fields include: ${show(fields)}.`);
  }
  return requested;
}

function resolvePrimaryKey(stream: StreamDefinition, requested: string[][] | undefined): string[][] {
  if (!requested?.length) return stream.primaryKey;
  if (stream.primaryKey.length && JSON.stringify(requested) !== JSON.stringify(stream.primaryKey)) {
    throw badRequest(`Primary key for stream: ${stream.name} is already pre-defined. Please remove the primaryKey or provide the value as ${show(stream.primaryKey)}.`);
  }
  return requested;
}

/** The configured streams of a connection between a source type and a destination type. */
export function resolveStreams(sourceType: string, destinationType: string, configurations: unknown): ConfiguredStream[] {
  const catalog = streamsOf(sourceType);
  const streams = (configurations as { streams?: unknown } | undefined)?.streams;
  if (streams != null && !Array.isArray(streams)) throw new ErrorIdFailure(422, 'configurations.streams must be a list');
  if (!streams?.length) {
    return catalog.map((s) => ({ name: s.name, syncMode: 'full_refresh_overwrite', cursorField: s.cursor ? [s.cursor] : [], primaryKey: s.primaryKey }));
  }
  return streams.map((raw) => {
    const config = readStreamConfiguration(raw);
    const stream = catalog.find((s) => s.name === config.name);
    if (!stream) {
      throw badRequest(
        `No streams found with name [${config.name}] and namespace [${config.namespace ?? 'null'}]. Please call the https://reference.airbyte.com/reference/getstreamproperties endpoint to see the valid stream name and namespace combinations.`,
      );
    }
    const mode = config.syncMode ?? 'full_refresh_overwrite';
    const valid = combinedSyncModes(stream.syncModes, DESTINATION_SYNC_MODES[destinationType] ?? []);
    if (mode !== 'full_refresh_overwrite' && !valid.includes(mode)) {
      throw badRequest(`Cannot set sync mode to ${mode} for stream ${stream.name}. Valid sync modes are: [${valid.join(', ')}]`);
    }
    const cursorField = isIncremental(mode) ? resolveCursor(stream, config.cursorField) : stream.cursor ? [stream.cursor] : [];
    const primaryKey = resolvePrimaryKey(stream, config.primaryKey);
    if (isDeduped(mode) && primaryKey.length === 0) {
      throw badRequest(`No default primary key for stream: ${stream.name}. Please include a primary key configuration for this stream.`);
    }
    if (config.selectedFields) checkSelectedFields(stream, config.selectedFields, mode, cursorField);
    const configured: ConfiguredStream = { name: stream.name, syncMode: mode, cursorField, primaryKey };
    if (config.selectedFields) configured.selectedFields = config.selectedFields;
    return configured;
  });
}
