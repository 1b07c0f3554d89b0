// Summaries the deploy benchmark prints: nearest-rank percentiles of sampled values, and seconds
// and rates formatted the same way on every line.

export interface Spread {
  p50: number;
  p95: number;
  max: number;
}

/** Nearest-rank percentile (p in 0..100) of unsorted values; NaN for none. */
export function nearestRank(values: readonly number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1]!;
}

export function spread(values: readonly number[]): Spread {
  return { p50: nearestRank(values, 50), p95: nearestRank(values, 95), max: values.length ? Math.max(...values) : NaN };
}

export const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

export const perSecond = (count: number, ms: number) => (ms > 0 ? `${((count / ms) * 1000).toFixed(1)}/s` : 'n/a');

/** "p50 0.4 s, p95 1.2 s, max 3.0 s" for millisecond samples. */
export function spreadInSeconds(values: readonly number[]): string {
  const s = spread(values);
  return `p50 ${seconds(s.p50)}, p95 ${seconds(s.p95)}, max ${seconds(s.max)}`;
}
