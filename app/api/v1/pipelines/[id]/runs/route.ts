// POST /api/v1/pipelines/<id>/runs: run the pipeline now. While a run is active the answer is
// that run (200, alreadyActive), never a second one (REL-5); Idempotency-Key makes a retried
// request answer as the first did (REL-9).
import { apiRoute } from '@/lib/http/api-route';
import { startedRunResponse } from '@/lib/http/api-run-json';
import { withIdempotency } from '@/lib/http/idempotency';
import { NO_OPTIONS, readOptionalJson } from '@/lib/http/read-optional-json';
import { triggerRun } from '@/lib/services/runs/trigger-run';

export const POST = apiRoute(
  'runs:trigger',
  withIdempotency(async (actor, request, { params }: { params: Promise<{ id: string }> }) => {
    const { id } = await params;
    await readOptionalJson(request, NO_OPTIONS);
    return startedRunResponse(actor, await triggerRun(actor, { pipelineId: id, trigger: 'API' }));
  }),
);
