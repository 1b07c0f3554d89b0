// `GET /streams?sourceId=&destinationId=`: the streams a source offers, with the combined sync modes
// its destination allows (none listed without a destination, as Airbyte does), cursor, primary key
// and every field path (nested ones included).
import { jsonResponse } from '../core/stand-in-server';
import { requireActor } from './actors';
import { PUBLIC_API, type Route } from './context';
import { queryBoolean, queryUuid } from './request-input';
import { streamJsonSchema, streamsOf, type StreamDefinition } from './source-catalog';
import { combinedSyncModes, DESTINATION_SYNC_MODES } from './sync-modes';

/** Every field path of a JSON schema, parents before their children (StreamsController.getStreamFields). */
export function fieldPaths(schema: unknown): string[][] {
  const out: string[][] = [];
  const properties = (schema as { properties?: Record<string, unknown> } | null)?.properties;
  if (!properties) return out;
  for (const [name, sub] of Object.entries(properties)) {
    out.push([name]);
    for (const nested of fieldPaths(sub)) out.push([name, ...nested]);
  }
  return out;
}

function streamProperties(stream: StreamDefinition, destinationType: string | undefined): Record<string, unknown> {
  const view: Record<string, unknown> = {
    streamName: stream.name,
    defaultCursorField: stream.cursor ? [stream.cursor] : [],
    sourceDefinedCursorField: stream.cursor !== undefined,
    sourceDefinedPrimaryKey: stream.primaryKey,
    propertyFields: fieldPaths(streamJsonSchema(stream)),
  };
  if (stream.namespace) view.streamnamespace = stream.namespace;
  if (destinationType) view.syncModes = combinedSyncModes(stream.syncModes, DESTINATION_SYNC_MODES[destinationType] ?? []);
  return view;
}

export const streamRoutes: Route[] = [
  {
    method: 'GET',
    template: `${PUBLIC_API}/streams`,
    operationId: 'getStreamProperties',
    handle(ctx, request) {
      const sourceId = queryUuid(request.query, 'sourceId', true) ?? '';
      const destinationId = queryUuid(request.query, 'destinationId', false);
      queryBoolean(request.query, 'ignoreCache');
      const source = requireActor(ctx, 'source', sourceId);
      const destination = destinationId ? requireActor(ctx, 'destination', destinationId) : undefined;
      return jsonResponse(
        200,
        streamsOf(source.connectorType).map((s) => streamProperties(s, destination?.connectorType)),
      );
    },
  },
];
