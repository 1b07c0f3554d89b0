// REL-8: migrations applied by the project exactly as Prisma records them, once, under an
// advisory lock even when separate processes start together; an edited or failing migration is
// refused; a process killed mid-migration leaves nothing behind and the same files apply next time.
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, mkdtempSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { migrate, readMigrations, type MigrateResult } from '@/lib/db/migrate';
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
const sha256 = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

interface Migrator {
  child: ChildProcess;
  /** Exit code and what the process printed (its MigrateResult as JSON when it succeeded). */
  done: Promise<{ code: number | null; stdout: string; stderr: string }>;
}

/** `migrate()` in a separate process, as each starting instance of the app runs it. */
function startMigrator(url: string, dir: string): Migrator {
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/support/migrate-child.ts', url, dir], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const done = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) =>
    child.once('close', (code) => resolve({ code, stdout, stderr })),
  );
  return { child, done };
}

describe('migrate()', () => {
  it('records each migration the way prisma migrate deploy does', async () => {
    const url = await createDatabase({ fromTemplate: false });
    const result = await migrate(url);
    const files = await readMigrations();
    expect(result.applied).toEqual(files.map((f) => f.name));
    const recorded = await rows(url);
    expect(recorded).toHaveLength(files.length);
    for (const [i, row] of recorded.entries()) {
      expect(row.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(row.checksum).toBe(sha256(path.join('prisma/migrations', row.migration_name, 'migration.sql')));
      expect(row.migration_name).toBe(files[i]!.name);
      expect(row.finished_at).toBeInstanceOf(Date);
      expect(row.applied_steps_count).toBe(1);
      expect(row.logs).toBeNull();
      expect(row.rolled_back_at).toBeNull();
    }
    expect(await migrate(url)).toEqual({ applied: [], alreadyApplied: files.map((f) => f.name) });
  });

  it('applies each migration exactly once when four processes start together on an empty database', { timeout: 60_000 }, async () => {
    const url = await createDatabase({ fromTemplate: false });
    const dir = migrationsCopy();
    const names = (await readMigrations(dir)).map((f) => f.name);
    const runs = await Promise.all([1, 2, 3, 4].map(() => startMigrator(url, dir).done));
    expect(runs.map((r) => [r.code, r.stderr])).toEqual([1, 2, 3, 4].map(() => [0, '']));
    const results = runs.map((r) => JSON.parse(r.stdout) as MigrateResult);
    // Whoever held the lock applied a migration; the others waited and found it done.
    expect(results.flatMap((r) => r.applied).sort()).toEqual(names);
    for (const r of results) expect([...r.applied, ...r.alreadyApplied].sort()).toEqual(names);
    const recorded = await rows(url);
    expect(recorded.map((r) => r.migration_name)).toEqual(names);
    expect(recorded.every((r) => r.finished_at !== null && r.applied_steps_count === 1)).toBe(true);
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

  it('leaves nothing behind when the migrating process is killed mid-migration, and the same files then apply', { timeout: 60_000 }, async () => {
    const url = await createDatabase({ fromTemplate: false });
    const slow = '29990101000000_slow';
    const dir = migrationsCopy({ [slow]: 'CREATE TABLE slow_marker (id int);\nCREATE INDEX slow_marker_id ON slow_marker (id);\nSELECT pg_sleep(4);' });
    const sleeping = () => sql(url, "SELECT pid FROM pg_stat_activity WHERE query LIKE '%pg_sleep(4)%' AND pid <> pg_backend_pid()");
    const migrator = startMigrator(url, dir);
    // Wait until the slow statement runs, then kill the process without any chance to clean up.
    await expect.poll(sleeping, { timeout: 20_000, interval: 50 }).toHaveLength(1);
    migrator.child.kill('SIGKILL');
    expect((await migrator.done).code).toBeNull();
    // The server notices the dead client (client_connection_check_interval) and rolls back.
    await expect.poll(sleeping, { timeout: 10_000, interval: 100 }).toHaveLength(0);

    expect((await rows(url)).map((r) => r.migration_name)).not.toContain(slow);
    expect(await sql(url, "SELECT relname FROM pg_class WHERE relname IN ('slow_marker', 'slow_marker_id')")).toEqual([]);

    const restart = startMigrator(url, dir);
    const rerun = await restart.done;
    expect([rerun.code, rerun.stderr]).toEqual([0, '']);
    expect((JSON.parse(rerun.stdout) as MigrateResult).applied).toContain(slow);
    const recorded = await rows(url);
    expect(recorded.map((r) => r.migration_name)).toEqual((await readMigrations(dir)).map((f) => f.name));
    for (const row of recorded) {
      expect(row.finished_at, row.migration_name).toBeInstanceOf(Date);
      expect(row.checksum, row.migration_name).toBe(sha256(path.join(dir, row.migration_name, 'migration.sql')));
    }
    expect(await sql(url, "SELECT relname FROM pg_class WHERE relname IN ('slow_marker', 'slow_marker_id') ORDER BY relname")).toHaveLength(2);
  });
});
