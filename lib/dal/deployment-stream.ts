import 'server-only';
// What the deploy page's live view reads (PERF-8, UX-2): stack events after a cursor, in arrival
// order (the bigint id), and the deployment's step states, in ONE indexed statement per poll so
// many open pages cost little. The same statement marks the deployment as watched (REL-4: the
// worker then polls CloudFormation every 5 s instead of 60 s) for a minute, rewriting the mark at
// most every 20 s however many pages watch it.
//
// No gaps: one deployment's events are stored by the one worker holding its lease, a batch per
// transaction, so ids commit in order and "id > cursor" never skips a row committed later.
import { z } from 'zod';
import type { Actor } from '@/lib/authz/actor';
import { assertCan } from '@/lib/authz/assert';
import { inOrg } from '@/lib/db/tenant';
import { AppError } from '@/lib/errors';
import { DeploymentStateSchema, ID_PATTERN, StackEventRowsSchema, StepRowsSchema, stepView, type DeploymentSnapshot, type LiveStackEvent } from './deployment-rows';

/** How long one mark keeps the worker's fast polling. */
const WATCH_SECONDS = 60;
/** Rewrite the mark only once it is this old, so polls every 500 ms do not write every time. */
const WATCH_REFRESH_SECONDS = 20;
export const MAX_EVENTS_PER_READ = 500;

const PollRowSchema = z.object({
  state: DeploymentStateSchema,
  currentStep: z.string().nullable(),
  steps: StepRowsSchema.nullable(),
  events: StackEventRowsSchema,
});

export interface DeploymentRead {
  snapshot: DeploymentSnapshot;
  events: LiveStackEvent[];
}

/**
 * May the actor watch this deployment of this pipeline? NOT_FOUND for an unknown id, another
 * organization's, or a deployment of another pipeline (checked once, when a stream opens).
 */
export async function openDeploymentWatch(actor: Actor, pipelineId: string, deploymentId: string): Promise<void> {
  await assertCan(actor, 'org:read');
  if (!ID_PATTERN.test(pipelineId) || !ID_PATTERN.test(deploymentId)) throw new AppError('NOT_FOUND', 'That deployment does not exist.');
  const found = await inOrg(actor.orgId, (tx) => tx.deployment.count({ where: { id: deploymentId, pipelineId, orgId: actor.orgId } }));
  if (found !== 1) throw new AppError('NOT_FOUND', 'That deployment does not exist.');
}

/**
 * The deployment's steps and the stack events after `afterId` (at most `limit`), read together in
 * one statement so the events and the state belong to the same moment: once the state is
 * terminal, the events returned with it are the last ones. `watch` marks the deployment watched.
 */
export async function readDeployment(actor: Actor, deploymentId: string, afterId: bigint, options: { limit?: number; watch?: boolean } = {}): Promise<DeploymentRead> {
  await assertCan(actor, 'org:read');
  if (!ID_PATTERN.test(deploymentId)) throw new AppError('NOT_FOUND', 'That deployment does not exist.');
  const limit = Math.min(Math.max(options.limit ?? MAX_EVENTS_PER_READ, 1), MAX_EVENTS_PER_READ);
  const watch = options.watch ?? false;
  const rows = await inOrg(actor.orgId, (tx) =>
    tx.$queryRaw<unknown[]>`
      WITH watched AS (
        UPDATE deployment SET watched_until = now() + make_interval(secs => ${WATCH_SECONDS})
        WHERE ${watch}::boolean AND id = ${deploymentId} AND org_id = ${actor.orgId}
          AND (watched_until IS NULL OR watched_until < now() + make_interval(secs => ${WATCH_SECONDS - WATCH_REFRESH_SECONDS}))
        RETURNING id
      )
      SELECT d.state::text AS state, d.current_step AS "currentStep",
        (SELECT json_agg(json_build_object('name', s.name, 'state', s.state, 'attempts', s.attempts, 'startedAt', s.started_at, 'finishedAt', s.finished_at, 'error', s.error) ORDER BY s.position)
           FROM deployment_step s WHERE s.deployment_id = d.id AND s.org_id = d.org_id) AS steps,
        (SELECT COALESCE(json_agg(json_build_object('id', e.id::text, 'time', e.occurred_at, 'logicalId', e.logical_id, 'resourceType', e.resource_type, 'status', e.status, 'reason', e.reason) ORDER BY e.id), '[]'::json)
           FROM (SELECT * FROM stack_event WHERE deployment_id = d.id AND org_id = d.org_id AND id > ${afterId}::bigint ORDER BY id LIMIT ${limit}) e) AS events,
        (SELECT count(*) FROM watched) AS watched
      FROM deployment d WHERE d.id = ${deploymentId} AND d.org_id = ${actor.orgId}`,
  );
  if (rows.length === 0) throw new AppError('NOT_FOUND', 'That deployment does not exist.');
  const row = PollRowSchema.parse(rows[0]);
  return {
    snapshot: { state: row.state, currentStep: row.currentStep, steps: (row.steps ?? []).map(stepView) },
    events: row.events.map((e) => ({ ...e, time: new Date(e.time).toISOString() })),
  };
}

/** Stack events after `afterId`, oldest first (what the page renders before its stream resumes). */
export async function stackEventsAfter(actor: Actor, deploymentId: string, afterId: bigint, limit = MAX_EVENTS_PER_READ): Promise<LiveStackEvent[]> {
  return (await readDeployment(actor, deploymentId, afterId, { limit })).events;
}
