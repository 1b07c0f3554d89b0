// The deploy benchmark's main installation: its own database (deploy-install.ts) with the tick
// counter, and the sandbox in this process (deploy-sandbox.ts: in memory, without Grouparoo, whose
// install and boot would be measured instead of Tapestry), whose request logs the benchmark
// reads. Worker processes are started on top of it with `workerEnv`.
import path from 'node:path';
import type pg from 'pg';
import type { Actor } from '@/lib/authz/actor';
import type { Sandbox } from '@/infra/local/sandbox';
import { createBenchInstall } from './deploy-install';
import { startBenchSandbox, type BenchSandbox } from './deploy-sandbox';
import { installTickCounter } from './deploy-tick-counter';

export interface DeployBenchEnvironment {
  actor: Actor;
  owner: pg.Pool;
  sandbox: Sandbox;
  workerEnv: Record<string, string>;
  stop(): Promise<void>;
}

export async function startDeployEnvironment(options: { timeScale: number }): Promise<DeployBenchEnvironment> {
  const install = await createBenchInstall({ sandboxFile: (home) => path.join(home, 'sandbox.json'), prepare: installTickCounter });
  let sandbox: BenchSandbox;
  try {
    sandbox = await startBenchSandbox(install.home, options.timeScale);
  } catch (error) {
    await install.stop();
    throw error;
  }
  return {
    actor: install.actor,
    owner: install.owner,
    sandbox: sandbox.sandbox,
    // What an installation logs by default: the worker's logging is part of its cost.
    workerEnv: { ...install.processEnv, TAPESTRY_SANDBOX_FILE: sandbox.descriptorFile, LOG_LEVEL: 'info' },
    async stop() {
      await sandbox.stop();
      await install.stop();
    },
  };
}
