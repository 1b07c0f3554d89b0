// The sandbox as the deploy benchmark runs it: the same stand-ins and the same PostgreSQL
// warehouse `npm start` gives, but with the stand-ins' state kept in memory only. With state files
// (scripts/sandbox/run.ts) every stand-in re-serializes its whole state up to four times a second;
// with hundreds of stacks that saturates this process and the simulated cloud, not Tapestry's
// worker, would set the pace. The warehouse stands for the customer's database, so it trades
// durability for speed (fsync off); Tapestry's own database keeps the defaults.
import { randomBytes } from 'node:crypto';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { startEmbeddedPostgres } from '@/lib/db/embedded';
import { startSandbox, type Sandbox } from '@/infra/local/sandbox';

export interface BenchSandbox {
  sandbox: Sandbox;
  /** What TAPESTRY_SANDBOX_FILE names for Kickstart and the worker (the shape `npm start` writes). */
  descriptorFile: string;
  stop(): Promise<void>;
}

export async function startBenchSandbox(home: string, timeScale: number): Promise<BenchSandbox> {
  const dir = path.join(home, 'sandbox');
  mkdirSync(dir, { recursive: true, mode: 0o711 });
  const warehouse = await startEmbeddedPostgres({ dataDir: path.join(dir, 'pg'), password: randomBytes(12).toString('hex'), ephemeral: true });
  let sandbox: Sandbox;
  try {
    await warehouse.ensureDatabase('warehouse');
    sandbox = await startSandbox({ timeScale, dbtWarehouseUrl: warehouse.url('warehouse') });
  } catch (error) {
    await warehouse.stop();
    throw error;
  }
  const descriptorFile = path.join(home, 'sandbox.json');
  writeFileSync(descriptorFile, JSON.stringify({ ...sandbox.descriptor(), warehouse: { url: warehouse.url('warehouse') } }), { mode: 0o600 });
  return {
    sandbox,
    descriptorFile,
    async stop() {
      await sandbox.stop();
      await warehouse.stop();
      rmSync(descriptorFile, { force: true });
    },
  };
}
