import 'server-only';
// Who signs in to the warehouse: the administrator the wizard was given (once, to create the
// pipeline's own role and service user), and that service user afterwards (Airbyte, dbt and
// Grouparoo), whose password Tapestry generates and keeps as a credential of the pipeline.
import { sandboxConnection } from '@/lib/integrations/sandbox';
import { warehousePlanFor, type AdminConnectionConfig, type WarehousePlan } from '@/lib/integrations/warehouse';
import type { PostgresSslMode } from '@/lib/integrations/postgres/test-warehouse';
import type { PipelineSpec } from '@/lib/pipeline/spec';
import { resolveSecretRefs } from '../resolve-secrets';
import type { StepContext } from '../step-types';

export const serviceCredentialName = (pipelineSlug: string) => `${pipelineSlug}-warehouse-service`;
export const serviceCredentialKind = (spec: PipelineSpec): 'SNOWFLAKE_PASSWORD' | 'POSTGRES_PASSWORD' => (spec.warehouse.type === 'snowflake' ? 'SNOWFLAKE_PASSWORD' : 'POSTGRES_PASSWORD');

const SSL_MODES: Record<string, PostgresSslMode> = { disable: 'disable', allow: 'prefer', prefer: 'prefer', require: 'require', 'verify-ca': 'verify-ca', 'verify-full': 'verify-full' };
const record = (value: unknown): Record<string, unknown> => (value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {});
const text = (value: unknown): string => (typeof value === 'string' ? value.trim() : typeof value === 'number' ? String(value) : '');

export function warehousePlan(ctx: StepContext): WarehousePlan {
  const { spec, pipelineSlug } = ctx.deployment;
  return warehousePlanFor(pipelineSlug, { type: spec.warehouse.type, config: spec.warehouse.config });
}

/** The administrator's connection, from the wizard's warehouse settings. */
export async function adminConnection(ctx: StepContext): Promise<AdminConnectionConfig> {
  const { spec } = ctx.deployment;
  const config = await resolveSecretRefs(spec.warehouse.config, ctx.env.secret);
  if (spec.warehouse.type === 'snowflake') {
    const host = text(config.host).replace(/^https?:\/\//i, '').replace(/[/?#].*$/, '');
    return {
      kind: 'snowflake',
      account: host.replace(/\.snowflakecomputing\.com$/i, ''),
      accessUrl: ctx.env.target === 'sandbox' ? sandboxConnection()?.snowflake.url : undefined,
      username: text(config.username),
      password: text(record(config.credentials).password),
      role: text(config.role) || undefined,
      warehouse: text(config.warehouse) || undefined,
    };
  }
  const ssl = record(config.ssl_mode);
  return {
    kind: 'postgres',
    host: text(config.host),
    port: config.port === undefined || config.port === '' ? 5432 : Number(config.port),
    username: text(config.username),
    password: text(config.password),
    sslMode: SSL_MODES[text(ssl.mode) || 'prefer'] ?? 'prefer',
    caCertificate: typeof ssl.ca_certificate === 'string' ? ssl.ca_certificate : undefined,
  };
}

/**
 * Airbyte's destination configuration for the warehouse, signed in as the service user: the
 * wizard's settings with the user, password, role and raw schema of the plan.
 */
export async function serviceDestinationConfig(ctx: StepContext): Promise<Record<string, unknown>> {
  const { spec, pipelineSlug } = ctx.deployment;
  const plan = warehousePlan(ctx);
  const password = await ctx.env.generated(serviceCredentialName(pipelineSlug), serviceCredentialKind(spec));
  const config = await resolveSecretRefs(spec.warehouse.config, ctx.env.secret);
  if (spec.warehouse.type === 'snowflake') {
    return {
      ...config,
      destinationType: 'snowflake',
      username: plan.user,
      role: plan.role,
      database: plan.database,
      schema: plan.rawSchema,
      ...(plan.warehouse ? { warehouse: plan.warehouse } : {}),
      credentials: { auth_type: 'Username and Password', password },
    };
  }
  return { ...config, destinationType: 'postgres', username: plan.user, password, schema: plan.rawSchema };
}
