// The sandbox: every stand-in plus the real Grouparoo, started together on 127.0.0.1 and sharing
// one world (EC2 instances created by stacks, CPU that rises while syncs run). `npm run sandbox`
// runs it alone, `npm start` runs it beside the app, and tests start it on free ports.
import path from 'node:path';
import { startAirbyteStandIn, type AirbyteStandIn } from './airbyte';
import { startAwsStandIn, type AwsStandIn } from './aws';
import { SANDBOX_ACCESS_KEY_ID } from './aws/sts';
import type { StandIn } from './core/stand-in-server';
import { stateFile, type StateFile } from './core/state-file';
import { SandboxWorld, type WorldSnapshot } from './core/world';
import { startDbtCloudStandIn, type DbtCloudStandIn } from './dbt-cloud';
import { freePortNear } from './ports';
import { startSnowflakeStandIn, type SnowflakeStandIn } from './snowflake';

/** Preferred ports, so a user's bookmarks survive restarts; a taken port falls back to a free one. */
export const DEFAULT_PORTS = { aws: 4566, airbyte: 8006, dbtCloud: 8580, snowflake: 8480, grouparoo: 3100 } as const;

export interface SandboxOptions {
  /** Fixed ports (0 = any free port). Absent entries use DEFAULT_PORTS when free. */
  ports?: Partial<Record<keyof typeof DEFAULT_PORTS, number>>;
  /** Speed of simulated provisioning and jobs: 1 = believable, smaller = faster (tests). */
  timeScale?: number;
  /** Keep request and response bodies in the stand-ins' logs (tests only). */
  recordBodies?: boolean;
  world?: SandboxWorld;
  /**
   * Keep every service's state here (one 0600 JSON file each) so a restart finds stacks,
   * connections, jobs, runs and warehouse objects as the real services would keep them.
   */
  stateDir?: string;
  /**
   * The sandbox warehouse's PostgreSQL URL (with credentials): ECS tasks of the dbt Core image
   * build the unified users models there for real; without it they are simulated.
   */
  dbtWarehouseUrl?: string;
}

export interface Sandbox {
  world: SandboxWorld;
  aws: AwsStandIn;
  airbyte: AirbyteStandIn;
  dbtCloud: DbtCloudStandIn;
  snowflake: SnowflakeStandIn;
  /** What the app needs to reach each service (URLs and the sandbox's own credentials). */
  descriptor(): SandboxDescriptor;
  stop(): Promise<void>;
}

/** Written to `.tapestry/sandbox.json` (mode 0600) for the app and the worker. */
export interface SandboxDescriptor {
  aws: { url: string; region: string; accountId: string; accessKeyId: string; secretAccessKey: string };
  airbyte: { url: string; apiUrl: string; clientId: string; clientSecret: string };
  dbtCloud: { url: string; accountId: number; apiToken: string };
  snowflake: { url: string; account: string; username: string; password: string };
  grouparoo?: { url: string; apiKey: string };
}

type WorldState = WorldSnapshot & { savedAt: number };

/**
 * Starts a stand-in on its fixed port, else on its usual one when free. A port found free can be
 * taken before the stand-in listens on it (two sandboxes starting at once, as parallel test files
 * do): then it starts on one the kernel picks instead of failing.
 */
async function onPort<T>(options: SandboxOptions, name: keyof typeof DEFAULT_PORTS, start: (port: number) => Promise<T>): Promise<T> {
  const fixed = options.ports?.[name];
  if (fixed !== undefined) return start(fixed);
  try {
    return await start(await freePortNear(DEFAULT_PORTS[name]));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error;
    return start(0);
  }
}

/** The world's own state file: restored first, since resumed stacks move its instances on. */
function persistWorld(world: SandboxWorld, stateDir: string | undefined): StateFile<WorldState> | undefined {
  if (!stateDir) return undefined;
  const file = stateFile<WorldState>(path.join(stateDir, 'world.json'), () => ({ ...world.snapshot(), savedAt: world.now() }));
  const saved = file.load();
  if (saved) world.restore(saved, saved.savedAt);
  world.onChange = () => file.changed();
  return file;
}

export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const world = options.world ?? new SandboxWorld();
  const worldState = persistWorld(world, options.stateDir);
  const common = { world, recordBodies: options.recordBodies, timeScale: options.timeScale };
  const stateFor = (service: string) => (options.stateDir ? { stateFile: path.join(options.stateDir, `${service}.json`) } : {});
  const started: StandIn[] = [];
  try {
    const aws = await onPort(options, 'aws', (port) => startAwsStandIn({ ...common, ...stateFor('aws'), port, dbtWarehouseUrl: options.dbtWarehouseUrl }));
    started.push(aws);
    const airbyte = await onPort(options, 'airbyte', (port) => startAirbyteStandIn({ ...common, ...stateFor('airbyte'), port, defaultWorkspace: true }));
    started.push(airbyte);
    const dbtCloud = await onPort(options, 'dbtCloud', (port) => startDbtCloudStandIn({ ...common, ...stateFor('dbt-cloud'), port }));
    started.push(dbtCloud);
    const snowflake = await onPort(options, 'snowflake', (port) => startSnowflakeStandIn({ recordBodies: options.recordBodies, ...stateFor('snowflake'), port }));
    started.push(snowflake);
    return {
      world,
      aws,
      airbyte,
      dbtCloud,
      snowflake,
      descriptor: () => ({
        aws: { url: aws.url, region: aws.region, accountId: aws.accountId, accessKeyId: SANDBOX_ACCESS_KEY_ID, secretAccessKey: 'sandbox-secret-access-key' },
        airbyte: { url: airbyte.url, apiUrl: airbyte.apiUrl, clientId: airbyte.clientId, clientSecret: airbyte.clientSecret },
        dbtCloud: { url: dbtCloud.url, accountId: dbtCloud.accountId, apiToken: dbtCloud.apiToken },
        snowflake: { url: snowflake.url, account: snowflake.account, username: snowflake.adminUser, password: snowflake.adminPassword },
      }),
      stop: async () => {
        await Promise.all(started.map((s) => s.close()));
        worldState?.flush();
      },
    };
  } catch (error) {
    await Promise.all(started.map((s) => s.close()));
    throw error;
  }
}
