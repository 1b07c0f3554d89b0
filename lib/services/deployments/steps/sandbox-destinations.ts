import 'server-only';
// The sandbox's stand-in for real destinations: Grouparoo's PostgreSQL export writes each
// destination into a table of its name in the sandbox warehouse's `destinations` schema (with a
// groups table beside it, which the plugin requires). The plugin does not create tables, so
// this does, as the warehouse's administrator, and lets the pipeline's service user write them.
import pg from 'pg';
import { clientConfig } from '@/lib/integrations/postgres/test-warehouse';
import { quotePostgresIdentifier as q } from '@/lib/integrations/warehouse';
import type { Destination } from '@/lib/pipeline/spec';
import type { StepContext } from '../step-types';
import { adminConnection, warehousePlan } from './warehouse-access';

export const SANDBOX_DESTINATION_SCHEMA = 'destinations';
const TIMEOUT_MS = 10_000;

/** Grouparoo's postgres-export-records options for a destination table. */
export function sandboxExportOptions(destination: Destination): Record<string, string> {
  return { table: destination.name, primaryKey: 'email', groupsTable: `${destination.name}_groups`, groupForeignKey: 'email', groupColumnName: 'group_name' };
}

/**
 * The destination's mapping as its sandbox table takes it. The export keys rows by `email`, which
 * must be mapped, and Grouparoo maps a property at most once per destination: the field the
 * destination fills from `email` (Mailchimp's email_address) becomes the `email` column.
 */
export function sandboxMapping(destination: Destination): Record<string, string> {
  const others = Object.entries(destination.mapping).filter(([, column]) => column !== 'email');
  return { email: 'email', ...Object.fromEntries(others) };
}

export async function prepareSandboxDestinations(ctx: StepContext, destinations: readonly Destination[]): Promise<void> {
  const admin = await adminConnection(ctx);
  if (admin.kind !== 'postgres' || destinations.length === 0) return;
  const plan = warehousePlan(ctx);
  const client = new pg.Client(clientConfig({ ...admin, user: admin.username, database: plan.database }, TIMEOUT_MS, 'tapestry-deploy'));
  await client.connect();
  try {
    const schema = q(SANDBOX_DESTINATION_SCHEMA);
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
    await client.query(`GRANT USAGE ON SCHEMA ${schema} TO ${q(plan.user)}`);
    for (const d of destinations) {
      const columns = Object.keys(sandboxMapping(d)).map((c) => `${q(c)} text${c === 'email' ? ' PRIMARY KEY' : ''}`);
      await client.query(`CREATE TABLE IF NOT EXISTS ${schema}.${q(d.name)} (${columns.join(', ')})`);
      await client.query(`CREATE TABLE IF NOT EXISTS ${schema}.${q(`${d.name}_groups`)} (email text, group_name text)`);
      await client.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON ${schema}.${q(d.name)}, ${schema}.${q(`${d.name}_groups`)} TO ${q(plan.user)}`);
    }
  } finally {
    await client.end().catch(() => undefined);
  }
}
