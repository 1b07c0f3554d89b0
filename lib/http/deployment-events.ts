import 'server-only';
// GET /<org>/pipelines/<id>/deployments/<deploymentId>/events: a deployment's live view (PERF-8,
// UX-2). Session-authorized like the pipeline export route: any member may watch (org:read);
// another organization's ids, or a deployment of another pipeline, answer 404.
//
// As an event stream: `event: stack` per stored stack event (id = its row id, in arrival order),
// `event: deployment` with the steps whenever they change, and `event: end` once the deployment
// is terminal and every event has been sent. It resumes after the Last-Event-ID header the
// browser sends when it reconnects, or `?after=` (a new EventSource cannot set the header). With
// `Accept: application/json` it answers one read, {events, deployment, cursor}: the client's
// polling fallback.
import { currentActor } from '@/lib/auth/current-actor';
import type { Actor } from '@/lib/authz/actor';
import { openDeploymentWatch, readDeployment } from '@/lib/dal/deployments';
import { MAX_EVENTS_PER_READ } from '@/lib/dal/deployment-stream';
import { TERMINAL_STATES } from '@/lib/dal/deployment-rows';
import { AppError, ERROR_CATALOGUE, newCorrelationId } from '@/lib/errors';
import { logger } from '@/lib/logger';
import { pause, sseResponse } from './sse';

const ORG_SLUG = /^[a-z0-9-]{1,64}$/;
/** Stack event ids are bigint row ids. */
const CURSOR = /^\d{1,18}$/;
/** Commit → page within a second at p95 (PERF-8): half a second between reads. */
const POLL_MS = 500;

export interface DeploymentEventsOptions {
  pollMs?: number;
  heartbeatMs?: number;
  maxLifetimeMs?: number;
}

type Params = Promise<{ org: string; id: string; deploymentId: string }>;

function cursorOf(request: Request): bigint {
  const raw = request.headers.get('last-event-id') || new URL(request.url).searchParams.get('after') || '0';
  if (!CURSOR.test(raw)) throw new AppError('BAD_REQUEST', 'The event cursor must be the id of a stack event.');
  return BigInt(raw);
}

function wantsJson(request: Request): boolean {
  const accept = request.headers.get('accept') ?? '';
  return accept.includes('application/json') && !accept.includes('text/event-stream');
}

function failure(err: unknown, request: Request): Response {
  const json = wantsJson(request);
  const headers = { 'content-type': json ? 'application/json; charset=utf-8' : 'text/plain; charset=utf-8', 'cache-control': 'no-store' };
  let status: number = ERROR_CATALOGUE.INTERNAL.status;
  let code = 'INTERNAL';
  let message: string;
  if (err instanceof AppError) {
    status = err.status;
    code = err.code;
    message = err.code === 'UNAUTHENTICATED' ? 'Sign in to watch this deployment.' : err.message;
  } else {
    const correlationId = newCorrelationId();
    logger.error({ event: 'deployment.events.failed', correlationId, err, path: new URL(request.url).pathname }, 'deployment events failed');
    message = `${ERROR_CATALOGUE.INTERNAL.title}. Reference: ${correlationId}`;
  }
  return new Response(json ? JSON.stringify({ code, message }) : `${message}\n`, { status, headers });
}

function stream(actor: Actor, deploymentId: string, from: bigint, request: Request, options: DeploymentEventsOptions): Response {
  const pollMs = options.pollMs ?? POLL_MS;
  return sseResponse(
    async (channel) => {
      let cursor = from;
      let lastSnapshot = '';
      while (!channel.signal.aborted) {
        const read = await readDeployment(actor, deploymentId, cursor, { watch: true }).catch((err: unknown) => {
          // Deleted with its pipeline while watched: close; the browser's reconnect then gets a 404.
          if (err instanceof AppError && err.code === 'NOT_FOUND') return null;
          throw err;
        });
        if (!read) return;
        const { snapshot, events } = read;
        for (const e of events) {
          channel.send({ event: 'stack', id: e.id, data: e });
          cursor = BigInt(e.id);
        }
        const shown = JSON.stringify(snapshot);
        if (shown !== lastSnapshot) {
          channel.send({ event: 'deployment', data: snapshot });
          lastSnapshot = shown;
        }
        const caughtUp = events.length < MAX_EVENTS_PER_READ;
        // State and events come from one statement: terminal and caught up means nothing follows.
        if (caughtUp && TERMINAL_STATES.has(snapshot.state)) {
          channel.send({ event: 'end', data: { state: snapshot.state } });
          return;
        }
        if (caughtUp) await pause(pollMs, channel.signal);
      }
    },
    {
      signal: request.signal,
      heartbeatMs: options.heartbeatMs,
      maxLifetimeMs: options.maxLifetimeMs,
      onError: (err) => logger.error({ event: 'deployment.events.stream_failed', deploymentId, err }, 'deployment event stream failed; the browser will reconnect'),
    },
  );
}

/** The route's GET; options exist for tests (a short heartbeat, a short lifetime). */
export function deploymentEventsHandler(options: DeploymentEventsOptions = {}) {
  return async function GET(request: Request, { params }: { params: Params }): Promise<Response> {
    const { org, id, deploymentId } = await params;
    try {
      // An organization slug that cannot exist is answered like one the caller is not in.
      if (!ORG_SLUG.test(org)) throw new AppError('NOT_FOUND', 'That deployment does not exist.');
      const actor = await currentActor(org);
      const from = cursorOf(request);
      await openDeploymentWatch(actor, id, deploymentId);
      if (!wantsJson(request)) return stream(actor, deploymentId, from, request, options);
      const { snapshot, events } = await readDeployment(actor, deploymentId, from, { watch: true });
      const cursor = events.at(-1)?.id ?? from.toString();
      return Response.json({ events, deployment: snapshot, cursor }, { headers: { 'cache-control': 'no-store' } });
    } catch (err) {
      return failure(err, request);
    }
  };
}
