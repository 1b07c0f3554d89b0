// The Airbyte stand-in's own knobs (outside Airbyte's API), used by reliability and UX tests and
// documented with the rest of the control routes at the top of adapter.ts. Each is also callable
// in-process through the AirbyteStandIn object.
import { z } from 'zod';
import type { AirbyteContext } from './context';
import { streamsOf } from './source-catalog';
import type { PlannedOutcome } from './sync-run';

export const nextSyncSchema = z
  .object({
    outcome: z.enum(['fail', 'stall']),
    /** For `fail`: the reason Airbyte records (config API failure summary). */
    message: z.string().min(1).max(2000).default('Something went wrong in the connector. See the logs for more details.'),
    failureType: z.enum(['config_error', 'system_error', 'transient_error']).default('system_error'),
    origin: z.enum(['source', 'destination', 'airbyte_platform']).default('source'),
    /** How many of the next syncs it affects (default 1). */
    times: z.number().int().positive().max(1000).default(1),
  })
  .strict();

export type NextSyncPlan = z.input<typeof nextSyncSchema>;

export const addRecordsSchema = z
  .object({
    /** Stream name as the source names it; absent = every stream of the source. */
    stream: z.string().min(1).max(200).optional(),
    count: z.number().int().positive().max(100_000),
  })
  .strict();

export type AddRecords = z.input<typeof addRecordsSchema>;

export class ControlError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export function planNextSync(ctx: AirbyteContext, connectionId: string, input: NextSyncPlan): void {
  if (!ctx.store.liveConnection(connectionId)) throw new ControlError(404, `no connection ${connectionId}`);
  const plan = nextSyncSchema.parse(input);
  const outcome: PlannedOutcome =
    plan.outcome === 'stall' ? { kind: 'stall' } : { kind: 'fail', message: plan.message, failureType: plan.failureType, origin: plan.origin };
  ctx.syncs.plan(connectionId, outcome, plan.times);
}

/** New records appear at a source (after the existing ones, with later cursors): what an incremental sync picks up. */
export function addSourceRecords(ctx: AirbyteContext, sourceId: string, input: AddRecords): void {
  const source = ctx.store.liveActor('source', sourceId);
  if (!source) throw new ControlError(404, `no source ${sourceId}`);
  const { stream, count } = addRecordsSchema.parse(input);
  const names = streamsOf(source.connectorType).map((s) => s.name);
  if (stream !== undefined && !names.includes(stream)) throw new ControlError(400, `source ${source.connectorType} has no stream ${stream}; it has ${names.join(', ')}`);
  for (const name of stream ? [stream] : names) source.addedRecords[name] = (source.addedRecords[name] ?? 0) + count;
}
