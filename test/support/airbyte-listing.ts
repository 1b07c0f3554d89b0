// What an Airbyte server holds, read over its public API as a user of Airbyte's UI would see it:
// for tests that count what a deploy or a run made there (REL-1, REL-2), independent of Tapestry's
// own records of it.
import type { z } from 'zod';
import { AirbyteClient, PUBLIC_API } from '@/lib/integrations/airbyte/client';
import { connectionSchema, destinationSchema, jobSchema, pageSchema, sourceSchema, workspaceSchema } from '@/lib/integrations/airbyte/provision-schemas';

export interface AirbyteHoldings {
  workspaces: string[];
  destinations: string[];
  sources: string[];
  connections: string[];
  /** Sync jobs per connection name. */
  syncs: Record<string, number>;
}

/** Everything in the workspaces of this name (one, if nothing was made twice). */
export async function airbyteHoldings(config: { url: string; clientId: string; clientSecret: string }, workspaceName: string): Promise<AirbyteHoldings> {
  const client = new AirbyteClient({ baseUrl: config.url, clientId: config.clientId, clientSecret: config.clientSecret });
  const list = async <S extends z.ZodType>(path: string, item: S, query: Record<string, string>): Promise<z.infer<S>[]> => {
    const search = new URLSearchParams({ ...query, limit: '100' });
    const page = await client.call({ method: 'GET', path: `${PUBLIC_API}/${path}?${search}`, schema: pageSchema(item), idempotent: true, step: 'provision' }, {});
    return page.data;
  };
  const workspaces = (await list('workspaces', workspaceSchema, {})).filter((w) => w.name === workspaceName);
  const inThem = { workspaceIds: workspaces.map((w) => w.workspaceId).join(',') };
  const connections = workspaces.length > 0 ? await list('connections', connectionSchema, inThem) : [];
  const syncs: Record<string, number> = {};
  for (const c of connections) syncs[c.name] = (await list('jobs', jobSchema, { connectionId: c.connectionId, jobType: 'sync' })).length;
  return {
    workspaces: workspaces.map((w) => w.name),
    destinations: workspaces.length > 0 ? (await list('destinations', destinationSchema, inThem)).map((d) => d.name).sort() : [],
    sources: workspaces.length > 0 ? (await list('sources', sourceSchema, inThem)).map((x) => x.name).sort() : [],
    connections: connections.map((c) => c.name).sort(),
    syncs,
  };
}
