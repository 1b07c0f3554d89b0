// The raw tables the unified users models read: where Airbyte lands each Rain Shield stream in the
// warehouse. Airbyte writes a stream to `<schema>.<prefix><stream>`; the preset sets the schema to
// RAW_SCHEMA and gives each source its own prefix, since Zoom and Zendesk both have a `users` stream.

/** The warehouse schema Airbyte writes into, which is also the dbt source's name. */
export const RAW_SCHEMA = 'raw';

/** Per source, its Airbyte source type, table prefix and the streams the models read. */
export const RAW_STREAMS = {
  zoom: { type: 'zoom', prefix: 'zoom_', streams: ['users', 'webinar_registrants'] },
  salesforce: { type: 'salesforce', prefix: 'salesforce_', streams: ['Contact'] },
  stripe: { type: 'stripe', prefix: 'stripe_', streams: ['customers'] },
  zendesk: { type: 'zendesk-support', prefix: 'zendesk_', streams: ['users'] },
} as const;

/** Every raw table name, as the dbt source declares it. */
export function rawTables(): string[] {
  return Object.values(RAW_STREAMS).flatMap(({ prefix, streams }) => streams.map((stream) => `${prefix}${stream}`));
}
