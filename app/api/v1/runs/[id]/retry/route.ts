// POST /api/v1/runs/<id>/retry: a new run of a failed or cancelled run's sources (201), or the
// pipeline's run already active (200, alreadyActive). Idempotency-Key as for every POST (REL-9).
import { apiRoute } from '@/lib/http/api-route';
import { startedRunResponse } from '@/lib/http/api-run-json';
import { withIdempotency } from '@/lib/http/idempotency';
import { NO_OPTIONS, readOptionalJson } from '@/lib/http/read-optional-json';
import { retryRun } from '@/lib/services/runs/trigger-run';

export const POST = apiRoute(
  'runs:trigger',
  withIdempotency(async (actor, request, { params }: { params: Promise<{ id: string }> }) => {
    const { id } = await params;
    await readOptionalJson(request, NO_OPTIONS);
    return startedRunResponse(actor, await retryRun(actor, { runId: id }));
  }),
);
