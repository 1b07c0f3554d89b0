// Deploy → first stack event, as a person lives it: press Deploy, wait for the change set, press
// Confirm, see the stack's first event. Measured on a quiet worker, one deploy at a time, from
// the database's own timestamps: the deployment row's created_at (Deploy) and confirmed_at
// (Confirm), and the first stack_event row's received_at (when the worker stored it; the page
// can show nothing earlier). The bench presses Confirm the moment the plan is ready, so the
// total leaves out a person's reading time. The person has the deploy page open, so the
// deployment is marked watched (watched_until, what makes the worker poll CloudFormation every
// 5 s instead of every 60 s, REL-4), as an open page does.
import type pg from 'pg';
import { confirmDeployment, requestDeploy } from '@/lib/services/deployments/request-deployment';
import type { DeployBenchEnvironment } from './deploy-environment';
import { readyPipeline } from './deploy-seed';
import { nearestRank, seconds } from './deploy-stats';

const POLL_MS = 50;
const LIMIT_MS = 120_000;
const WATCH_MS = 10 * 60_000;

async function until<T>(what: string, probe: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + LIMIT_MS;
  for (;;) {
    const found = await probe();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

async function stateOf(owner: pg.Pool, deploymentId: string): Promise<string> {
  const { rows } = await owner.query<{ state: string }>('SELECT state::text FROM deployment WHERE id = $1', [deploymentId]);
  return rows[0]?.state ?? 'MISSING';
}

export interface FirstEvent {
  planMs: number;
  confirmToEventMs: number;
  totalMs: number;
}

/** One Deploy → Confirm → first event; then waits for the deployment to finish, so the next meets a quiet worker. */
export async function deployToFirstEvent(env: DeployBenchEnvironment): Promise<FirstEvent> {
  const pipelineId = await readyPipeline(env.actor);
  const { deploymentId } = await requestDeploy(env.actor, { pipelineId });
  await env.owner.query('UPDATE deployment SET watched_until = now() + make_interval(secs => $2) WHERE id = $1', [deploymentId, WATCH_MS / 1000]);
  await until('the change set', async () => ((await stateOf(env.owner, deploymentId)) === 'AWAITING_CONFIRMATION' ? true : undefined));
  await confirmDeployment(env.actor, { deploymentId });
  const times = await until('the first stack event', async () => {
    const { rows } = await env.owner.query<{ requested: Date; confirmed: Date; first: Date | null }>(
      `SELECT d.created_at AS requested, d.confirmed_at AS confirmed, (SELECT min(received_at) FROM stack_event e WHERE e.deployment_id = d.id) AS first
         FROM deployment d WHERE d.id = $1`,
      [deploymentId],
    );
    const row = rows[0];
    return row?.first ? { requested: row.requested.getTime(), confirmed: row.confirmed.getTime(), first: row.first.getTime() } : undefined;
  });
  await until('the deployment to finish', async () => (['SUCCEEDED', 'FAILED'].includes(await stateOf(env.owner, deploymentId)) ? true : undefined));
  return { planMs: times.confirmed - times.requested, confirmToEventMs: times.first - times.confirmed, totalMs: times.first - times.requested };
}

export async function measureFirstEvents(env: DeployBenchEnvironment, count: number): Promise<string[]> {
  const results: FirstEvent[] = [];
  for (let i = 0; i < count; i++) results.push(await deployToFirstEvent(env));
  const median = (pick: (r: FirstEvent) => number) => seconds(nearestRank(results.map(pick), 50));
  return [
    `  median of ${count}: Deploy → change set ready ${median((r) => r.planMs)}; Confirm → first stack event stored ${median((r) => r.confirmToEventMs)}; Deploy → first event ${median((r) => r.totalMs)} (Confirm pressed at once)`,
  ];
}
