import 'server-only';
// Step "airbyte": the pipeline's workspace, its warehouse destination (signed in as the service
// user), a source per pipeline source and a connection from each to the warehouse, all found by
// the names Tapestry gives them or created, and recorded in the ledger as they appear. Connections
// are `manual` in Airbyte: Tapestry runs them on the sources' schedules so dbt and Grouparoo can
// follow each sync. Re-running (a retry, a redeploy) updates configurations in place.
import { AirbyteClient } from '@/lib/integrations/airbyte/client';
import { airbyteProvisioner, type AirbyteProvisioner } from '@/lib/integrations/airbyte/provision';
import type { Source } from '@/lib/pipeline/spec';
import { resolveSecretRefs } from '../resolve-secrets';
import type { StepContext, StepOutcome } from '../step-types';
import { stackOutputs } from './outputs';
import { serviceDestinationConfig } from './warehouse-access';

/** Names in Airbyte: the pipeline's slug first, so one workspace per pipeline reads well in Airbyte's UI. */
export const airbyteNames = (orgSlug: string, pipelineSlug: string) => ({
  workspace: `tapestry-${orgSlug}-${pipelineSlug}`,
  destination: `${pipelineSlug}-warehouse`,
  source: (name: string) => `${pipelineSlug}-${name}`,
  connection: (name: string) => `${pipelineSlug}-${name}-to-warehouse`,
});

export async function airbyteFor(ctx: StepContext): Promise<AirbyteProvisioner> {
  return airbyteProvisioner(new AirbyteClient(await ctx.env.airbyte(await stackOutputs(ctx))));
}

function connectionStreams(source: Source) {
  return source.streams?.map((s) => ({ name: s.name, syncMode: s.syncMode, cursorField: s.cursorField, primaryKey: s.primaryKey }));
}

export async function airbyteStep(ctx: StepContext): Promise<StepOutcome> {
  const { orgSlug, pipelineSlug, spec } = ctx.deployment;
  const names = airbyteNames(orgSlug, pipelineSlug);
  const airbyte = await airbyteFor(ctx);
  const { workspaceId } = await airbyte.ensureWorkspace(names.workspace);
  await ctx.ledger.record('airbyte', 'workspace', names.workspace, workspaceId);
  const { destinationId } = await airbyte.ensureDestination({ workspaceId, name: names.destination, configuration: await serviceDestinationConfig(ctx) });
  await ctx.ledger.record('airbyte', 'destination', names.destination, destinationId);
  const connections: Record<string, string> = {};
  for (const source of spec.sources) {
    const configuration = { sourceType: source.type, ...(await resolveSecretRefs(source.config, ctx.env.secret)) };
    const { sourceId } = await airbyte.ensureSource({ workspaceId, name: names.source(source.name), configuration });
    await ctx.ledger.record('airbyte', 'source', names.source(source.name), sourceId, { source: source.name });
    const { connectionId } = await airbyte.ensureConnection({
      workspaceId,
      name: names.connection(source.name),
      sourceId,
      destinationId,
      prefix: source.prefix,
      streams: connectionStreams(source),
      schedule: { scheduleType: 'manual' },
      status: 'active',
      namespaceDefinition: 'destination',
    });
    await ctx.ledger.record('airbyte', 'connection', names.connection(source.name), connectionId, { source: source.name });
    connections[source.name] = connectionId;
  }
  // Sources removed from the design since the last deploy: their connections and sources go.
  const kept = new Set(spec.sources.map((s) => s.name));
  for (const entry of await ctx.ledger.list('airbyte')) {
    const source = entry.details?.source;
    if (typeof source !== 'string' || kept.has(source)) continue;
    if (entry.kind === 'connection') await airbyte.deleteConnection(entry.externalId);
    if (entry.kind === 'source') await airbyte.deleteSource(entry.externalId);
    await ctx.ledger.remove('airbyte', entry.kind, entry.naturalKey);
  }
  return { status: 'done', detail: { workspaceId, destinationId, connections } };
}

/** Tear-down: connections first (they reference the rest), then sources, destination, workspace. */
export async function removeAirbyteStep(ctx: StepContext): Promise<StepOutcome> {
  const entries = await ctx.ledger.list('airbyte');
  if (entries.length === 0) return { status: 'skipped', detail: { removed: [] } };
  const airbyte = await airbyteFor(ctx);
  const removed: string[] = [];
  const order = ['connection', 'source', 'destination', 'workspace'] as const;
  const remove = { connection: airbyte.deleteConnection, source: airbyte.deleteSource, destination: airbyte.deleteDestination, workspace: airbyte.deleteWorkspace };
  for (const kind of order) {
    for (const entry of entries.filter((e) => e.kind === kind)) {
      await remove[kind].call(airbyte, entry.externalId);
      await ctx.ledger.remove('airbyte', kind, entry.naturalKey);
      removed.push(`Airbyte ${kind} ${entry.naturalKey}`);
    }
  }
  return { status: 'done', detail: { removed } };
}
