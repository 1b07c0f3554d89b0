// Pipelines and deploys as people make them, through the same services the pages call: Kickstart
// for the sandbox, save on the review step, Deploy, then Confirm once the change set is planned.
import type pg from 'pg';
import type { Actor } from '@/lib/authz/actor';
import { pipelineDetail } from '@/lib/dal/pipelines/read';
import { confirmDeployment, requestDeploy } from '@/lib/services/deployments/request-deployment';
import { kickstart } from '@/lib/services/pipelines/kickstart';
import { saveDesign } from '@/lib/services/pipelines/save-design';

/**
 * At most this many presses in flight: each is a transaction, and the Prisma pool (10) gives up
 * on a transaction that waits over 2 s for a connection, which a person never causes.
 */
const PRESSES_IN_FLIGHT = 8;

/** Runs `work` over `items`, `limit` at a time, keeping the results in order. */
export async function inBatches<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await work(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
  return results;
}

/** A Kickstart sandbox pipeline saved on the review step, ready to deploy. */
export async function readyPipeline(actor: Actor): Promise<string> {
  const made = await kickstart(actor, { target: 'sandbox' });
  const { version } = await pipelineDetail(actor, made.id);
  await saveDesign(actor, { id: made.id, version });
  return made.id;
}

/**
 * One after another, as one person clicks: concurrent Kickstarts in one organization race for the
 * same free slug and all but one fail on the slug's unique index.
 */
export async function readyPipelines(actor: Actor, count: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) ids.push(await readyPipeline(actor));
  return ids;
}

export function requestDeploys(actor: Actor, pipelineIds: readonly string[]): Promise<string[]> {
  return inBatches(pipelineIds, PRESSES_IN_FLIGHT, async (pipelineId) => (await requestDeploy(actor, { pipelineId })).deploymentId);
}

const TERMINAL = ['SUCCEEDED', 'FAILED', 'CANCELLED'];

export interface Settled {
  states: Record<string, number>;
  /** Whether every deployment reached a terminal state before the limit. */
  complete: boolean;
}

/**
 * Confirms each deployment as soon as its change set is planned (the admin's second press), and
 * waits until every one has finished or `limitMs` has passed.
 */
export async function confirmUntilSettled(actor: Actor, owner: pg.Pool, deploymentIds: readonly string[], limitMs: number): Promise<Settled> {
  const deadline = Date.now() + limitMs;
  for (;;) {
    const { rows } = await owner.query<{ id: string; state: string }>('SELECT id, state::text FROM deployment WHERE id = ANY($1)', [deploymentIds]);
    const planned = rows.filter((r) => r.state === 'AWAITING_CONFIRMATION').map((r) => r.id);
    await inBatches(planned, PRESSES_IN_FLIGHT, (deploymentId) => confirmDeployment(actor, { deploymentId }));
    const states: Record<string, number> = {};
    for (const r of rows) states[r.state] = (states[r.state] ?? 0) + 1;
    const complete = rows.every((r) => TERMINAL.includes(r.state));
    if (complete || Date.now() > deadline) return { states, complete };
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
