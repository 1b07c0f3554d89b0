// REL-8: migrations applied by the project exactly as Prisma records them, once, under an
// advisory lock; an edited or failing migration is refused; a killed run leaves nothing behind.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, mkdtempSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { migrate, readMigrations } from '@/lib/db/migrate';
import { createDatabase, sql } from '../support/database';

function migrationsCopy(extra: Record<string, string> = {}): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tapestry-migrations-'));
  cpSync('prisma/migrations', dir, { recursive: true });
  for (const [name, body] of Object.entries(extra)) {
    mkdirSync(path.join(dir, name));
    writeFileSync(path.join(dir, name, 'migration.sql'), body);
  }
  return dir;
}

interface Row {
  id: string;
  checksum: string;
  migration_name: string;
  finished_at: Date | null;
  applied_steps_count: number;
  logs: string | null;
  rolled_back_at: Date | null;
}
const rows = (url: string) => sql<Row>(url, 'SELECT * FROM "_prisma_migrations" ORDER BY migration_name');

describe('migrate()', () => {
  it('records each migration the way prisma migrate deploy does', async () => {
    const url = await createDatabase({ fromTemplate: false });
    const result = await migrate(url);
    const files = await readMigrations();
    expect(result.applied).toEqual(files.map((f) => f.name));
    const recorded = await rows(url);
    expect(recorded).toHaveLength(files.length);
    for (const [i, row] of recorded.entries()) {
      const file = readFileSync(path.join('prisma/migrations', row.migration_name, 'migration.sql'));
      expect(row.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(row.checksum).toBe(createHash('sha256').update(file).digest('hex'));
      expect(row.migration_name).toBe(files[i]!.name);
      expect(row.finished_at).toBeInstanceOf(Date);
      expect(row.applied_steps_count).toBe(1);
      expect(row.logs).toBeNull();
      expect(row.rolled_back_at).toBeNull();
    }
    expect(await migrate(url)).toEqual({ applied: [], alreadyApplied: files.map((f) => f.name) });
  });

  it('applies each migration once when four processes start together', async () => {
    const url = await createDatabase({ fromTemplate: false });
    const results = await Promise.all([1, 2, 3, 4].map(() => migrate(url)));
    const files = await readMigrations();
    expect(results.flatMap((r) => r.applied).sort()).toEqual(files.map((f) => f.name).sort());
    expect(await rows(url)).toHaveLength(files.length);
  });

  it('refuses a migration that was edited after it was applied', async () => {
    const url = await createDatabase({ fromTemplate: false });
    const dir = migrationsCopy();
    await migrate(url, { dir });
    const [first] = (await readMigrations(dir)).map((m) => m.name);
    writeFileSync(path.join(dir, first!, 'migration.sql'), `${readFileSync(path.join(dir, first!, 'migration.sql'), 'utf8')}\n-- edited\n`);
    await expect(migrate(url, { dir })).rejects.toThrow(/was changed after it was applied/);
  });

  it('rolls a failing migration back entirely and reports it', async () => {
    const url = await createDatabase({ fromTemplate: false });
    const dir = migrationsCopy({
      '29990101000000_broken': 'CREATE TABLE half_done (id int);\nSELECT * FROM no_such_table;',
    });
    await expect(migrate(url, { dir })).rejects.toThrow(/29990101000000_broken failed and was rolled back: .*no_such_table/);
    expect(await sql(url, "SELECT 1 FROM information_schema.tables WHERE table_name = 'half_done'")).toEqual([]);
    expect((await rows(url)).map((r) => r.migration_name)).not.toContain('29990101000000_broken');
  });

  it('recovers when the migrating process is killed mid-migration', async () => {
    const url = await createDatabase({ fromTemplate: false });
    const dir = migrationsCopy({ '29990101000000_slow': 'CREATE TABLE slow_marker (id int);\nSELECT pg_sleep(60);' });
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'test/support/migrate-child.ts', url, dir],
      { stdio: 'ignore' },
    );
    // Wait until the slow statement runs, then kill the process without any chance to clean up.
    await expect
      .poll(() => sql(url, "SELECT 1 FROM pg_stat_activity WHERE query LIKE '%pg_sleep(60)%' AND pid <> pg_backend_pid()"), { timeout: 15_000 })
      .toHaveLength(1);
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGKILL');
    await exited;

    const fixed = migrationsCopy({ '29990101000000_slow': 'CREATE TABLE slow_marker (id int);' });
    const result = await migrate(url, { dir: fixed });
    expect(result.applied).toContain('29990101000000_slow');
    expect((await rows(url)).every((r) => r.finished_at !== null)).toBe(true);
  });
});
