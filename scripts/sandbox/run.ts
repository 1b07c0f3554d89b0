// Runs the whole sandbox for a local install: its own embedded PostgreSQL (the "customer's"
// PostgreSQL warehouse and Grouparoo's database, kept apart from Tapestry's own database), the
// protocol stand-ins, and the real Grouparoo (installed into the install folder on first use, in
// the background, since that takes a minute or two). What the app needs to reach them is written
// to `<home>/sandbox.json` (mode 0600), and rewritten when Grouparoo comes up.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { startEmbeddedPostgres, type EmbeddedCluster } from '@/lib/db/embedded';
import { grouparooInstallDir, installGrouparoo, startGrouparoo } from '@/infra/local/grouparoo';
import { startSandbox, DEFAULT_PORTS, type Sandbox, type SandboxDescriptor } from '@/infra/local/sandbox';
import { freePortNear } from '@/infra/local/ports';

export interface RunningSandbox {
  sandbox: Sandbox;
  descriptorFile: string;
  descriptor(): SandboxDescriptor & { warehouse: { url: string } };
  /** Settles when Grouparoo is up, or failed (the sandbox keeps working without it). */
  grouparooReady: Promise<void>;
  stop(): Promise<void>;
}

export interface RunSandboxOptions {
  home: string;
  log: (line: string) => void;
  /** Install and start the real Grouparoo (default true). */
  grouparoo?: boolean;
  /** Speed of simulated provisioning and jobs (tests: small). */
  timeScale?: number;
  /** Where Grouparoo is installed (default `<home>/grouparoo`): tests share one install across homes. */
  grouparooDir?: string;
}

function sandboxPassword(dir: string): string {
  const file = path.join(dir, 'postgres-password');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  const password = randomBytes(18).toString('base64url');
  writeFileSync(file, password + '\n', { mode: 0o600, flag: 'wx' });
  return password;
}

export async function runSandbox(options: RunSandboxOptions): Promise<RunningSandbox> {
  const dir = path.join(options.home, 'sandbox');
  mkdirSync(dir, { recursive: true, mode: 0o711 });
  const cluster: EmbeddedCluster = await startEmbeddedPostgres({ dataDir: path.join(dir, 'pg'), password: sandboxPassword(dir) });
  let sandbox: Sandbox | undefined;
  let stopGrouparoo: (() => Promise<void>) | undefined;
  let stopped = false;
  try {
    await cluster.ensureDatabase('warehouse');
    await cluster.ensureDatabase('grouparoo');
    sandbox = await startSandbox({ stateDir: path.join(dir, 'state'), timeScale: options.timeScale, dbtWarehouseUrl: cluster.url('warehouse') });
  } catch (error) {
    await cluster.stop();
    throw error;
  }
  const running = sandbox;
  const descriptorFile = path.join(options.home, 'sandbox.json');
  let grouparoo: SandboxDescriptor['grouparoo'];
  const descriptor = () => ({ ...running.descriptor(), grouparoo, warehouse: { url: cluster.url('warehouse') } });
  const write = () => writeFileSync(descriptorFile, JSON.stringify(descriptor(), null, 2) + '\n', { mode: 0o600 });
  write();

  const grouparooReady = (async () => {
    if (options.grouparoo === false) return;
    try {
      const installDir = options.grouparooDir ?? grouparooInstallDir(options.home);
      const install = await installGrouparoo(installDir, (line) => options.log(`grouparoo install: ${line}`));
      if (install.installed) options.log(`Grouparoo installed in ${(install.ms / 1000).toFixed(0)} s.`);
      if (stopped) return;
      const started = await startGrouparoo({
        dir: installDir,
        databaseUrl: cluster.url('grouparoo'),
        port: await freePortNear(DEFAULT_PORTS.grouparoo),
      });
      stopGrouparoo = started.stop;
      if (stopped) return void (await started.stop());
      grouparoo = { url: started.url, apiKey: started.apiKey };
      write();
      options.log(`Grouparoo (real, 0.9.0) is up at ${started.url}`);
    } catch (error) {
      options.log(`Grouparoo could not start: ${error instanceof Error ? error.message : String(error)} (the rest of the sandbox works without it)`);
    }
  })();

  return {
    sandbox: running,
    descriptorFile,
    descriptor,
    grouparooReady,
    async stop() {
      stopped = true;
      await stopGrouparoo?.();
      await running.stop();
      await cluster.stop();
      rmSync(descriptorFile, { force: true });
    },
  };
}

/** The lines `npm run sandbox` and `npm start` print about it. */
export function describeSandbox(d: SandboxDescriptor & { warehouse: { url: string } }): string[] {
  return [
    `  AWS (CloudFormation, STS, EC2, CloudWatch, ECS)  ${d.aws.url}`,
    `  Airbyte public API                              ${d.airbyte.apiUrl}`,
    `  dbt Cloud API v2                                ${d.dbtCloud.url}/api/v2/`,
    `  Snowflake                                       ${d.snowflake.url}`,
    `  Grouparoo                                       ${d.grouparoo?.url ?? '(starting…)'}`,
    `  PostgreSQL warehouse                            ${d.warehouse.url.replace(/:[^:@/]+@/, ':***@')}`,
  ];
}
