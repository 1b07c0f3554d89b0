// The duration cards above the run history: how many runs, how many succeeded, and how long the
// finished ones took at the median and in the slow tail (P90, P95), for the window they cover.
import type { RunDurationStats } from '@/lib/dal/runs/run-stats';
import { DateTime } from '@/components/ui/date-time';
import { formatDuration, formatPercent } from './format';

function Card({ label, value, detail }: { label: string; value: string; detail?: string }) {
  return (
    <div className="rounded-lg border border-line bg-surface px-4 py-3">
      <dt className="text-sm text-muted">{label}</dt>
      <dd className="mt-1 text-2xl font-semibold tabular-nums">{value}</dd>
      {detail && <dd className="text-xs text-muted">{detail}</dd>}
    </div>
  );
}

const ms = (value: number | null) => (value === null ? '—' : formatDuration(value));

function WindowText({ window }: { window: RunDurationStats['window'] }) {
  if (window.defaulted && !window.to) return <>the last 30 days</>;
  // `to` is exclusive (the day after the chosen end date); show the last day included.
  const last = window.to ? new Date(window.to.getTime() - 1) : null;
  return (
    <>
      <DateTime value={window.from} format="date" />
      {last ? (
        <>
          {' '}
          to <DateTime value={last} format="date" />
        </>
      ) : (
        ' to now'
      )}{' '}
      (UTC)
    </>
  );
}

/** `filtered`: the page has filters beyond dates, so the heading says the numbers follow them. */
export function RunStatsCards({ stats, filtered }: { stats: RunDurationStats; filtered: boolean }) {
  const finished = `${stats.finished.toLocaleString('en')} finished`;
  return (
    <section aria-labelledby="run-stats-title" className="mb-6">
      <h2 id="run-stats-title" className="mb-2 text-sm font-medium text-muted">
        {filtered ? 'Runs matching these filters' : 'All runs'} over <WindowText window={stats.window} />
      </h2>
      <dl className="grid grid-cols-2 gap-3 sm:grid-cols-3 lg:grid-cols-5">
        <Card label="Runs" value={stats.count.toLocaleString('en')} detail={finished} />
        <Card label="Success rate" value={stats.successRate === null ? '—' : formatPercent(stats.successRate)} detail={`${stats.succeeded.toLocaleString('en')} of ${finished}`} />
        <Card label="P50 duration" value={ms(stats.p50Ms)} detail="half took less" />
        <Card label="P90 duration" value={ms(stats.p90Ms)} detail="9 in 10 took less" />
        <Card label="P95 duration" value={ms(stats.p95Ms)} detail="19 in 20 took less" />
      </dl>
    </section>
  );
}
