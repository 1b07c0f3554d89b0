import 'server-only';
// Step "grouparoo": Grouparoo reads unified users from the warehouse (as the service user) and
// sends them to each destination with its field mapping. The sandbox's Grouparoo has only the
// PostgreSQL plugin, so there every destination lands in a table of its name in the sandbox
// warehouse's `destinations` schema, which the run page and the tests can read; on AWS each
// destination is configured with its own plugin and settings. Without a local Grouparoo
// (TAPESTRY_GROUPAROO=off) the step is skipped and says so.
import { grouparooSetup, type GrouparooSetup, type WarehouseApp } from '@/lib/integrations/grouparoo';
import { UNIFIED_USER_COLUMNS } from '@/lib/pipeline/catalog/grouparoo-destinations';
import type { Destination } from '@/lib/pipeline/spec';
import { resolveSecretRefs } from '../resolve-secrets';
import type { StepContext, StepOutcome } from '../step-types';
import { stackOutputs } from './outputs';
import { prepareSandboxDestinations, SANDBOX_DESTINATION_SCHEMA, sandboxExportOptions, sandboxMapping } from './sandbox-destinations';
import { ensureUnifiedUsersTable, UNIFIED_USERS_TABLE } from './unified-users-table';
import { serviceCredentialKind, serviceCredentialName, warehousePlan, adminConnection } from './warehouse-access';

export const GROUPAROO_SKIPPED = 'Grouparoo is not running in this sandbox (started with TAPESTRY_GROUPAROO=off), so destinations were not configured.';

const asText = (value: unknown): Record<string, string> =>
  Object.fromEntries(Object.entries(value !== null && typeof value === 'object' ? (value as Record<string, unknown>) : {}).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]));

export const grouparooSlug = (ctx: StepContext) => `${ctx.deployment.orgSlug}-${ctx.deployment.pipelineSlug}`;

export async function grouparooFor(ctx: StepContext): Promise<GrouparooSetup | undefined> {
  const config = await ctx.env.grouparoo(await stackOutputs(ctx));
  return config ? grouparooSetup(config) : undefined;
}

async function warehouseOptions(ctx: StepContext) {
  const plan = warehousePlan(ctx);
  const admin = await adminConnection(ctx);
  const password = await ctx.env.generated(serviceCredentialName(ctx.deployment.pipelineSlug), serviceCredentialKind(ctx.deployment.spec));
  const host = admin.kind === 'postgres' ? admin.host : admin.account;
  const port = admin.kind === 'postgres' ? (admin.port ?? 5432) : 443;
  return { host, port, database: plan.database, user: plan.user, password, schema: plan.analyticsSchema, warehouse: plan.warehouse ?? '' };
}

function warehouseApp(ctx: StepContext, w: Awaited<ReturnType<typeof warehouseOptions>>): WarehouseApp {
  if (ctx.deployment.spec.warehouse.type === 'snowflake') {
    return { kind: 'snowflake', options: { account: w.host, username: w.user, password: w.password, warehouse: w.warehouse, database: w.database, schema: w.schema } };
  }
  return { kind: 'postgres', options: { host: w.host, port: w.port, database: w.database, user: w.user, password: w.password, schema: w.schema } };
}

async function destinationInput(ctx: StepContext, destination: Destination, warehouse: Awaited<ReturnType<typeof warehouseOptions>>) {
  if (ctx.env.target === 'sandbox') {
    return {
      name: destination.name,
      type: 'postgres',
      appOptions: asText({ host: warehouse.host, port: warehouse.port, database: warehouse.database, user: warehouse.user, password: warehouse.password, schema: SANDBOX_DESTINATION_SCHEMA }),
      destinationOptions: sandboxExportOptions(destination),
      mapping: sandboxMapping(destination),
    };
  }
  const config = await resolveSecretRefs(destination.config, ctx.env.secret);
  return { name: destination.name, type: destination.type, appOptions: asText(config.app), destinationOptions: asText(config.destination), mapping: destination.mapping };
}

export async function grouparooStep(ctx: StepContext): Promise<StepOutcome> {
  const { spec } = ctx.deployment;
  const grouparoo = await grouparooFor(ctx);
  if (!grouparoo) return { status: 'skipped', detail: { reason: GROUPAROO_SKIPPED } };
  const warehouse = await warehouseOptions(ctx);
  if (ctx.env.target === 'sandbox') await prepareSandboxDestinations(ctx, spec.destinations);
  await ensureUnifiedUsersTable(ctx);
  const destinations = await Promise.all(spec.destinations.map((d) => destinationInput(ctx, d, warehouse)));
  // Recorded before anything is made: a configuration that fails half-way leaves objects named
  // after the pipeline, and the tear-down finds them through this entry (it removes by name).
  await ctx.ledger.record('grouparoo', 'pipeline', grouparooSlug(ctx), grouparooSlug(ctx));
  const { ids, created } = await grouparoo.ensurePipeline({
    // Grouparoo's names are unique across the instance, which the sandbox's organizations share.
    slug: grouparooSlug(ctx),
    warehouse: warehouseApp(ctx, warehouse),
    unifiedUsersTable: { schema: warehouse.schema, table: UNIFIED_USERS_TABLE, columns: UNIFIED_USER_COLUMNS, primaryKey: 'email' },
    destinations,
  });
  for (const [key, id] of Object.entries(ids)) await ctx.ledger.record('grouparoo', key.split(':')[0] ?? key, key, id);
  return { status: 'done', detail: { ids, created } };
}

export async function removeGrouparooStep(ctx: StepContext): Promise<StepOutcome> {
  const entries = await ctx.ledger.list('grouparoo');
  if (entries.length === 0) return { status: 'skipped', detail: { removed: [] } };
  const grouparoo = await grouparooFor(ctx);
  if (!grouparoo) return { status: 'skipped', detail: { removed: [], note: GROUPAROO_SKIPPED } };
  const removed = await grouparoo.removePipeline(grouparooSlug(ctx));
  for (const entry of entries) await ctx.ledger.remove('grouparoo', entry.kind, entry.naturalKey);
  return { status: 'done', detail: { removed: removed.map((r) => `Grouparoo ${r}`) } };
}
