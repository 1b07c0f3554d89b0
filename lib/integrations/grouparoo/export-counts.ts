// How many exports a destination got since a time. Grouparoo's export list filters by destination
// and state but not by time, and its totals count all time; the list is ordered newest first, so
// the number created since `since` is the offset of the first older one. It is found by probing
// single exports (limit 1) at growing then halving offsets: about 2·log2(n) light calls instead
// of paging through n exports with their record data. Exports created during the search shift
// the offsets, so the answer is approximate until the destination is quiet.
import type { CallOptions } from '../call-limits';
import type { GrouparooObjects } from './objects';
import { exportPageSchema, exportTotalsSchema } from './schemas';
import type { ExportCounts } from './types';

async function countSince(objects: GrouparooObjects, destinationId: string, since: number, state: string | undefined, o: CallOptions): Promise<number> {
  const filter = state ? { destinationId, state } : { destinationId };
  const probe = (offset: number) => objects.read('/exports', { ...filter, limit: 1, offset }, exportPageSchema, 'sync', o);
  const isNew = (page: { exports: { createdAt?: number | null }[] }) => (page.exports[0]?.createdAt ?? -Infinity) >= since;
  const first = await probe(0);
  if (!isNew(first)) return 0;
  const total = first.total;
  // Invariant: the export at `lo` is new; the one at `hi` is older, or `hi` is past the end.
  let lo = 0;
  let hi = Math.min(1, total);
  while (hi < total && isNew(await probe(hi))) {
    lo = hi;
    hi = Math.min(hi * 2, total);
  }
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (isNew(await probe(mid))) lo = mid;
    else hi = mid;
  }
  return hi;
}

export async function exportCounts(objects: GrouparooObjects, destinationId: string, since: Date, o: CallOptions): Promise<ExportCounts> {
  const at = since.getTime();
  const all = await countSince(objects, destinationId, at, undefined, o);
  if (all === 0) return { complete: 0, failed: 0, pending: 0 };
  const complete = await countSince(objects, destinationId, at, 'complete', o);
  const failed = await countSince(objects, destinationId, at, 'failed', o);
  const canceled = await countSince(objects, destinationId, at, 'canceled', o);
  return { complete, failed, pending: Math.max(0, all - complete - failed - canceled) };
}

/** Exports the destination still has to send (any age): pending or being sent. One call. */
export async function exportsInFlight(objects: GrouparooObjects, destinationId: string, o: CallOptions): Promise<number> {
  const { totals } = await objects.read('/exports/totals', { destinationId }, exportTotalsSchema, 'sync', o);
  return (totals.pending ?? 0) + (totals.processing ?? 0);
}

export async function exportsSince(objects: GrouparooObjects, destinationId: string, since: number, o: CallOptions): Promise<number> {
  return countSince(objects, destinationId, since, undefined, o);
}
