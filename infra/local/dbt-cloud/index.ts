// The dbt Cloud stand-in: the Administrative API v2 (jobs, runs, artifacts, environments) on
// 127.0.0.1, with runs that progress over scaled time and, when their job is bound to a
// PostgreSQL warehouse and SQL models, really build those models there.
import { startStandIn, type StandIn } from '../core/stand-in-server';
import type { SandboxWorld } from '../core/world';
import { createDbtCloudAdapter } from './adapter';
import type { ApiContext } from './api-context';
import type { DbtBinding } from './binding';
import { bindJob } from './control';
import { RunExecutor } from './run-executor';
import { DbtCloudState } from './state';

export type { DbtBinding } from './binding';
export { RunStatus, type RunStatusCode } from './statuses';

export interface DbtCloudStandInOptions {
  port?: number;
  world?: SandboxWorld;
  recordBodies?: boolean;
  /** Speed of runs: 1 = believable (a run takes about 20 s plus its models), smaller = faster. */
  timeScale?: number;
  accountId?: number;
  apiToken?: string;
}

export interface DbtCloudStandIn extends StandIn {
  accountId: number;
  apiToken: string;
  /** The sandbox project's id and its production environment's id (what a new job needs). */
  projectId: number;
  environmentId: number;
  /** Runs of this job build these models in this warehouse (see the control routes in adapter.ts). */
  bind(jobId: number, binding: DbtBinding): void;
}

export const DEFAULT_DBT_ACCOUNT_ID = 1001;
/** Fixed like the other stand-ins' credentials, so a saved pipeline survives a sandbox restart. */
export const DEFAULT_DBT_API_TOKEN = 'dbtc_sandbox_0123456789abcdefghijklmnopqrstuv';

export async function startDbtCloudStandIn(options: DbtCloudStandInOptions = {}): Promise<DbtCloudStandIn> {
  const world = options.world;
  const accountId = options.accountId ?? DEFAULT_DBT_ACCOUNT_ID;
  const apiToken = options.apiToken ?? DEFAULT_DBT_API_TOKEN;
  const state = new DbtCloudState(accountId, () => world?.now() ?? Date.now());
  const executor = new RunExecutor(state, options.timeScale ?? 1, world);
  let baseUrl = '';
  const context = (): ApiContext => ({ state, executor, baseUrl });
  const standIn = await startStandIn({
    name: 'dbt-cloud',
    adapter: createDbtCloudAdapter({ context, apiToken }),
    port: options.port,
    recordBodies: options.recordBodies,
  });
  baseUrl = standIn.url;
  const environmentId = [...state.environments.keys()][0] as number;
  return {
    ...standIn,
    accountId,
    apiToken,
    projectId: state.project.id,
    environmentId,
    bind: (jobId, binding) => bindJob(state, jobId, binding),
    close: async () => {
      await executor.close();
      await standIn.close();
    },
  };
}
