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
import { openDbtCloudState } from './persistence';
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
  /**
   * Keep the account's state in this file (mode 0600: it holds the API token and the bindings'
   * warehouse passwords) and restore it on start, unfinished runs included, which carry on.
   * Once the file exists, its account id and API token are used rather than the options'.
   */
  stateFile?: string;
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
  const now = () => world?.now() ?? Date.now();
  const given = { accountId: options.accountId ?? DEFAULT_DBT_ACCOUNT_ID, apiToken: options.apiToken ?? DEFAULT_DBT_API_TOKEN };
  const opened = options.stateFile
    ? openDbtCloudState(options.stateFile, given, now)
    : { state: new DbtCloudState(given.accountId, now), ...given, close: () => undefined };
  const { state, accountId, apiToken } = opened;
  const executor = new RunExecutor(state, options.timeScale ?? 1, world);
  for (const run of state.runs.values()) executor.resume(run);
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
      opened.close();
    },
  };
}
