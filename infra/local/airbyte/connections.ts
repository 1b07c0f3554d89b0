// Connections (`/connections`): a source wired to a destination with its configured streams and
// schedule. Create and patch check schedules and stream configurations as Airbyte does; delete
// cancels a running sync and leaves a tombstone.
import { randomUUID } from 'node:crypto';
import { jsonResponse } from '../core/stand-in-server';
import { requireActor } from './actors';
import { resolveStreams } from './connection-streams';
import { epochSeconds, PUBLIC_API, type AirbyteContext, type Route } from './context';
import { cronProblem, normalizeCron } from './cron';
import { listResources } from './listing';
import { AirbyteProblem, notFound } from './problems';
import { BodyReader } from './request-input';
import type { Connection, ConnectionSchedule } from './store';

const NAMESPACE_DEFINITIONS = ['source', 'destination', 'custom_format'] as const;
const NON_BREAKING_BEHAVIOURS = ['ignore', 'disable_connection', 'propagate_columns', 'propagate_fully'] as const;
const SETTABLE_STATUSES = ['active', 'inactive', 'deprecated', 'locked'] as const;

export function connectionView(connection: Connection): Record<string, unknown> {
  const view: Record<string, unknown> = {
    connectionId: connection.connectionId,
    name: connection.name,
    sourceId: connection.sourceId,
    destinationId: connection.destinationId,
    workspaceId: connection.workspaceId,
    status: connection.status,
    schedule: connection.schedule,
    nonBreakingSchemaUpdatesBehavior: connection.nonBreakingSchemaUpdatesBehavior,
    namespaceDefinition: connection.namespaceDefinition,
    prefix: connection.prefix,
    configurations: { streams: connection.streams.map((s) => ({ ...s })) },
    createdAt: connection.createdAt,
    tags: [],
  };
  if (connection.namespaceFormat !== undefined) view.namespaceFormat = connection.namespaceFormat;
  return view;
}

export function requireConnection(ctx: AirbyteContext, id: string): Connection {
  const found = ctx.store.liveConnection(id.toLowerCase());
  if (!found) throw notFound('connection', id);
  return found;
}

/** Reads `schedule`; Airbyte stores cron expressions in UTC and shows them with the zone. */
function readSchedule(body: BodyReader): ConnectionSchedule | undefined {
  const raw = body.object('schedule');
  if (!raw) return undefined;
  const inner = new BodyReader(raw);
  const scheduleType = inner.enumOf('scheduleType', ['manual', 'cron'] as const, true) ?? 'manual';
  if (scheduleType === 'manual') return { scheduleType };
  const expression = inner.string('cronExpression');
  if (expression === undefined) throw new AirbyteProblem('bad-request', { message: 'Missing cron expression in the schedule.' });
  const problem = cronProblem(expression);
  if (problem) throw new AirbyteProblem('bad-request', { message: problem });
  return { scheduleType, cronExpression: `${normalizeCron(expression)} UTC` };
}

/** Applies the optional settings create and patch share. */
function applySettings(connection: Connection, body: BodyReader): void {
  connection.name = body.string('name') ?? connection.name;
  connection.schedule = readSchedule(body) ?? connection.schedule;
  connection.namespaceDefinition = body.enumOf('namespaceDefinition', NAMESPACE_DEFINITIONS) ?? connection.namespaceDefinition;
  connection.namespaceFormat = body.string('namespaceFormat') ?? connection.namespaceFormat;
  connection.prefix = body.string('prefix') ?? connection.prefix;
  connection.nonBreakingSchemaUpdatesBehavior = body.enumOf('nonBreakingSchemaUpdatesBehavior', NON_BREAKING_BEHAVIOURS) ?? connection.nonBreakingSchemaUpdatesBehavior;
  const status = body.enumOf('status', SETTABLE_STATUSES);
  if (status === 'active' || status === 'inactive') connection.status = status;
}

export const connectionRoutes: Route[] = [
  {
    method: 'POST',
    template: `${PUBLIC_API}/connections`,
    operationId: 'createConnection',
    handle(ctx, request) {
      const body = BodyReader.fromRequest(request, 'connectionCreateRequest');
      const sourceId = body.uuid('sourceId', true) ?? '';
      const destinationId = body.uuid('destinationId', true) ?? '';
      const destination = requireActor(ctx, 'destination', destinationId);
      const source = requireActor(ctx, 'source', sourceId);
      const connection: Connection = {
        connectionId: randomUUID(),
        name: `${source.name} <> ${destination.name}`,
        sourceId,
        destinationId,
        workspaceId: destination.workspaceId,
        status: 'active',
        schedule: { scheduleType: 'manual' },
        namespaceDefinition: 'destination',
        prefix: '',
        nonBreakingSchemaUpdatesBehavior: 'ignore',
        streams: resolveStreams(source.connectorType, destination.connectorType, body.object('configurations')),
        createdAt: epochSeconds(ctx),
        cursors: new Map(),
        generations: new Map(),
      };
      applySettings(connection, body);
      ctx.store.connections.set(connection.connectionId, connection);
      return jsonResponse(200, connectionView(connection));
    },
  },
  {
    method: 'GET',
    template: `${PUBLIC_API}/connections`,
    operationId: 'listConnections',
    handle: (ctx, request) =>
      jsonResponse(
        200,
        listResources(request.query, `${ctx.apiUrl}/connections`, ctx.store.connections.values(), {
          deleted: (c) => c.status === 'deprecated',
          workspaceId: (c) => c.workspaceId,
          view: connectionView,
        }),
      ),
  },
  {
    method: 'GET',
    template: `${PUBLIC_API}/connections/{connectionId}`,
    operationId: 'getConnection',
    handle: (ctx, _request, params) => jsonResponse(200, connectionView(requireConnection(ctx, params.connectionId ?? ''))),
  },
  {
    method: 'PATCH',
    template: `${PUBLIC_API}/connections/{connectionId}`,
    operationId: 'patchConnection',
    handle(ctx, request, params) {
      const connection = requireConnection(ctx, params.connectionId ?? '');
      const body = BodyReader.fromRequest(request, 'connectionPatchRequest');
      const configurations = body.object('configurations');
      const patched: Connection = { ...connection };
      if (configurations) {
        const source = requireActor(ctx, 'source', connection.sourceId);
        const destination = requireActor(ctx, 'destination', connection.destinationId);
        patched.streams = resolveStreams(source.connectorType, destination.connectorType, configurations);
      }
      applySettings(patched, body);
      Object.assign(connection, patched);
      return jsonResponse(200, connectionView(connection));
    },
  },
  {
    method: 'DELETE',
    template: `${PUBLIC_API}/connections/{connectionId}`,
    operationId: 'deleteConnection',
    handle(ctx, _request, params) {
      const connection = requireConnection(ctx, params.connectionId ?? '');
      ctx.syncs.cancelActive(connection.connectionId);
      connection.status = 'deprecated';
      return { status: 204 };
    },
  },
];
