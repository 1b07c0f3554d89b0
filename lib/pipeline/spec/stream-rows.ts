// A source's streams as the wizard edits them: Airbyte's names for the sync modes, and the cursor
// field and primary key typed as text (`data.updated_at`; `id, account.id`) for the spec's paths.
// Client-safe: the sync modes come in as a type only, so zod stays on the server.
import type { JsonObject, JsonValue } from '@/lib/pipeline/catalog/form-model';
import type { SyncMode } from './sources';

/** In Airbyte's own words, in the order its connection screen lists them. */
export const SYNC_MODE_LABELS: Record<SyncMode, string> = {
  full_refresh_overwrite: 'Full refresh | Overwrite',
  full_refresh_append: 'Full refresh | Append',
  incremental_append: 'Incremental | Append',
  incremental_deduped_history: 'Incremental | Append + Deduped',
};

export const SYNC_MODE_OPTIONS = Object.entries(SYNC_MODE_LABELS).map(([value, label]) => ({ value, label }));

/** The mode a new stream row starts with: Airbyte's default for a stream without a cursor. */
export const DEFAULT_SYNC_MODE: SyncMode = 'full_refresh_overwrite';

/** Incremental modes resume from a cursor field. */
export const usesCursor = (mode: unknown) => mode === 'incremental_append' || mode === 'incremental_deduped_history';

/** Only deduplication needs a primary key. */
export const usesPrimaryKey = (mode: unknown) => mode === 'incremental_deduped_history';

/** `data.updated_at` → ['data', 'updated_at']; blank → undefined. Empty segments are dropped. */
export function fieldPathFromText(text: string): string[] | undefined {
  const segments = text
    .split('.')
    .map((s) => s.trim())
    .filter(Boolean);
  return segments.length > 0 ? segments : undefined;
}

export function textFromFieldPath(value: unknown): string {
  return Array.isArray(value) ? value.filter((s) => typeof s === 'string').join('.') : '';
}

/** `id, account.id` → [['id'], ['account', 'id']] (a composite key); blank → undefined. */
export function primaryKeyFromText(text: string): string[][] | undefined {
  const fields = text
    .split(',')
    .map(fieldPathFromText)
    .filter((field): field is string[] => field !== undefined);
  return fields.length > 0 ? fields : undefined;
}

export function textFromPrimaryKey(value: unknown): string {
  return Array.isArray(value) ? value.map(textFromFieldPath).filter(Boolean).join(', ') : '';
}

/** A stream row with a new mode: cursor and key dropped where the mode does not use them. */
export function withSyncMode(stream: JsonObject, mode: SyncMode): JsonObject {
  const next: JsonObject = { ...stream, syncMode: mode };
  if (!usesCursor(mode)) delete next.cursorField;
  if (!usesPrimaryKey(mode)) delete next.primaryKey;
  return next;
}

/** Sets or (undefined) removes one key of a stream row. */
export function withStreamKey(stream: JsonObject, key: string, value: JsonValue | undefined): JsonObject {
  const next: JsonObject = { ...stream };
  if (value === undefined) delete next[key];
  else next[key] = value;
  return next;
}
