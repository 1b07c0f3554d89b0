// Writes synced records into a PostgreSQL warehouse the way Airbyte's Postgres destination lays
// them out: a table per stream in the configured schema, named after the stream, with Airbyte's
// columns (`_airbyte_raw_id`, `_airbyte_extracted_at`, `_airbyte_meta`, `_airbyte_generation_id`)
// followed by one typed column per field. Overwrite syncs fill `<table>_airbyte_tmp` and swap it in
// at the end, so readers see the old rows until the new ones are complete; deduped syncs replace
// rows with the same primary key. Every batch is one transaction, and every row carries its job's
// id (`_airbyte_meta.sync_id`): a job resumed after a restart counts what it already committed
// there, so it writes each record exactly once even when the stand-in's saved state lags behind.
import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { connectPostgres } from './postgres-connection';
import type { FieldType } from './source-catalog';

export interface StreamTarget {
  schema: string;
  table: string;
  columns: Record<string, FieldType>;
  overwrite: boolean;
  /** Top-level primary key fields when rows are deduplicated. */
  dedupKey?: string[];
}

const COLUMN_TYPES: Record<FieldType, string> = {
  string: 'varchar',
  integer: 'bigint',
  number: 'decimal(38, 9)',
  boolean: 'boolean',
  timestamp: 'timestamp with time zone',
  object: 'jsonb',
};

/** PostgreSQL-compatible identifier, as the destination derives one (letters, digits, `_`; no leading digit; 63 bytes). */
export function postgresName(name: string): string {
  const cleaned = name.replace(/[^A-Za-z0-9_]/g, '_');
  return (/^\d/.test(cleaned) ? `_${cleaned}` : cleaned).slice(0, 63);
}

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;
const TMP_SUFFIX = '_airbyte_tmp';

function qualified(schema: string, table: string): string {
  return `${quote(schema)}.${quote(table)}`;
}

export class WarehouseWriter {
  private constructor(private readonly client: pg.Client) {}

  static async open(configuration: Record<string, unknown>): Promise<WarehouseWriter> {
    return new WarehouseWriter(await connectPostgres(configuration));
  }

  private writeTable(target: StreamTarget): string {
    return target.overwrite ? `${target.table.slice(0, 63 - TMP_SUFFIX.length)}${TMP_SUFFIX}` : target.table;
  }

  /**
   * Creates the schema and the table a job writes into (a fresh temporary one for overwrites) and
   * returns how many of the stream's records the job already committed there: none for a new job;
   * for a resumed one, its rows found in the table (an overwrite's temporary table survives a
   * restart, so the job carries on filling it).
   */
  async prepare(target: StreamTarget, job: { syncId: number; resumed: boolean }): Promise<number> {
    const table = qualified(target.schema, this.writeTable(target));
    const columns = Object.entries(target.columns).map(([name, type]) => `${quote(name)} ${COLUMN_TYPES[type]}`);
    await this.client.query(`CREATE SCHEMA IF NOT EXISTS ${quote(target.schema)}`);
    const committed = job.resumed ? await this.rowsOfJob(table, job.syncId) : 0;
    if (target.overwrite && committed === 0) await this.client.query(`DROP TABLE IF EXISTS ${table}`);
    await this.client.query(
      `CREATE TABLE IF NOT EXISTS ${table} (
        "_airbyte_raw_id" varchar NOT NULL,
        "_airbyte_extracted_at" timestamp with time zone NOT NULL,
        "_airbyte_meta" jsonb NOT NULL,
        "_airbyte_generation_id" bigint NOT NULL${columns.map((c) => `,\n        ${c}`).join('')}
      )`,
    );
    // A table from an earlier sync may lack fields selected since; add them as Airbyte does.
    for (const column of columns) await this.client.query(`ALTER TABLE ${table} ADD COLUMN IF NOT EXISTS ${column}`);
    await this.client.query(`CREATE INDEX IF NOT EXISTS ${quote(`idx_extracted_at_${this.writeTable(target)}`.slice(0, 63))} ON ${table} ("_airbyte_extracted_at")`);
    return committed;
  }

  private async exists(table: string): Promise<boolean> {
    const found = await this.client.query<{ t: string | null }>('SELECT to_regclass($1)::text AS t', [table]);
    return Boolean(found.rows[0]?.t);
  }

  private async rowsOfJob(table: string, syncId: number): Promise<number> {
    if (!(await this.exists(table))) return 0;
    const counted = await this.client.query<{ n: string }>(`SELECT count(*)::text AS n FROM ${table} WHERE "_airbyte_meta"->>'sync_id' = $1`, [String(syncId)]);
    return Number(counted.rows[0]?.n ?? 0);
  }

  /** Commits one batch of records; returns how many rows it wrote. */
  async write(target: StreamTarget, records: Record<string, unknown>[], meta: { syncId: number; generationId: number }): Promise<number> {
    if (records.length === 0) return 0;
    const table = qualified(target.schema, this.writeTable(target));
    const names = Object.keys(target.columns);
    const extractedAt = new Date().toISOString();
    const params: unknown[] = [];
    const rows = records.map((record) => {
      const values = [randomUUID(), extractedAt, JSON.stringify({ changes: [], sync_id: meta.syncId }), meta.generationId, ...names.map((n) => dbValue(record[n], target.columns[n]))];
      const placeholders = values.map((v) => {
        params.push(v);
        return `$${params.length}`;
      });
      return `(${placeholders.join(', ')})`;
    });
    const columnList = ['_airbyte_raw_id', '_airbyte_extracted_at', '_airbyte_meta', '_airbyte_generation_id', ...names].map(quote).join(', ');
    await this.client.query('BEGIN');
    try {
      if (target.dedupKey?.length) await this.deleteSameKeys(table, target.dedupKey, records);
      await this.client.query(`INSERT INTO ${table} (${columnList}) VALUES ${rows.join(', ')}`, params);
      await this.client.query('COMMIT');
    } catch (error) {
      await this.client.query('ROLLBACK').catch(() => undefined);
      throw error;
    }
    return records.length;
  }

  private async deleteSameKeys(table: string, key: string[], records: Record<string, unknown>[]): Promise<void> {
    const params: unknown[] = [];
    const tuples = records.map((r) => `(${key.map((k) => (params.push(r[k] === undefined ? null : String(r[k])), `$${params.length}`)).join(', ')})`);
    const columns = key.map((k) => `${quote(k)}::text`).join(', ');
    await this.client.query(`DELETE FROM ${table} WHERE (${columns}) IN (${tuples.join(', ')})`, params);
  }

  /** Ends a stream's sync: an overwrite's temporary table replaces the final one. */
  async finish(target: StreamTarget): Promise<void> {
    if (!target.overwrite) return;
    const final = qualified(target.schema, target.table);
    await this.client.query('BEGIN');
    try {
      await this.client.query(`DROP TABLE IF EXISTS ${final}`);
      await this.client.query(`ALTER TABLE ${qualified(target.schema, this.writeTable(target))} RENAME TO ${quote(target.table)}`);
      await this.client.query('COMMIT');
    } catch (error) {
      await this.client.query('ROLLBACK').catch(() => undefined);
      throw error;
    }
  }

  /** Drops an unfinished overwrite's temporary table (a cancelled or failed sync). */
  async abandon(target: StreamTarget): Promise<void> {
    if (target.overwrite) await this.client.query(`DROP TABLE IF EXISTS ${qualified(target.schema, this.writeTable(target))}`);
  }

  /** Empties a stream's table (a clear / reset job). */
  async clear(target: Pick<StreamTarget, 'schema' | 'table'>): Promise<void> {
    const table = qualified(target.schema, target.table);
    if (await this.exists(table)) await this.client.query(`DELETE FROM ${table}`);
  }

  async close(): Promise<void> {
    await this.client.end().catch(() => undefined);
  }
}

function dbValue(value: unknown, type: FieldType | undefined): unknown {
  if (value === undefined || value === null) return null;
  if (type === 'object') return JSON.stringify(value);
  return value;
}
