// GetMetricStatistics, the older one-metric call, over the same samples as GetMetricData: several
// statistics per datapoint, at most 1,440 datapoints per request (CloudWatch refuses more up front).
import { z } from 'zod';
import type { SandboxWorld } from '../../core/world';
import { AwsError } from '../protocol';
import { epochMs, parseInput } from './input';
import { sourceFor } from './metrics';
import { samplesBetween } from './samples';
import { bucketize, parseStatistic, roundedStart, statisticOf, validPeriod } from './statistics';

const MAX_DATAPOINTS = 1440;
const SIMPLE = ['SampleCount', 'Average', 'Sum', 'Minimum', 'Maximum'] as const;

const inputSchema = z.object({
  Namespace: z.string(),
  MetricName: z.string(),
  Dimensions: z.array(z.object({ Name: z.string(), Value: z.string() })).max(30).optional(),
  StartTime: z.number(),
  EndTime: z.number(),
  Period: z.number(),
  Statistics: z.array(z.enum(SIMPLE)).max(5).optional(),
  ExtendedStatistics: z.array(z.string()).max(10).optional(),
  Unit: z.string().optional(),
});

export function getMetricStatistics(world: SandboxWorld, raw: unknown) {
  const input = parseInput(inputSchema, raw);
  const statistics = input.Statistics ?? [];
  const extended = input.ExtendedStatistics ?? [];
  if (statistics.length + extended.length === 0) throw new AwsError('InvalidParameterCombination', 'Must specify either Statistics or ExtendedStatistics.');
  const badExtended = extended.find((s) => parseStatistic(s)?.kind !== 'percentile');
  if (badExtended !== undefined) throw new AwsError('InvalidParameterValue', `The value ${badExtended} for parameter ExtendedStatistics is not valid.`);
  if (!validPeriod(input.Period)) throw new AwsError('InvalidParameterValue', 'The parameter Period must be a value in the set [ 1, 5, 10, 20, 30 ] or a multiple of 60.');
  const start = epochMs(input.StartTime);
  const end = epochMs(input.EndTime);
  if (start >= end) throw new AwsError('InvalidParameterValue', 'The parameter StartTime must be less than the parameter EndTime.');
  const requested = Math.ceil((end - start) / (input.Period * 1000));
  if (requested > MAX_DATAPOINTS) {
    throw new AwsError(
      'InvalidParameterCombination',
      `You have requested up to ${requested} datapoints, which exceeds the limit of ${MAX_DATAPOINTS}. You may reduce the datapoints requested by increasing Period, or decreasing the time range.`,
    );
  }
  const asOf = world.now();
  const source = sourceFor(world, input, input.Unit);
  const from = roundedStart(start, input.Period, asOf);
  const buckets = source ? bucketize(samplesBetween(source, from, end, asOf), from, end, input.Period, asOf) : [];
  return {
    Label: input.MetricName,
    Datapoints: buckets.map((bucket) => ({
      Timestamp: bucket.t / 1000,
      ...Object.fromEntries(statistics.map((s) => [s, statisticOf(bucket.samples, { kind: s })])),
      ...(extended.length
        ? { ExtendedStatistics: Object.fromEntries(extended.map((s) => [s, statisticOf(bucket.samples, parseStatistic(s) as { kind: 'percentile'; p: number })])) }
        : {}),
      Unit: 'Percent',
    })),
  };
}
