// Airbyte's combined sync modes: what a source stream supports (full refresh, incremental) crossed
// with what a destination supports (overwrite, append, append with dedup), in the order the public
// API's `GET /streams` lists them (StreamsController.getValidSyncModes).

export const CONNECTION_SYNC_MODES = [
  'full_refresh_overwrite',
  'full_refresh_overwrite_deduped',
  'full_refresh_append',
  'full_refresh_update',
  'full_refresh_soft_delete',
  'incremental_append',
  'incremental_deduped_history',
  'incremental_update',
  'incremental_soft_delete',
] as const;

export type ConnectionSyncMode = (typeof CONNECTION_SYNC_MODES)[number];
export type SourceSyncMode = 'full_refresh' | 'incremental';
export type DestinationSyncMode = 'overwrite' | 'append' | 'append_dedup';

/** Source mode × destination mode → combined mode, in listing order. */
const COMBINATIONS: [SourceSyncMode, DestinationSyncMode, ConnectionSyncMode][] = [
  ['full_refresh', 'append', 'full_refresh_append'],
  ['full_refresh', 'overwrite', 'full_refresh_overwrite'],
  ['incremental', 'append', 'incremental_append'],
  ['incremental', 'append_dedup', 'incremental_deduped_history'],
];

/** Destination modes of the destinations the stand-in offers (both Airbyte warehouses support all three). */
export const DESTINATION_SYNC_MODES: Readonly<Record<string, DestinationSyncMode[]>> = {
  postgres: ['overwrite', 'append', 'append_dedup'],
  snowflake: ['overwrite', 'append', 'append_dedup'],
};

export function combinedSyncModes(sourceModes: readonly SourceSyncMode[], destinationModes: readonly DestinationSyncMode[]): ConnectionSyncMode[] {
  return COMBINATIONS.filter(([s, d]) => sourceModes.includes(s) && destinationModes.includes(d)).map(([, , mode]) => mode);
}

export function isIncremental(mode: ConnectionSyncMode): boolean {
  return mode.startsWith('incremental_');
}

/** Modes that replace what the destination held (Airbyte writes a temporary table and swaps it in). */
export function isOverwrite(mode: ConnectionSyncMode): boolean {
  return mode === 'full_refresh_overwrite' || mode === 'full_refresh_overwrite_deduped';
}

/** Modes that keep one row per primary key. */
export function isDeduped(mode: ConnectionSyncMode): boolean {
  return mode === 'incremental_deduped_history' || mode === 'full_refresh_overwrite_deduped';
}
