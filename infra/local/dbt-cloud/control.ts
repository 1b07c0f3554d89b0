// The dbt Cloud stand-in's own control routes (listed at the top of adapter.ts): binding a job to
// a warehouse and models, and forcing the next run of a job to fail or stall. Plain JSON, outside
// dbt Cloud's protocol; a binding is never echoed with its password.
import { z } from 'zod';
import { jsonResponse, type StandInRequest, type StandInResponse } from '../core/stand-in-server';
import { bindingProblem, redactedUrl, type DbtBinding } from './binding';
import type { DbtCloudState, ForcedOutcome } from './state';

const forcedSchema = z.discriminatedUnion('outcome', [
  z.object({ outcome: z.literal('fail'), message: z.string().min(1).max(2000).optional() }).strict(),
  z.object({ outcome: z.literal('stall'), at: z.enum(['queued', 'running']).default('running') }).strict(),
]);

export function describeBinding(binding: DbtBinding) {
  const where = 'models' in binding ? { models: Object.keys(binding.models).sort() } : { modelsDir: binding.modelsDir };
  return { warehouseUrl: redactedUrl(binding.warehouseUrl), schema: binding.schema, ...where };
}

/** Binds a job; throws on a bad binding or an unknown job (for the in-process `bind()`). */
export function bindJob(state: DbtCloudState, jobId: number, input: DbtBinding): void {
  const job = state.jobs.get(jobId);
  if (!job) throw new Error(`dbt Cloud stand-in: no job ${jobId}`);
  const checked = bindingProblem(input);
  if ('problem' in checked) throw new Error(`dbt Cloud stand-in: ${checked.problem}`);
  job.binding = checked.binding;
  state.saves.changed();
}

function body(request: StandInRequest): { value: unknown } | { response: StandInResponse } {
  try {
    return { value: request.json() };
  } catch {
    return { response: jsonResponse(400, { message: 'the body is not valid JSON' }) };
  }
}

export async function controlRoute(state: DbtCloudState, request: StandInRequest): Promise<StandInResponse | undefined> {
  const m = /^\/__sandbox\/dbt\/jobs\/(\d{1,18})\/(binding|next-run)$/.exec(request.path);
  if (!m) return undefined;
  const jobId = Number(m[1]);
  const job = state.jobs.get(jobId);
  if (!job) return jsonResponse(404, { message: `no job ${jobId}` });
  if (m[2] === 'binding') {
    if (request.method === 'GET') return job.binding ? jsonResponse(200, describeBinding(job.binding)) : jsonResponse(404, { message: `job ${jobId} is not bound` });
    if (request.method === 'DELETE') {
      job.binding = undefined;
      return { status: 204 };
    }
    if (request.method !== 'PUT') return jsonResponse(405, { message: 'use GET, PUT or DELETE' });
    const read = body(request);
    if ('response' in read) return read.response;
    const checked = bindingProblem(read.value);
    if ('problem' in checked) return jsonResponse(400, { message: checked.problem, issues: checked.issues });
    job.binding = checked.binding;
    return jsonResponse(200, describeBinding(checked.binding));
  }
  if (request.method === 'DELETE') {
    job.forcedNext = undefined;
    return { status: 204 };
  }
  if (request.method !== 'PUT') return jsonResponse(405, { message: 'use PUT or DELETE' });
  const read = body(request);
  if ('response' in read) return read.response;
  const parsed = forcedSchema.safeParse(read.value);
  if (!parsed.success) return jsonResponse(400, { message: 'invalid next-run outcome', issues: parsed.error.issues });
  job.forcedNext = parsed.data as ForcedOutcome;
  return jsonResponse(200, { jobId, nextRun: parsed.data });
}
