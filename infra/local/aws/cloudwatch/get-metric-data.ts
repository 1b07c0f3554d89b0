// GetMetricData as CloudWatch answers it: up to 500 MetricStat queries in one call, Period and Stat per
// query, the StartTime/EndTime window (start rounded as CloudWatch rounds it), ScanBy ordering, and
// MaxDatapoints paging across all queries with NextToken. A page carries every returned query; a query
// whose points continue on a later page (or that the page did not reach) says `PartialData`, otherwise
// `Complete`. The token pins the
// moment of the first page, so later pages neither repeat nor skip a point while time moves on.
// Metric math (`Expression`) is not evaluated: such a query is refused with InvalidParameterValue.
import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { SandboxWorld } from '../../core/world';
import { AwsError } from '../protocol';
import { epochMs, parseInput } from './input';
import { sourceFor } from './metrics';
import { samplesBetween } from './samples';
import { bucketize, parseStatistic, roundedStart, statisticOf, validPeriod } from './statistics';

export const MAX_QUERIES = 500;
/** CloudWatch returns at most this many datapoints per call; more need NextToken. */
export const MAX_DATAPOINTS = 100_800;

const dimension = z.object({ Name: z.string(), Value: z.string() });
const metric = z.object({ Namespace: z.string(), MetricName: z.string(), Dimensions: z.array(dimension).max(30).optional() });
const query = z.object({
  Id: z.string(),
  MetricStat: z.object({ Metric: metric, Period: z.number(), Stat: z.string(), Unit: z.string().optional() }).optional(),
  Expression: z.string().optional(),
  Label: z.string().optional(),
  ReturnData: z.boolean().optional(),
  Period: z.number().optional(),
  AccountId: z.string().optional(),
});
const inputSchema = z.object({
  MetricDataQueries: z.array(query),
  StartTime: z.number(),
  EndTime: z.number(),
  NextToken: z.string().optional(),
  ScanBy: z.enum(['TimestampDescending', 'TimestampAscending']).optional(),
  MaxDatapoints: z.number().optional(),
  LabelOptions: z.object({ Timezone: z.string().optional() }).optional(),
});

type Input = z.output<typeof inputSchema>;
type Query = z.output<typeof query>;
type Point = [t: number, value: number];

interface Cursor {
  asOf: number;
  query: number;
  point: number;
  digest: string;
}

function requestDigest(input: Input): string {
  const { MetricDataQueries, StartTime, EndTime, ScanBy } = input;
  return createHash('sha256').update(JSON.stringify([MetricDataQueries, StartTime, EndTime, ScanBy])).digest('base64url').slice(0, 22);
}

function readCursor(token: string, digest: string): Cursor {
  try {
    const cursor = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as Partial<Cursor>;
    const ints = [cursor.asOf, cursor.query, cursor.point].every((n) => Number.isInteger(n) && (n as number) >= 0);
    if (ints && cursor.digest === digest) return cursor as Cursor;
  } catch {
    // refused below
  }
  throw new AwsError('InvalidNextToken', 'The NextToken is invalid or expired.');
}

function validate(input: Input): void {
  const queries = input.MetricDataQueries;
  if (queries.length === 0) throw new AwsError('MissingParameter', 'The parameter MetricDataQueries is required.');
  if (queries.length > MAX_QUERIES) throw new AwsError('ValidationError', `The collection MetricDataQueries must not have a size greater than ${MAX_QUERIES}.`);
  if (input.StartTime >= input.EndTime) throw new AwsError('InvalidParameterValue', 'The parameter StartTime must be less than the parameter EndTime.');
  if (input.MaxDatapoints !== undefined && (!Number.isInteger(input.MaxDatapoints) || input.MaxDatapoints < 1)) {
    throw new AwsError('InvalidParameterValue', 'The parameter MaxDatapoints must be greater than 0.');
  }
  const seen = new Set<string>();
  queries.forEach((q, i) => {
    const at = `MetricDataQueries.member.${i + 1}`;
    if (!/^[a-z][a-zA-Z0-9_]{0,254}$/.test(q.Id)) {
      throw new AwsError('InvalidParameterValue', `The value ${q.Id} for parameter ${at}.Id is not valid. It must start with a lowercase letter and contain only letters, numbers and underscores.`);
    }
    if (seen.has(q.Id)) throw new AwsError('InvalidParameterValue', `The value ${q.Id} for parameter ${at}.Id is not unique.`);
    seen.add(q.Id);
    if ((q.MetricStat === undefined) === (q.Expression === undefined)) {
      throw new AwsError('InvalidParameterCombination', `Exactly one of MetricStat and Expression must be specified in ${at}.`);
    }
    if (q.Expression !== undefined) throw new AwsError('InvalidParameterValue', `The sandbox does not evaluate metric math (${at}.Expression); use MetricStat.`);
    const stat = q.MetricStat as NonNullable<Query['MetricStat']>;
    if (!validPeriod(stat.Period)) {
      throw new AwsError('InvalidParameterValue', `The parameter ${at}.MetricStat.Period must be a value in the set [ 1, 5, 10, 20, 30 ] or a multiple of 60.`);
    }
    if (!parseStatistic(stat.Stat)) throw new AwsError('InvalidParameterValue', `The value ${stat.Stat} for parameter ${at}.MetricStat.Stat is not valid.`);
  });
}

function pointsOf(world: SandboxWorld, q: Query, input: Input, asOf: number): Point[] {
  const stat = q.MetricStat as NonNullable<Query['MetricStat']>;
  const source = sourceFor(world, stat.Metric, stat.Unit);
  if (!source) return [];
  const start = roundedStart(epochMs(input.StartTime), stat.Period, asOf);
  const end = epochMs(input.EndTime);
  const statistic = parseStatistic(stat.Stat) as NonNullable<ReturnType<typeof parseStatistic>>;
  const points = bucketize(samplesBetween(source, start, end, asOf), start, end, stat.Period, asOf).map(
    (bucket): Point => [bucket.t, statisticOf(bucket.samples, statistic)],
  );
  return input.ScanBy === 'TimestampAscending' ? points : points.reverse();
}

export function getMetricData(world: SandboxWorld, raw: unknown) {
  const input = parseInput(inputSchema, raw);
  validate(input);
  const digest = requestDigest(input);
  const cursor = input.NextToken ? readCursor(input.NextToken, digest) : { asOf: world.now(), query: 0, point: 0, digest };
  const returned = input.MetricDataQueries.filter((q) => q.ReturnData !== false);
  // Series are computed as the page reaches them: a page of 100,800 points out of 500 queries over
  // 15 days must not compute all 500.
  const series: (Point[] | undefined)[] = returned.map(() => undefined);
  const pointsAt = (i: number): Point[] => (series[i] ??= pointsOf(world, returned[i] as Query, input, cursor.asOf));

  // Fill the page query by query from the cursor, then step past queries with nothing left.
  const pages: Point[][] = returned.map(() => []);
  let at = cursor.query;
  let point = cursor.point;
  let room = input.MaxDatapoints ?? MAX_DATAPOINTS;
  while (at < returned.length && room > 0) {
    const taken = pointsAt(at).slice(point, point + room);
    pages[at] = taken;
    room -= taken.length;
    point += taken.length;
    if (point >= pointsAt(at).length) {
      at += 1;
      point = 0;
    }
  }
  while (at < returned.length && point >= pointsAt(at).length) {
    at += 1;
    point = 0;
  }

  /** Points of query i left for later pages; a query not reached yet may have some. */
  const remainingAfterPage = (i: number) => (i < at ? 0 : i === at ? pointsAt(i).length - point : (series[i]?.length ?? 1));
  const results = returned.map((q, i) => ({
    Id: q.Id,
    Label: q.Label ?? q.MetricStat?.Metric.MetricName,
    Timestamps: (pages[i] as Point[]).map(([t]) => t / 1000),
    Values: (pages[i] as Point[]).map(([, v]) => v),
    StatusCode: remainingAfterPage(i) > 0 ? 'PartialData' : 'Complete',
    Messages: [],
  }));
  const next: Cursor | undefined = at < returned.length ? { asOf: cursor.asOf, query: at, point, digest } : undefined;
  return {
    MetricDataResults: results,
    NextToken: next && Buffer.from(JSON.stringify(next)).toString('base64url'),
    Messages: [],
  };
}
