// Turning raw samples into the datapoints CloudWatch answers with: buckets of `Period` seconds from
// the rounded start time, one statistic per bucket, and the period rules that decide which samples a
// period may see (CloudWatch keeps 1-minute data 15 days, 5-minute data 63 days, hourly data 455 days;
// sub-minute periods only reach 3 hours back).
import { RETENTION, type Sample } from './samples';

export type Statistic =
  | { kind: 'Average' | 'Sum' | 'Minimum' | 'Maximum' | 'SampleCount' }
  | { kind: 'percentile'; p: number };

const SIMPLE = ['Average', 'Sum', 'Minimum', 'Maximum', 'SampleCount'] as const;

/** `Average`, …, or an extended statistic `p0.0`…`p100`; undefined when CloudWatch would not know it. */
export function parseStatistic(text: string): Statistic | undefined {
  const simple = SIMPLE.find((s) => s === text);
  if (simple) return { kind: simple };
  const match = /^p(\d{1,2}(?:\.\d{1,2})?|100)$/.exec(text);
  return match ? { kind: 'percentile', p: Number(match[1]) } : undefined;
}

/** Periods CloudWatch accepts: 1, 5, 10, 20, 30 (high resolution) or a multiple of 60 seconds. */
export function validPeriod(period: number): boolean {
  return Number.isInteger(period) && (period > 0 && period % 60 === 0 ? true : [1, 5, 10, 20, 30].includes(period));
}

/**
 * CloudWatch rounds the start time down to the whole minute (start within 15 days), 5 minutes
 * (15 to 63 days) or hour (older); sub-minute periods to a multiple of the period.
 */
export function roundedStart(startMs: number, period: number, asOf: number): number {
  const age = asOf - startMs;
  const unit = period < 60 ? period * 1000 : age <= RETENTION.native ? 60_000 : age <= RETENTION.fiveMinute ? 300_000 : 3_600_000;
  return Math.floor(startMs / unit) * unit;
}

/** Whether a period may see a sample: data past a tier's age is only served at that tier's granularity. */
function periodSees(period: number, sample: Sample, asOf: number): boolean {
  const age = asOf - sample.t;
  if (period < 60) return age <= 3 * 3_600_000;
  if (age > RETENTION.fiveMinute) return period % 3600 === 0;
  if (age > RETENTION.native) return period % 300 === 0;
  return true;
}

export interface Datapoint {
  /** Bucket start, epoch ms. */
  t: number;
  samples: Sample[];
}

/** Buckets [start + kP, start + (k+1)P) before `end` that hold at least one sample, oldest first. */
export function bucketize(samples: Sample[], start: number, end: number, period: number, asOf: number): Datapoint[] {
  const width = period * 1000;
  const buckets = new Map<number, Sample[]>();
  for (const sample of samples) {
    if (sample.t < start || sample.t >= end || !periodSees(period, sample, asOf)) continue;
    const t = start + Math.floor((sample.t - start) / width) * width;
    const list = buckets.get(t);
    if (list) list.push(sample);
    else buckets.set(t, [sample]);
  }
  return [...buckets.entries()].sort(([a], [b]) => a - b).map(([t, list]) => ({ t, samples: list }));
}

export function statisticOf(samples: Sample[], statistic: Statistic): number {
  const count = samples.reduce((n, s) => n + s.count, 0);
  const sum = samples.reduce((n, s) => n + s.value * s.count, 0);
  switch (statistic.kind) {
    case 'SampleCount':
      return count;
    case 'Sum':
      return Math.round(sum * 1000) / 1000;
    case 'Average':
      return Math.round((sum / count) * 1000) / 1000;
    case 'Minimum':
      return Math.min(...samples.map((s) => s.value));
    case 'Maximum':
      return Math.max(...samples.map((s) => s.value));
    case 'percentile': {
      const sorted = samples.map((s) => s.value).sort((a, b) => a - b);
      const rank = Math.max(0, Math.ceil((statistic.p / 100) * sorted.length) - 1);
      return sorted[rank] as number;
    }
  }
}
