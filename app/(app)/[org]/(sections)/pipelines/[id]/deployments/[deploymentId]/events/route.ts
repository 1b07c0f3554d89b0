// GET /<org>/pipelines/<id>/deployments/<deploymentId>/events: the deploy page's live stream of
// stack events and step states (Server-Sent Events), or one JSON read for the polling fallback.
// The handler lives in lib/http/deployment-events.ts, where tests can give it short timings.
import { deploymentEventsHandler } from '@/lib/http/deployment-events';

export const GET = deploymentEventsHandler();
