import 'server-only';
// Step "warehouse": the pipeline's role, service user, schemas (and on Snowflake its compute
// warehouse and database) created or brought up to date as the administrator, idempotently; each
// object goes in the ledger so the tear-down can offer to remove them.
import { bootstrapWarehouse, teardownWarehouse, type ObjectReport } from '@/lib/integrations/warehouse';
import type { StepContext, StepOutcome } from '../step-types';
import { adminConnection, serviceCredentialKind, serviceCredentialName, warehousePlan } from './warehouse-access';

export async function warehouseStep(ctx: StepContext): Promise<StepOutcome> {
  const { spec, pipelineSlug } = ctx.deployment;
  const plan = warehousePlan(ctx);
  const password = await ctx.env.generated(serviceCredentialName(pipelineSlug), serviceCredentialKind(spec));
  const report = await bootstrapWarehouse(await adminConnection(ctx), plan, password);
  await ctx.ledger.record('warehouse', 'plan', plan.role, plan.user, { plan: { ...plan } });
  return { status: 'done', detail: { objects: report } };
}

const removedWords = (report: readonly ObjectReport[]) => report.filter((o) => o.outcome === 'dropped').map((o) => `Warehouse ${o.type} ${o.name}`);

/** What stayed, from the report: not Tapestry's to drop, still used by someone else, or data not asked for. */
const keptWords = (report: readonly ObjectReport[], dropData: boolean) =>
  report
    .filter((o) => o.outcome === 'existed')
    .map((o) => `Warehouse ${o.type} ${o.name}${dropData ? ' (not created by Tapestry for this pipeline, or still in use)' : ' (data kept: not asked to remove it)'}`);

export async function removeWarehouseStep(ctx: StepContext): Promise<StepOutcome> {
  const plan = warehousePlan(ctx);
  const entry = await ctx.ledger.find('warehouse', 'plan', plan.role);
  if (!entry) return { status: 'skipped', detail: { removed: [], note: 'Nothing was created in the warehouse.' } };
  const dropData = ctx.deployment.options.dropWarehouseData === true;
  const report = await teardownWarehouse(await adminConnection(ctx), plan, { dropData });
  await ctx.ledger.remove('warehouse', 'plan', plan.role);
  return {
    status: 'done',
    detail: { objects: report, removed: removedWords(report), kept: keptWords(report, dropData) },
  };
}
