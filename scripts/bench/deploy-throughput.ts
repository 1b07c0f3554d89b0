// Worker throughput on many pipelines: every deploy requested back to back, each confirmed as
// soon as its change set is planned, and the worker(s) left to carry them all to SUCCEEDED.
// Figures come from the database (ticks, deployment times) and from the samplers.
import type { DeployBenchEnvironment } from './deploy-environment';
import { confirmUntilSettled, requestDeploys } from './deploy-seed';
import { perSecond, seconds, spreadInSeconds } from './deploy-stats';
import { tallyBetween, tallyTotal, type RequestTally } from './deploy-request-tally';
import { runStates } from './deploy-run-states';
import { ticksBetween } from './deploy-tick-counter';
import type { WorkerSampler } from './worker-sampler';

/** Beyond this the worker is stuck, not slow: print what was reached. */
const LIMIT_MS = 8 * 60_000;

export interface ThroughputResult {
  lines: string[];
  /** Pipelines whose deployment succeeded (the schedule window uses them). */
  deployed: string[];
}

export async function measureThroughput(
  env: DeployBenchEnvironment,
  pipelineIds: readonly string[],
  tools: { sampler: WorkerSampler; tally: RequestTally },
): Promise<ThroughputResult> {
  const started = new Date();
  const callsBefore = tools.tally.snapshot();
  const deploymentIds = await requestDeploys(env.actor, pipelineIds);
  const requestedMs = Date.now() - started.getTime();
  const settled = await confirmUntilSettled(env.actor, env.owner, deploymentIds, LIMIT_MS);
  const ended = new Date();
  const calls = tallyBetween(callsBefore, tools.tally.snapshot());

  const { rows } = await env.owner.query<{ pipelineId: string; state: string; ms: number | null; lastAt: Date | null }>(
    `SELECT pipeline_id AS "pipelineId", state::text,
            extract(epoch FROM finished_at - created_at)::float8 * 1000 AS ms, finished_at AS "lastAt"
       FROM deployment WHERE id = ANY($1)`,
    [deploymentIds],
  );
  const succeeded = rows.filter((r) => r.state === 'SUCCEEDED');
  const lastFinished = Math.max(...succeeded.map((r) => r.lastAt?.getTime() ?? 0));
  const ms = (settled.complete ? lastFinished : ended.getTime()) - started.getTime();
  const ticks = await ticksBetween(env.owner, started, ended);
  const phaseMs = ended.getTime() - started.getTime();
  const samples = tools.sampler.summary(started.getTime(), ended.getTime());
  const n = pipelineIds.length;
  const states = Object.entries(settled.states).map(([state, count]) => `${count} ${state}`).join(', ');
  const perDeploy = (service: string) => ((calls[service] ?? 0) / n).toFixed(1);
  return {
    deployed: succeeded.map((r) => r.pipelineId),
    lines: [
      `  ${n} deploys requested in ${seconds(requestedMs)}; all settled: ${settled.complete ? 'yes' : `NO (limit ${seconds(LIMIT_MS)})`}: ${states}`,
      `  request → SUCCEEDED: ${settled.complete ? 'all' : `${succeeded.length} of ${n}`} in ${seconds(ms)}; per deployment ${spreadInSeconds(succeeded.map((r) => r.ms ?? NaN))}`,
      `  ticks: deployments ${ticks.deployment} (${perSecond(ticks.deployment, phaseMs)}), runs ${ticks.pipeline_run} (${perSecond(ticks.pipeline_run, phaseMs)}); busiest 10 s: ${ticks.peakPer10s} ticks`,
      `  queue lag (oldest due, unleased row; sampled each second): ${samples.lag}`,
      `  database connections held by the worker(s): max ${samples.maxConnections}; worker RSS: max ${samples.maxRssMb.toFixed(0)} MB`,
      `  CPU: ${samples.cpu}`,
      `  first runs (started by the deployments) when the last deployment finished: ${await runStates(env.owner, { pipelineIds, trigger: 'DEPLOY' })}`,
      `  calls to the stand-ins in this phase (deploys and their first runs): ${tallyTotal(calls)}; per pipeline: CloudFormation ${perDeploy('CloudFormation')}, Airbyte ${perDeploy('Airbyte')}, ECS ${perDeploy('ECS')}, dbt Cloud ${perDeploy('dbt Cloud')}`,
    ],
  };
}
