// Registers a pipeline's objects in Airbyte through the public API: a workspace, its sources and
// destination, and the connections between them, each found by name (Tapestry scopes names to the
// pipeline) or created, so that a deploy step can run again after a crash without duplicates
// (see ../ensure-by-name.ts for the guards and their limits). An existing source or destination
// is PATCHed with the whole configuration on every ensure, because reads mask secrets and a
// rotated password must reach Airbyte; a connection is PATCHed with its schedule and streams.
import type { z } from 'zod';
import type { CallOptions } from '../call-limits';
import { ensureByName, NameLocks, oldestNamed, type Named } from '../ensure-by-name';
import { IntegrationError } from '../errors';
import { airbyteHttpStatus, PUBLIC_API, type AirbyteClient } from './client';
import { anySchema, connectionSchema, destinationSchema, pageSchema, sourceSchema, workspaceSchema } from './provision-schemas';

type Configuration = Record<string, unknown>;
export type AirbyteKind = 'workspace' | 'source' | 'destination' | 'connection';

export interface StreamSetting {
  name: string;
  /** Airbyte's ConnectionSyncModeEnum, e.g. `incremental_append`, `full_refresh_overwrite`. */
  syncMode: string;
  cursorField?: string[];
  primaryKey?: string[][];
}

export type ConnectionSchedule = { scheduleType: 'manual' } | { scheduleType: 'cron'; cronExpression: string };

export interface ConnectionInput {
  workspaceId: string;
  name: string;
  sourceId: string;
  destinationId: string;
  prefix?: string;
  /** Absent = Airbyte's default selection (every stream the source offers). */
  streams?: StreamSetting[];
  /** Tapestry orchestrates runs itself, so its connections are `manual`; cron is Airbyte's Quartz form. */
  schedule: ConnectionSchedule;
  status: 'active' | 'inactive';
  namespaceDefinition?: 'destination';
}

export interface AirbyteProvisioner {
  ensureWorkspace(name: string, o?: CallOptions): Promise<{ workspaceId: string; created: boolean }>;
  /** `configuration` includes `sourceType`. */
  ensureSource(i: { workspaceId: string; name: string; configuration: Configuration }, o?: CallOptions): Promise<{ sourceId: string; created: boolean }>;
  /** `configuration` includes `destinationType`. */
  ensureDestination(i: { workspaceId: string; name: string; configuration: Configuration }, o?: CallOptions): Promise<{ destinationId: string; created: boolean }>;
  ensureConnection(i: ConnectionInput, o?: CallOptions): Promise<{ connectionId: string; created: boolean }>;
  /** Deletes are idempotent: an object already gone (404) is fine. */
  deleteSource(id: string, o?: CallOptions): Promise<void>;
  deleteDestination(id: string, o?: CallOptions): Promise<void>;
  deleteConnection(id: string, o?: CallOptions): Promise<void>;
  deleteWorkspace(id: string, o?: CallOptions): Promise<void>;
  /** The id of the object of that name in the workspace (the oldest, should twins exist). */
  findByName(kind: 'source' | 'destination' | 'connection', workspaceId: string, name: string, o?: CallOptions): Promise<string | undefined>;
}

interface Listed extends Named {
  connectorType?: string;
  sourceId?: string;
  destinationId?: string;
}

interface KindSpec<S extends z.ZodType> {
  path: string;
  item: S;
  read(item: z.infer<S>): Listed;
}

const spec = <S extends z.ZodType>(s: KindSpec<S>) => s;

const KINDS = {
  workspace: spec({ path: 'workspaces', item: workspaceSchema, read: (w) => ({ id: w.workspaceId, name: w.name }) }),
  source: spec({ path: 'sources', item: sourceSchema, read: (s) => ({ id: s.sourceId, name: s.name, age: s.createdAt, connectorType: s.sourceType }) }),
  destination: spec({ path: 'destinations', item: destinationSchema, read: (d) => ({ id: d.destinationId, name: d.name, age: d.createdAt, connectorType: d.destinationType }) }),
  connection: spec({
    path: 'connections',
    item: connectionSchema,
    read: (c) => ({ id: c.connectionId, name: c.name, age: c.createdAt, sourceId: c.sourceId, destinationId: c.destinationId }),
  }),
};

/** Airbyte's list pages hold at most 100; 100 pages bound a listing that never ends. */
const PAGE_SIZE = 100;
const MAX_PAGES = 100;

function provisionError(cause: string, hint: string, code?: string): IntegrationError {
  return new IntegrationError({ provider: 'airbyte', failureClass: 'config', code, step: 'provision', cause, hint });
}

class Provisioner implements AirbyteProvisioner {
  private readonly locks = new NameLocks();

  constructor(private readonly client: AirbyteClient) {}

  /** Every live object of a kind (in a workspace), in the server's order. */
  private async list(kind: AirbyteKind, workspaceId: string | undefined, o: CallOptions): Promise<Listed[]> {
    const { path, item, read } = KINDS[kind] as KindSpec<z.ZodType>;
    const schema = pageSchema(item);
    const out: Listed[] = [];
    for (let page = 0; page < MAX_PAGES; page++) {
      const query = new URLSearchParams({ limit: String(PAGE_SIZE), offset: String(page * PAGE_SIZE) });
      if (workspaceId) query.set('workspaceIds', workspaceId);
      const answer = await this.client.call({ method: 'GET', path: `${PUBLIC_API}/${path}?${query}`, schema, idempotent: true, step: 'provision' }, o);
      out.push(...answer.data.map(read));
      if (answer.data.length < PAGE_SIZE) return out;
    }
    throw new IntegrationError({ provider: 'airbyte', failureClass: 'unavailable', code: 'too-many-pages', step: 'provision', cause: `Airbyte listed more than ${PAGE_SIZE * MAX_PAGES} ${path}.` });
  }

  private async named(kind: AirbyteKind, workspaceId: string | undefined, name: string, o: CallOptions): Promise<Listed[]> {
    return (await this.list(kind, workspaceId, o)).filter((x) => x.name === name);
  }

  /** POST without retries (a create is not idempotent; the next ensure finds a lost one by name). */
  private async create(kind: AirbyteKind, body: Record<string, unknown>, o: CallOptions): Promise<string> {
    const { path, item, read } = KINDS[kind] as KindSpec<z.ZodType>;
    const created = await this.client.call({ method: 'POST', path: `${PUBLIC_API}/${path}`, body, schema: item, idempotent: false, step: 'provision' }, o);
    return read(created).id;
  }

  /** PATCH sends the same body again on a retry, so it is idempotent. */
  private async patch(kind: AirbyteKind, id: string, body: Record<string, unknown>, o: CallOptions): Promise<void> {
    const { path } = KINDS[kind];
    await this.client.call({ method: 'PATCH', path: `${PUBLIC_API}/${path}/${encodeURIComponent(id)}`, body, schema: anySchema, idempotent: true, step: 'provision' }, o);
  }

  private async remove(kind: AirbyteKind, id: string, o: CallOptions): Promise<void> {
    const { path } = KINDS[kind];
    try {
      await this.client.call({ method: 'DELETE', path: `${PUBLIC_API}/${path}/${encodeURIComponent(id)}`, schema: anySchema, idempotent: true, step: 'provision' }, o);
    } catch (error) {
      if (airbyteHttpStatus(error) !== 404) throw error;
    }
  }

  async ensureWorkspace(name: string, o: CallOptions = {}) {
    const ensured = await this.locks.run(`workspace\u0000${name}`, () =>
      ensureByName<Listed>({
        find: () => this.named('workspace', undefined, name, o),
        create: () => this.create('workspace', { name }, o),
        update: async () => undefined,
        remove: (id) => this.remove('workspace', id, o),
      }),
    );
    return { workspaceId: ensured.id, created: ensured.created };
  }

  private ensureActor(kind: 'source' | 'destination', i: { workspaceId: string; name: string; configuration: Configuration }, o: CallOptions) {
    const wantedType = i.configuration[`${kind}Type`];
    return this.locks.run(`${kind}\u0000${i.workspaceId}\u0000${i.name}`, () =>
      ensureByName<Listed>({
        find: () => this.named(kind, i.workspaceId, i.name, o),
        create: () => this.create(kind, { name: i.name, workspaceId: i.workspaceId, configuration: i.configuration }, o),
        update: async (existing) => {
          if (typeof wantedType === 'string' && existing.connectorType && existing.connectorType !== wantedType) {
            throw provisionError(
              `An Airbyte ${kind} named "${i.name}" exists with the connector type "${existing.connectorType}", not "${wantedType}".`,
              `Delete or rename that ${kind} in Airbyte, then deploy again.`,
            );
          }
          await this.patch(kind, existing.id, { configuration: i.configuration }, o);
        },
        remove: (id) => this.remove(kind, id, o),
      }),
    );
  }

  async ensureSource(i: { workspaceId: string; name: string; configuration: Configuration }, o: CallOptions = {}) {
    const ensured = await this.ensureActor('source', i, o);
    return { sourceId: ensured.id, created: ensured.created };
  }

  async ensureDestination(i: { workspaceId: string; name: string; configuration: Configuration }, o: CallOptions = {}) {
    const ensured = await this.ensureActor('destination', i, o);
    return { destinationId: ensured.id, created: ensured.created };
  }

  async ensureConnection(i: ConnectionInput, o: CallOptions = {}) {
    const settings: Record<string, unknown> = { schedule: i.schedule, status: i.status, namespaceDefinition: i.namespaceDefinition ?? 'destination', prefix: i.prefix ?? '' };
    if (i.streams) settings.configurations = { streams: i.streams.map((s) => ({ ...s })) };
    const ensured = await this.locks.run(`connection\u0000${i.workspaceId}\u0000${i.name}`, () =>
      ensureByName<Listed>({
        find: () => this.named('connection', i.workspaceId, i.name, o),
        create: () => this.create('connection', { name: i.name, sourceId: i.sourceId, destinationId: i.destinationId, ...settings }, o),
        update: async (existing) => {
          // Airbyte cannot move a connection to another source or destination; a silent PATCH would sync the old pair.
          if (existing.sourceId !== i.sourceId || existing.destinationId !== i.destinationId) {
            throw provisionError(
              `The Airbyte connection "${i.name}" links another source or destination than this pipeline's.`,
              'Delete that connection in Airbyte (or tear the pipeline down), then deploy again.',
            );
          }
          await this.patch('connection', existing.id, settings, o);
        },
        remove: (id) => this.remove('connection', id, o),
      }),
    );
    return { connectionId: ensured.id, created: ensured.created };
  }

  deleteSource = (id: string, o: CallOptions = {}) => this.remove('source', id, o);
  deleteDestination = (id: string, o: CallOptions = {}) => this.remove('destination', id, o);
  deleteConnection = (id: string, o: CallOptions = {}) => this.remove('connection', id, o);
  deleteWorkspace = (id: string, o: CallOptions = {}) => this.remove('workspace', id, o);

  async findByName(kind: 'source' | 'destination' | 'connection', workspaceId: string, name: string, o: CallOptions = {}) {
    return oldestNamed(await this.named(kind, workspaceId, name, o))?.id;
  }
}

export function airbyteProvisioner(client: AirbyteClient): AirbyteProvisioner {
  return new Provisioner(client);
}
