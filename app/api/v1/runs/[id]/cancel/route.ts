// POST /api/v1/runs/<id>/cancel: asks the worker to stop the run. 202: the worker's next tick
// cancels its external jobs, so the run answered is still queued or running; follow its state.
// A run that has finished or is already being cancelled is 409. Idempotency-Key as for every POST.
import { apiRoute, json } from '@/lib/http/api-route';
import { runJson } from '@/lib/http/api-run-json';
import { withIdempotency } from '@/lib/http/idempotency';
import { NO_OPTIONS, readOptionalJson } from '@/lib/http/read-optional-json';
import { cancelRun } from '@/lib/services/runs/trigger-run';

export const POST = apiRoute(
  'runs:trigger',
  withIdempotency(async (actor, request, { params }: { params: Promise<{ id: string }> }) => {
    const { id } = await params;
    await readOptionalJson(request, NO_OPTIONS);
    await cancelRun(actor, { runId: id });
    return json({ run: await runJson(actor, id) }, { status: 202 });
  }),
);
