// Grouparoo's configuration objects through one set of verbs: list (every page), create (POST,
// never retried: a create whose answer was lost is found by name on the next ensure), update (PUT
// of the wanted values, safe to repeat), remove (DELETE; already gone is fine). Lists include
// drafts; objects Grouparoo is already deleting are left out unless asked for (nothing should
// adopt one, but a teardown must finish them).
import { z } from 'zod';
import type { CallOptions } from '../call-limits';
import { IntegrationError, type IntegrationStep } from '../errors';
import type { GrouparooClient, Params } from './client';
import { isNotFound } from './failures';
import { anySchema, appSchema, destinationSchema, modelSchema, propertySchema, scheduleSchema, sourceSchema, under } from './schemas';

const KINDS = {
  app: { one: 'app', many: 'apps', schema: appSchema },
  model: { one: 'model', many: 'models', schema: modelSchema },
  source: { one: 'source', many: 'sources', schema: sourceSchema },
  property: { one: 'property', many: 'properties', schema: propertySchema },
  schedule: { one: 'schedule', many: 'schedules', schema: scheduleSchema },
  destination: { one: 'destination', many: 'destinations', schema: destinationSchema },
} as const;

export type Kind = keyof typeof KINDS;
export type ItemOf<K extends Kind> = z.infer<(typeof KINDS)[K]['schema']>;

/** The kind's schema, typed by kind (TypeScript cannot follow the table's union on its own). */
function schemaOf<K extends Kind>(kind: K): z.ZodType<ItemOf<K>> {
  return KINDS[kind].schema as unknown as z.ZodType<ItemOf<K>>;
}

const PAGE_SIZE = 100;
/** 100 pages of 100 bound a listing that never ends. */
const MAX_PAGES = 100;

export class GrouparooObjects {
  constructor(
    private readonly client: GrouparooClient,
    /** Secrets of the caller's configuration, scrubbed from every error (passwords in app options). */
    private readonly secrets: readonly string[] = [],
  ) {}

  async list<K extends Kind>(kind: K, filter: Params, step: IntegrationStep, o: CallOptions, withDeleted = false): Promise<ItemOf<K>[]> {
    const { many } = KINDS[kind];
    const page = under(many, z.array(schemaOf(kind)));
    const out: ItemOf<K>[] = [];
    for (let n = 0; n < MAX_PAGES; n++) {
      const params = { ...filter, limit: PAGE_SIZE, offset: n * PAGE_SIZE };
      const items = await this.client.call({ method: 'GET', path: `/${many}`, params, schema: page, idempotent: true, step, what: `list the ${many}` }, o, this.secrets);
      out.push(...items.filter((item) => withDeleted || (item as { state?: string }).state !== 'deleted'));
      if (items.length < PAGE_SIZE) return out;
    }
    throw new IntegrationError({ provider: 'grouparoo', failureClass: 'unavailable', code: 'too-many-pages', step, cause: `Grouparoo listed more than ${PAGE_SIZE * MAX_PAGES} ${many}.` });
  }

  async view<K extends Kind>(kind: K, id: string, step: IntegrationStep, o: CallOptions): Promise<ItemOf<K>> {
    const { one } = KINDS[kind];
    return this.client.call({ method: 'GET', path: `/${one}/${encodeURIComponent(id)}`, schema: under(one, schemaOf(kind)), idempotent: true, step, what: `read the ${one}` }, o, this.secrets);
  }

  async create<K extends Kind>(kind: K, params: Params, what: string, o: CallOptions): Promise<ItemOf<K>> {
    const { one } = KINDS[kind];
    return this.client.call({ method: 'POST', path: `/${one}`, params, schema: under(one, schemaOf(kind)), idempotent: false, step: 'provision', what }, o, this.secrets);
  }

  /** PUT of wanted values: sending it twice leaves the same state. */
  async update(kind: Kind, id: string, params: Params, what: string, o: CallOptions): Promise<void> {
    await this.client.call({ method: 'PUT', path: `/${KINDS[kind].one}/${encodeURIComponent(id)}`, params, schema: anySchema, idempotent: true, step: 'provision', what }, o, this.secrets);
  }

  /** POST to an object's action path (`/source/:id/bootstrapUniqueProperty`, `/schedule/:id/run`); not retried. */
  async act<S extends z.ZodType>(path: string, params: Params, schema: S, step: IntegrationStep, what: string, o: CallOptions): Promise<z.infer<S>> {
    return this.client.call({ method: 'POST', path, params, schema, idempotent: false, step, what }, o, this.secrets);
  }

  /** A read that is not one object of a kind (runs, imports, exports, records). */
  async read<S extends z.ZodType>(path: string, params: Params, schema: S, step: IntegrationStep, o: CallOptions): Promise<z.infer<S>> {
    return this.client.call({ method: 'GET', path, params, schema, idempotent: true, step, what: `read ${path}` }, o, this.secrets);
  }

  /** Deletes by id; false when Grouparoo no longer knew it. */
  async remove(path: string, params: Params, what: string, o: CallOptions): Promise<boolean> {
    try {
      await this.client.call({ method: 'DELETE', path, params, schema: anySchema, idempotent: true, step: 'teardown', what }, o, this.secrets);
      return true;
    } catch (error) {
      if (isNotFound(error)) return false;
      throw error;
    }
  }
}

export function objectPath(kind: Kind, id: string): string {
  return `/${KINDS[kind].one}/${encodeURIComponent(id)}`;
}
