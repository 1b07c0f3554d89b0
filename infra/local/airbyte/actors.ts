// Sources and destinations (`/sources`, `/destinations`): one set of handlers for both kinds, as
// Airbyte's own SourcesController and DestinationsController mirror each other. The connector type
// comes from `definitionId` or the configuration's `sourceType` / `destinationType`, which Airbyte
// strips before storing; the configuration is validated against the connector's schema; secrets
// are masked on every read and a masked value sent back means "keep the stored secret".
import { randomUUID } from 'node:crypto';
import { jsonResponse } from '../core/stand-in-server';
import { maskSecrets, restoreMaskedSecrets, validationMessages, deepMerge } from './configuration';
import { connectorSchema, definitionIdFor, typeField, typeForDefinition, type JsonSchema } from './connectors';
import { epochSeconds, PUBLIC_API, type AirbyteContext, type Route } from './context';
import { listResources } from './listing';
import { AirbyteProblem, notFound } from './problems';
import { BodyReader } from './request-input';
import type { Actor, ActorKind } from './store';
import { requireWorkspace } from './workspaces';

type JsonObject = Record<string, unknown>;

const PLURAL: Record<ActorKind, string> = { source: 'sources', destination: 'destinations' };
const MODEL: Record<ActorKind, string> = { source: 'Source', destination: 'Destination' };

function schemaOf(actor: Pick<Actor, 'kind' | 'connectorType'>): JsonSchema {
  const schema = connectorSchema(actor.kind, actor.connectorType);
  if (!schema) throw new Error(`no schema for ${actor.kind} ${actor.connectorType}`);
  return schema;
}

export function actorView(actor: Actor): JsonObject {
  return {
    [`${actor.kind}Id`]: actor.id,
    name: actor.name,
    [`${actor.kind}Type`]: actor.connectorType,
    definitionId: actor.definitionId,
    workspaceId: actor.workspaceId,
    configuration: maskSecrets(actor.configuration, schemaOf(actor)),
    createdAt: actor.createdAt,
  };
}

export function requireActor(ctx: AirbyteContext, kind: ActorKind, id: string): Actor {
  const found = ctx.store.liveActor(kind, id.toLowerCase());
  if (!found) throw notFound(kind, id);
  return found;
}

/** Airbyte stores configurations without the connector-type field. */
function withoutTypeField(kind: ActorKind, configuration: JsonObject): JsonObject {
  const { [typeField(kind)]: _type, ...rest } = configuration;
  return rest;
}

/** Throws the 422 Airbyte answers (JsonValidationException → UnprocessableEntityProblem) for an invalid configuration. */
export function assertValidConfiguration(kind: ActorKind, connectorType: string, configuration: JsonObject): void {
  const schema = connectorSchema(kind, connectorType);
  if (!schema) return;
  const errors = validationMessages(schema, { ...configuration, [typeField(kind)]: connectorType });
  if (errors.length) {
    throw new AirbyteProblem('unprocessable-entity', {
      message: `json schema validation failed when comparing the data to the json schema. \nErrors: ${errors.join(', ')} `,
    });
  }
}

/** The connector type a create request names, as the public API resolves it. */
function requestedType(kind: ActorKind, body: BodyReader, configuration: JsonObject): { type: string; definitionId: string } {
  const definitionId = body.uuid('definitionId');
  if (definitionId) {
    const type = typeForDefinition(kind, definitionId);
    if (!type) throw notFound(`${kind}_definition`, definitionId);
    return { type, definitionId };
  }
  const named = configuration[typeField(kind)];
  if (named === undefined || named === null) throw new AirbyteProblem('unprocessable-entity');
  const type = String(named);
  const id = definitionIdFor(kind, type);
  if (!id) throw new AirbyteProblem('value-not-found', { value: type });
  return { type, definitionId: id };
}

function listActors(ctx: AirbyteContext, kind: ActorKind, query: URLSearchParams) {
  const actors = [...ctx.store.actors.values()].filter((a) => a.kind === kind);
  return listResources(query, `${ctx.apiUrl}/${PLURAL[kind]}`, actors, { deleted: (a) => a.deleted, workspaceId: (a) => a.workspaceId, view: actorView });
}

/** Deleting a source or destination deletes the connections that use it, as Airbyte does. */
function deleteActor(ctx: AirbyteContext, actor: Actor): void {
  actor.deleted = true;
  for (const connection of ctx.store.connections.values()) {
    if (connection.sourceId === actor.id || connection.destinationId === actor.id) {
      ctx.syncs.cancelActive(connection.connectionId);
      connection.status = 'deprecated';
    }
  }
}

function actorRoutes(kind: ActorKind): Route[] {
  const base = `${PUBLIC_API}/${PLURAL[kind]}`;
  const idParam = `${kind}Id`;
  return [
    {
      method: 'POST',
      template: base,
      operationId: `create${MODEL[kind]}`,
      handle(ctx, request) {
        const body = BodyReader.fromRequest(request, `${kind}CreateRequest`);
        const name = body.string('name', true) ?? '';
        const workspaceId = body.uuid('workspaceId', true) ?? '';
        const submitted = body.object('configuration', true) ?? {};
        const { type, definitionId } = requestedType(kind, body, submitted);
        requireWorkspace(ctx, workspaceId);
        const configuration = withoutTypeField(kind, submitted);
        assertValidConfiguration(kind, type, configuration);
        const actor: Actor = {
          kind,
          id: randomUUID(),
          name,
          connectorType: type,
          definitionId,
          workspaceId,
          configuration,
          createdAt: epochSeconds(ctx),
          deleted: false,
          addedRecords: {},
        };
        ctx.store.actors.set(actor.id, actor);
        return jsonResponse(200, actorView(actor));
      },
    },
    {
      method: 'GET',
      template: base,
      operationId: `list${MODEL[kind]}s`,
      handle: (ctx, request) => jsonResponse(200, listActors(ctx, kind, request.query)),
    },
    {
      method: 'GET',
      template: `${base}/{${idParam}}`,
      operationId: `get${MODEL[kind]}`,
      handle: (ctx, _request, params) => jsonResponse(200, actorView(requireActor(ctx, kind, params[idParam] ?? ''))),
    },
    {
      method: 'PATCH',
      template: `${base}/{${idParam}}`,
      operationId: `patch${MODEL[kind]}`,
      handle(ctx, request, params) {
        const actor = requireActor(ctx, kind, params[idParam] ?? '');
        const body = BodyReader.fromRequest(request, `${kind}PatchRequest`);
        const name = body.string('name');
        const update = body.object('configuration');
        let configuration = actor.configuration;
        if (update) {
          const restored = restoreMaskedSecrets(withoutTypeField(kind, update), actor.configuration, schemaOf(actor));
          configuration = deepMerge(actor.configuration, restored);
          assertValidConfiguration(kind, actor.connectorType, configuration);
        }
        actor.configuration = configuration;
        if (name !== undefined) actor.name = name;
        return jsonResponse(200, actorView(actor));
      },
    },
    {
      method: 'PUT',
      template: `${base}/{${idParam}}`,
      operationId: `put${MODEL[kind]}`,
      handle(ctx, request, params) {
        const actor = requireActor(ctx, kind, params[idParam] ?? '');
        const body = BodyReader.fromRequest(request, `${kind}PutRequest`);
        const name = body.string('name', true) ?? actor.name;
        const submitted = withoutTypeField(kind, body.object('configuration', true) ?? {});
        const configuration = restoreMaskedSecrets(submitted, actor.configuration, schemaOf(actor));
        assertValidConfiguration(kind, actor.connectorType, configuration);
        actor.name = name;
        actor.configuration = configuration;
        return jsonResponse(200, actorView(actor));
      },
    },
    {
      method: 'DELETE',
      template: `${base}/{${idParam}}`,
      operationId: `delete${MODEL[kind]}`,
      handle(ctx, _request, params) {
        deleteActor(ctx, requireActor(ctx, kind, params[idParam] ?? ''));
        return { status: 204 };
      },
    },
  ];
}

export const sourceRoutes = actorRoutes('source');
export const destinationRoutes = actorRoutes('destination');
