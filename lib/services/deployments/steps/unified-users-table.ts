import 'server-only';
// Grouparoo checks its table source against the live table when the source is completed, but the
// unified users table is first built by dbt in the pipeline's first run, after the Grouparoo step.
// So the step creates the table empty beforehand, as the pipeline's service user: dbt signs in as
// the same user and so owns it, and replaces it on its first build (Postgres renames the old table
// away; Snowflake's CREATE OR REPLACE needs the ownership it has). An existing table is left alone.
import pg from 'pg';
import { clientConfig } from '@/lib/integrations/postgres/test-warehouse';
import { connectBounded, createSnowflakeConnection, destroyQuietly, runBounded } from '@/lib/integrations/snowflake/connection';
import { quotePostgresIdentifier, quoteSnowflakeIdentifier } from '@/lib/integrations/warehouse';
import { UNIFIED_USER_COLUMNS } from '@/lib/pipeline/catalog/grouparoo-destinations';
import type { StepContext } from '../step-types';
import { adminConnection, serviceCredentialKind, serviceCredentialName, warehousePlan } from './warehouse-access';

export const UNIFIED_USERS_TABLE = 'unified_users';
const TIMEOUT_MS = 10_000;

/** The statement for each warehouse: Snowflake folds unquoted names to upper case, as dbt's are. */
export function unifiedUsersTableStatement(kind: 'postgres' | 'snowflake', database: string, schema: string): string {
  if (kind === 'postgres') {
    const q = quotePostgresIdentifier;
    return `CREATE TABLE IF NOT EXISTS ${q(schema)}.${q(UNIFIED_USERS_TABLE)} (${UNIFIED_USER_COLUMNS.map((c) => `${q(c)} text`).join(', ')})`;
  }
  const q = (name: string) => quoteSnowflakeIdentifier(name.toUpperCase());
  return `CREATE TABLE IF NOT EXISTS ${q(database)}.${q(schema)}.${q(UNIFIED_USERS_TABLE)} (${UNIFIED_USER_COLUMNS.map((c) => `${q(c)} VARCHAR`).join(', ')})`;
}

export async function ensureUnifiedUsersTable(ctx: StepContext): Promise<void> {
  const plan = warehousePlan(ctx);
  const admin = await adminConnection(ctx);
  const password = await ctx.env.generated(serviceCredentialName(ctx.deployment.pipelineSlug), serviceCredentialKind(ctx.deployment.spec));
  const statement = unifiedUsersTableStatement(admin.kind, plan.database, plan.analyticsSchema);
  if (admin.kind === 'postgres') {
    const client = new pg.Client(clientConfig({ ...admin, user: plan.user, password, database: plan.database }, TIMEOUT_MS, 'tapestry-deploy'));
    await client.connect();
    try {
      await client.query(statement);
    } finally {
      await client.end().catch(() => undefined);
    }
    return;
  }
  const options = { timeoutMs: TIMEOUT_MS };
  const connection = createSnowflakeConnection({ account: admin.account, accessUrl: admin.accessUrl, username: plan.user, password, warehouse: plan.warehouse ?? admin.warehouse, database: plan.database }, options);
  try {
    await connectBounded(connection, options);
    await runBounded(connection, statement, [], options, 'bootstrap');
  } finally {
    destroyQuietly(connection);
  }
}
