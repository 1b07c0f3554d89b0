// A sync is a run of the source's schedule: Grouparoo reads the table in batches (the run is
// `complete` once a batch comes back empty), then imports each row into a record and sends the
// changed records to every destination tracking the model. So a run here is finished only when
// Grouparoo's run is complete, none of its imports is still in flight, and the model's
// destinations have no exports left to send.
import { z } from 'zod';
import type { CallOptions } from '../call-limits';
import { IntegrationError } from '../errors';
import { exportsInFlight, exportsSince } from './export-counts';
import { KEYS } from './names';
import { objectPath, type GrouparooObjects } from './objects';
import { countedSchema, runSchema, under } from './schemas';
import type { RunView } from './types';

type GrouparooRun = z.infer<typeof runSchema>;

export async function startSync(objects: GrouparooObjects, ids: Record<string, string>, o: CallOptions): Promise<{ runId: string }> {
  const scheduleId = ids[KEYS.schedule];
  if (!scheduleId) {
    throw new IntegrationError({ provider: 'grouparoo', failureClass: 'config', code: 'invalid-input', step: 'sync', field: 'ids', cause: `The ids have no ${KEYS.schedule}; run ensurePipeline first.` });
  }
  // Grouparoo stops a running run when asked for another: a retried start must not restart it.
  const running = await objects.read('/runs', { creatorId: scheduleId, state: 'running', limit: 1 }, under('runs', z.array(runSchema)), 'sync', o);
  if (running[0]) return { runId: running[0].id };
  const run = await objects.act(`${objectPath('schedule', scheduleId)}/run`, {}, under('run', runSchema), 'sync', 'start a run of the schedule', o);
  return { runId: run.id };
}

/** The model of a schedule's source never changes, so it is asked once per setup. */
export class ModelOfSchedule {
  private readonly known = new Map<string, string>();

  async get(objects: GrouparooObjects, scheduleId: string, o: CallOptions): Promise<string> {
    const cached = this.known.get(scheduleId);
    if (cached) return cached;
    const schedule = await objects.view('schedule', scheduleId, 'sync', o);
    const source = await objects.view('source', schedule.sourceId, 'sync', o);
    this.known.set(scheduleId, source.modelId);
    return source.modelId;
  }
}

async function importCount(objects: GrouparooObjects, runId: string, state: string | undefined, o: CallOptions): Promise<number> {
  const params = state ? { creatorId: runId, state, limit: 1 } : { creatorId: runId, limit: 1 };
  return (await objects.read('/imports', params, countedSchema, 'sync', o)).total;
}

function stoppedView(run: GrouparooRun): RunView {
  const recordsImported = run.recordsImported ?? 0;
  if (!run.error) return { state: 'stopped', recordsImported, exportsCreated: 0 };
  return { state: 'failed', recordsImported, exportsCreated: 0, error: `Grouparoo stopped the sync with an error; its Runs page shows run ${run.id}.` };
}

export async function getRun(objects: GrouparooObjects, models: ModelOfSchedule, runId: string, o: CallOptions): Promise<RunView> {
  const run = await objects.read(`/run/${encodeURIComponent(runId)}`, {}, under('run', runSchema), 'sync', o);
  if (run.state === 'stopped') return stoppedView(run);
  if (run.state !== 'complete') return { state: 'running', recordsImported: run.recordsImported ?? 0, exportsCreated: 0 };
  const total = await importCount(objects, run.id, undefined, o);
  const imported = await importCount(objects, run.id, 'complete', o);
  const failed = await importCount(objects, run.id, 'failed', o);
  if (imported + failed < total) return { state: 'running', recordsImported: imported, exportsCreated: 0 };
  const destinations = run.creatorType === 'schedule' ? await objects.list('destination', { modelId: await models.get(objects, run.creatorId, o) }, 'sync', o) : [];
  let inFlight = 0;
  for (const d of destinations) inFlight += await exportsInFlight(objects, d.id, o);
  let exportsCreated = 0;
  for (const d of destinations) exportsCreated += await exportsSince(objects, d.id, run.createdAt, o);
  if (inFlight > 0) return { state: 'running', recordsImported: imported, exportsCreated };
  const error = failed > 0 ? `${failed} of ${total} rows could not be imported into Grouparoo; its Runs page shows run ${run.id}.` : undefined;
  return error ? { state: 'complete', recordsImported: imported, exportsCreated, error } : { state: 'complete', recordsImported: imported, exportsCreated };
}
