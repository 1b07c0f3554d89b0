import 'server-only';
// The saved design ↔ its rows: a PipelineSpec is written into the pipeline's columns and its
// component tables (warehouse, sources, transformation, destinations) and read back from them.
// Writing replaces every component at once, inside the caller's transaction.
import type { Tx } from '@/lib/db/tenant';
import type { Prisma } from '@/lib/generated/prisma/client';
import { newId } from '@/lib/ids';
import { PipelineSpecSchema, type PipelineSpec } from '@/lib/pipeline/spec';

type Json = Prisma.InputJsonValue;
const json = (value: unknown) => value as Json;

export interface PipelineColumns {
  id: string;
  orgId: string;
  name: string;
  slug: string;
  target: 'SANDBOX' | 'AWS' | null;
  awsAccountId: string | null;
  awsRegion: string | null;
  awsAccessKeyId: string | null;
  awsCredential: string | null;
}

export function targetColumns(spec: PipelineSpec) {
  const t = spec.target;
  return t.kind === 'aws'
    ? { target: 'AWS' as const, awsAccountId: t.accountId, awsRegion: t.region, awsAccessKeyId: t.accessKeyId, awsCredential: t.credentials.secret }
    : { target: 'SANDBOX' as const, awsAccountId: null, awsRegion: null, awsAccessKeyId: null, awsCredential: null };
}

/** Replaces the pipeline's saved components with the spec's. */
export async function writeDesign(tx: Tx, orgId: string, pipelineId: string, spec: PipelineSpec): Promise<void> {
  const owner = { orgId, pipelineId };
  await tx.pipelineWarehouse.deleteMany({ where: owner });
  await tx.pipelineSource.deleteMany({ where: owner });
  await tx.pipelineTransformation.deleteMany({ where: owner });
  await tx.pipelineDestination.deleteMany({ where: owner });
  await tx.pipelineWarehouse.create({ data: { ...owner, type: spec.warehouse.type === 'snowflake' ? 'SNOWFLAKE' : 'POSTGRES', config: json(spec.warehouse.config) } });
  await tx.pipelineSource.createMany({
    data: spec.sources.map((s, position) => ({
      ...owner,
      id: newId(),
      position,
      name: s.name,
      connectorType: s.type,
      config: json(s.config),
      prefix: s.prefix ?? null,
      streams: s.streams ? json(s.streams) : undefined,
      scheduleCron: s.schedule.kind === 'cron' ? s.schedule.expression : null,
      scheduleTimezone: s.schedule.kind === 'cron' ? s.schedule.timezone : null,
    })),
  });
  const { kind, ...settings } = spec.transformation;
  await tx.pipelineTransformation.create({ data: { ...owner, kind: kind === 'dbt_cloud' ? 'DBT_CLOUD' : 'DBT_CORE_ECS', settings: json(settings) } });
  await tx.pipelineDestination.createMany({
    data: spec.destinations.map((d, position) => ({ ...owner, id: newId(), position, name: d.name, destinationType: d.type, config: json(d.config), mapping: json(d.mapping) })),
  });
}

/** The saved design as a spec, or null when the pipeline has never been saved. */
export async function readDesign(tx: Tx, pipeline: PipelineColumns): Promise<PipelineSpec | null> {
  if (!pipeline.target) return null;
  const owner = { orgId: pipeline.orgId, pipelineId: pipeline.id };
  const [warehouse, sources, transformation, destinations] = await Promise.all([
    tx.pipelineWarehouse.findFirst({ where: owner }),
    tx.pipelineSource.findMany({ where: owner, orderBy: { position: 'asc' } }),
    tx.pipelineTransformation.findFirst({ where: owner }),
    tx.pipelineDestination.findMany({ where: owner, orderBy: { position: 'asc' } }),
  ]);
  if (!warehouse || !transformation) return null;
  const target =
    pipeline.target === 'AWS'
      ? { kind: 'aws', accountId: pipeline.awsAccountId, region: pipeline.awsRegion, accessKeyId: pipeline.awsAccessKeyId, credentials: { secret: pipeline.awsCredential } }
      : { kind: 'sandbox' };
  // Parsed on the way out: rows written by writeDesign always pass, and a hand-edited row that
  // does not shows up as an error here instead of deep inside a deploy.
  return PipelineSpecSchema.parse({
    name: pipeline.name,
    slug: pipeline.slug,
    target,
    warehouse: { type: warehouse.type === 'SNOWFLAKE' ? 'snowflake' : 'postgres', config: warehouse.config },
    sources: sources.map((s) => ({
      name: s.name,
      type: s.connectorType,
      config: s.config,
      ...(s.prefix !== null ? { prefix: s.prefix } : {}),
      ...(s.streams !== null ? { streams: s.streams } : {}),
      schedule: s.scheduleCron ? { kind: 'cron', expression: s.scheduleCron, timezone: s.scheduleTimezone } : { kind: 'manual' },
    })),
    transformation: { kind: transformation.kind === 'DBT_CLOUD' ? 'dbt_cloud' : 'dbt_core_ecs', ...(transformation.settings as object) },
    destinations: destinations.map((d) => ({ name: d.name, type: d.destinationType, config: d.config, mapping: d.mapping })),
  });
}
