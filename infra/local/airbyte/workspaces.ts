// Workspaces: create, list, get, update, delete (`/api/public/v1/workspaces`).
import { randomUUID } from 'node:crypto';
import { jsonResponse } from '../core/stand-in-server';
import { epochSeconds, PUBLIC_API, type AirbyteContext, type Route } from './context';
import { listResources } from './listing';
import { notFound } from './problems';
import { BodyReader } from './request-input';
import type { Workspace } from './store';

/** A new OSS workspace mails failures and nothing else, as Airbyte's defaults do. */
function defaultNotifications(): Record<string, unknown> {
  const off = { email: { enabled: false }, webhook: { enabled: false } };
  return {
    failure: { email: { enabled: true }, webhook: { enabled: false } },
    success: off,
    connectionUpdate: { email: { enabled: true }, webhook: { enabled: false } },
    connectionUpdateActionRequired: { email: { enabled: true }, webhook: { enabled: false } },
    syncDisabled: { email: { enabled: true }, webhook: { enabled: false } },
    syncDisabledWarning: { email: { enabled: true }, webhook: { enabled: false } },
  };
}

function view(workspace: Workspace) {
  return { workspaceId: workspace.workspaceId, name: workspace.name, dataResidency: 'auto', notifications: workspace.notifications };
}

export function requireWorkspace(ctx: AirbyteContext, id: string): Workspace {
  const found = ctx.store.liveWorkspace(id.toLowerCase());
  if (!found) throw notFound('workspace', id);
  return found;
}

/** The workspace a fresh installation has, added only when no live workspace exists. */
export function ensureDefaultWorkspace(ctx: AirbyteContext): void {
  if ([...ctx.store.workspaces.values()].some((w) => !w.deleted)) return;
  const workspace: Workspace = { workspaceId: randomUUID(), name: 'Default Workspace', createdAt: epochSeconds(ctx), deleted: false, notifications: defaultNotifications() };
  ctx.store.workspaces.set(workspace.workspaceId, workspace);
}

export const workspaceRoutes: Route[] = [
  {
    method: 'POST',
    template: `${PUBLIC_API}/workspaces`,
    operationId: 'createWorkspace',
    handle(ctx, request) {
      const body = BodyReader.fromRequest(request, 'workspaceCreateRequest');
      const workspace: Workspace = {
        workspaceId: randomUUID(),
        name: body.string('name', true) ?? '',
        createdAt: epochSeconds(ctx),
        deleted: false,
        notifications: { ...defaultNotifications(), ...body.object('notifications') },
      };
      ctx.store.workspaces.set(workspace.workspaceId, workspace);
      return jsonResponse(200, view(workspace));
    },
  },
  {
    method: 'GET',
    template: `${PUBLIC_API}/workspaces`,
    operationId: 'listWorkspaces',
    handle: (ctx, request) =>
      jsonResponse(
        200,
        listResources(request.query, `${ctx.apiUrl}/workspaces`, ctx.store.workspaces.values(), {
          deleted: (w) => w.deleted,
          workspaceId: (w) => w.workspaceId,
          view,
        }),
      ),
  },
  {
    method: 'GET',
    template: `${PUBLIC_API}/workspaces/{workspaceId}`,
    operationId: 'getWorkspace',
    handle: (ctx, _request, params) => jsonResponse(200, view(requireWorkspace(ctx, params.workspaceId ?? ''))),
  },
  {
    method: 'PATCH',
    template: `${PUBLIC_API}/workspaces/{workspaceId}`,
    operationId: 'updateWorkspace',
    handle(ctx, request, params) {
      const workspace = requireWorkspace(ctx, params.workspaceId ?? '');
      const body = BodyReader.fromRequest(request, 'workspaceUpdateRequest');
      workspace.name = body.string('name') ?? workspace.name;
      const notifications = body.object('notifications');
      if (notifications) workspace.notifications = { ...workspace.notifications, ...notifications };
      return jsonResponse(200, view(workspace));
    },
  },
  {
    method: 'DELETE',
    template: `${PUBLIC_API}/workspaces/{workspaceId}`,
    operationId: 'deleteWorkspace',
    handle(ctx, _request, params) {
      requireWorkspace(ctx, params.workspaceId ?? '').deleted = true;
      return { status: 204 };
    },
  },
];
