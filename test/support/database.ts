// Databases for integration tests, cloned from the migrated template on the shared cluster.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';

export function clusterUrl(database: string): string {
  return `postgresql://postgres:${inject('pgPassword')}@127.0.0.1:${inject('pgPort')}/${database}`;
}

/** Creates a fresh database (empty, or a copy of the migrated template) and returns its URL. */
export async function createDatabase(opts: { fromTemplate: boolean }): Promise<string> {
  const name = `t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: clusterUrl('postgres') });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}${opts.fromTemplate ? ' TEMPLATE tapestry_template' : ''}`);
  } finally {
    await admin.end();
  }
  return clusterUrl(name);
}

/** A plain pg client for assertions below the ORM (catalog queries, triggers). */
export async function sql<T extends pg.QueryResultRow = Record<string, unknown>>(
  connectionString: string,
  text: string,
  params: unknown[] = [],
): Promise<T[]> {
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    return (await client.query<T>(text, params)).rows;
  } finally {
    await client.end();
  }
}
