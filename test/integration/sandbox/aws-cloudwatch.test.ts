// CloudWatch stand-in driven by the real @aws-sdk/client-cloudwatch: one GetMetricData call for many
// instances (PERF-6 counts calls), 60 s points for detailed and 300 s for basic monitoring, CPU that
// rises while work runs on the Airbyte host, MaxDatapoints/NextToken paging, ScanBy, the 500-query
// limit, retention rules, ECS cluster CPU, and the SDK retrying through injected throttling.
import {
  CloudWatchClient,
  GetMetricDataCommand,
  GetMetricStatisticsCommand,
  type GetMetricDataCommandInput,
  type MetricDataQuery,
  type MetricDataResult,
} from '@aws-sdk/client-cloudwatch';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCloudWatchService } from '@/infra/local/aws/cloudwatch';
import { startAwsServer } from '@/infra/local/aws/server';
import type { StandIn } from '@/infra/local/core/stand-in-server';
import { SandboxWorld, type SandboxInstance } from '@/infra/local/core/world';

const MIN = 60_000;
const DAY = 86_400_000;
const NOW = Date.parse('2026-11-20T12:00:00Z');
const clock = { t: NOW, now() { return this.t; } };
const world = new SandboxWorld(clock);
let server: StandIn;
let cloudwatch: CloudWatchClient;

function instance(id: string, overrides: Partial<SandboxInstance>): SandboxInstance {
  return {
    instanceId: id,
    instanceType: 't3.large',
    imageId: 'ami-0123456789abcdef0',
    privateIpAddress: '10.0.1.10',
    monitoring: 'enabled',
    tags: {},
    launchTime: NOW - 3 * 60 * MIN,
    state: 'running',
    stateChangedAt: NOW - 3 * 60 * MIN,
    ...overrides,
  };
}

const AIRBYTE = 'i-0aaaaaaaaaaaaaaa1';
const BASIC = 'i-0bbbbbbbbbbbbbbb2';
const OTHER = 'i-0ccccccccccccccc3';
const OLD = 'i-0ddddddddddddddd4';

function cpuQuery(id: string, instanceId: string, period = 60, stat = 'Average'): MetricDataQuery {
  return {
    Id: id,
    MetricStat: { Metric: { Namespace: 'AWS/EC2', MetricName: 'CPUUtilization', Dimensions: [{ Name: 'InstanceId', Value: instanceId }] }, Period: period, Stat: stat },
  };
}

function resultOf(results: MetricDataResult[] | undefined, id: string): MetricDataResult {
  const found = results?.find((r) => r.Id === id);
  if (!found) throw new Error(`no result ${id}`);
  return found;
}

const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;

beforeAll(async () => {
  world.putInstance(instance(AIRBYTE, { tags: { 'tapestry:role': 'airbyte', Name: 'airbyte' } }));
  world.putInstance(instance(BASIC, { monitoring: 'disabled' }));
  world.putInstance(instance(OTHER, {}));
  world.putInstance(instance(OLD, { launchTime: NOW - 30 * DAY, stateChangedAt: NOW - 30 * DAY }));
  // A sync ran on the Airbyte host from 60 to 30 minutes ago; a dbt task ran on ECS for 10 minutes.
  clock.t = NOW - 60 * MIN;
  const endSync = world.beginActivity('airbyte', 'sync stripe', 0.8);
  clock.t = NOW - 30 * MIN;
  endSync();
  clock.t = NOW - 20 * MIN;
  const endDbt = world.beginActivity('ecs:tapestry-dbt', 'family:dbt-core', 0.6);
  clock.t = NOW - 10 * MIN;
  endDbt();
  clock.t = NOW;

  server = await startAwsServer({ query: [], json: [createCloudWatchService(world)] });
  cloudwatch = new CloudWatchClient({
    endpoint: server.url,
    region: 'us-east-1',
    credentials: { accessKeyId: 'AKIASANDBOX000000001', secretAccessKey: 'sandbox-secret' },
  });
});

afterAll(async () => {
  cloudwatch?.destroy();
  await server?.close();
});

describe('GetMetricData for EC2 CPUUtilization', () => {
  it('answers three instances in one call: 60 s points for detailed monitoring, 300 s for basic', async () => {
    const before = server.log.count('GetMetricData');
    const out = await cloudwatch.send(
      new GetMetricDataCommand({
        StartTime: new Date(NOW - 120 * MIN),
        EndTime: new Date(NOW),
        ScanBy: 'TimestampAscending',
        MetricDataQueries: [cpuQuery('airbyte', AIRBYTE), cpuQuery('basic', BASIC), cpuQuery('other', OTHER)],
      }),
    );
    expect(server.log.count('GetMetricData') - before).toBe(1);
    expect(out.MetricDataResults).toHaveLength(3);
    expect(out.NextToken).toBeUndefined();

    const detailed = resultOf(out.MetricDataResults, 'airbyte');
    expect(detailed.StatusCode).toBe('Complete');
    expect(detailed.Label).toBe('CPUUtilization');
    expect(detailed.Timestamps).toHaveLength(120);
    expect(detailed.Timestamps?.[0]).toEqual(new Date(NOW - 120 * MIN));
    const gaps = (r: MetricDataResult) => (r.Timestamps ?? []).slice(1).map((t, i) => t.getTime() - (r.Timestamps?.[i] as Date).getTime());
    expect(new Set(gaps(detailed))).toEqual(new Set([MIN]));

    const basic = resultOf(out.MetricDataResults, 'basic');
    expect(basic.Timestamps).toHaveLength(24);
    expect(new Set(gaps(basic))).toEqual(new Set([5 * MIN]));
    expect(resultOf(out.MetricDataResults, 'other').Timestamps).toHaveLength(120);
  });

  it('shows CPU clearly higher while a sync runs on the Airbyte host, and idle on other instances', async () => {
    const out = await cloudwatch.send(
      new GetMetricDataCommand({
        StartTime: new Date(NOW - 120 * MIN),
        EndTime: new Date(NOW),
        MetricDataQueries: [cpuQuery('airbyte', AIRBYTE), cpuQuery('other', OTHER)],
      }),
    );
    const split = (r: MetricDataResult) => {
      const during: number[] = [];
      const outside: number[] = [];
      (r.Timestamps ?? []).forEach((t, i) => {
        const inWindow = t.getTime() >= NOW - 60 * MIN && t.getTime() < NOW - 30 * MIN;
        (inWindow ? during : outside).push(r.Values?.[i] as number);
      });
      return { during, outside };
    };
    const airbyte = split(resultOf(out.MetricDataResults, 'airbyte'));
    expect(airbyte.during).toHaveLength(30);
    expect(mean(airbyte.during)).toBeGreaterThan(60);
    expect(Math.max(...airbyte.outside)).toBeLessThan(10);
    const other = split(resultOf(out.MetricDataResults, 'other'));
    expect(Math.max(...other.during, ...other.outside)).toBeLessThan(10);
  });

  it('is deterministic: the same request gives the same series', async () => {
    const input: GetMetricDataCommandInput = { StartTime: new Date(NOW - 30 * MIN), EndTime: new Date(NOW), MetricDataQueries: [cpuQuery('a', OTHER)] };
    const [first, second] = [await cloudwatch.send(new GetMetricDataCommand(input)), await cloudwatch.send(new GetMetricDataCommand(input))];
    expect(first.MetricDataResults?.[0]?.Values).toEqual(second.MetricDataResults?.[0]?.Values);
  });

  it('orders by ScanBy: newest first by default, oldest first when asked', async () => {
    const base = { StartTime: new Date(NOW - 30 * MIN), EndTime: new Date(NOW), MetricDataQueries: [cpuQuery('a', OTHER)] };
    const descending = await cloudwatch.send(new GetMetricDataCommand(base));
    const ascending = await cloudwatch.send(new GetMetricDataCommand({ ...base, ScanBy: 'TimestampAscending' }));
    const times = (out: typeof descending) => (out.MetricDataResults?.[0]?.Timestamps ?? []).map((t) => t.getTime());
    expect(times(descending)).toEqual([...times(descending)].sort((a, b) => b - a));
    expect(times(ascending)).toEqual([...times(descending)].reverse());
  });

  it('pages with MaxDatapoints and NextToken, returning every point exactly once', async () => {
    const input: GetMetricDataCommandInput = {
      StartTime: new Date(NOW - 120 * MIN),
      EndTime: new Date(NOW),
      MetricDataQueries: [cpuQuery('airbyte', AIRBYTE), cpuQuery('basic', BASIC), cpuQuery('other', OTHER)],
    };
    const whole = await cloudwatch.send(new GetMetricDataCommand(input));
    const collected = new Map<string, { t: number; v: number }[]>();
    let token: string | undefined;
    let pages = 0;
    const statuses: string[] = [];
    do {
      const page = await cloudwatch.send(new GetMetricDataCommand({ ...input, MaxDatapoints: 50, NextToken: token }));
      pages += 1;
      const returned = (page.MetricDataResults ?? []).reduce((n, r) => n + (r.Values?.length ?? 0), 0);
      expect(returned).toBeLessThanOrEqual(50);
      for (const r of page.MetricDataResults ?? []) {
        statuses.push(r.StatusCode ?? '');
        const list = collected.get(r.Id as string) ?? [];
        (r.Timestamps ?? []).forEach((t, i) => list.push({ t: t.getTime(), v: r.Values?.[i] as number }));
        collected.set(r.Id as string, list);
      }
      token = page.NextToken;
      // Time moving on between pages must not shift the pages (the token pins the first page's moment).
      clock.t += MIN;
    } while (token && pages < 20);
    clock.t = NOW;
    expect(pages).toBe(Math.ceil((120 + 24 + 120) / 50));
    expect(statuses).toContain('PartialData');
    for (const r of whole.MetricDataResults ?? []) {
      const expected = (r.Timestamps ?? []).map((t, i) => ({ t: t.getTime(), v: r.Values?.[i] as number }));
      expect(collected.get(r.Id as string)).toEqual(expected);
    }
  });

  it('refuses a NextToken from another request', async () => {
    const first = await cloudwatch.send(
      new GetMetricDataCommand({ StartTime: new Date(NOW - 60 * MIN), EndTime: new Date(NOW), MaxDatapoints: 10, MetricDataQueries: [cpuQuery('a', OTHER)] }),
    );
    expect(first.NextToken).toBeDefined();
    await expect(
      cloudwatch.send(new GetMetricDataCommand({ StartTime: new Date(NOW - 50 * MIN), EndTime: new Date(NOW), NextToken: first.NextToken, MetricDataQueries: [cpuQuery('a', OTHER)] })),
    ).rejects.toMatchObject({ name: 'InvalidNextToken', $metadata: { httpStatusCode: 400 } });
  });

  it('computes each statistic per period: 300 s buckets aggregate five 1-minute samples', async () => {
    const queries = ['Average', 'Minimum', 'Maximum', 'Sum', 'SampleCount', 'p90'].map((stat) => cpuQuery(stat.toLowerCase(), OTHER, 300, stat));
    const minutes = await cloudwatch.send(
      new GetMetricDataCommand({ StartTime: new Date(NOW - 30 * MIN), EndTime: new Date(NOW), ScanBy: 'TimestampAscending', MetricDataQueries: [cpuQuery('m', OTHER)] }),
    );
    const out = await cloudwatch.send(
      new GetMetricDataCommand({ StartTime: new Date(NOW - 30 * MIN), EndTime: new Date(NOW), ScanBy: 'TimestampAscending', MetricDataQueries: queries }),
    );
    const firstFive = (minutes.MetricDataResults?.[0]?.Values ?? []).slice(0, 5);
    const first = (id: string) => resultOf(out.MetricDataResults, id).Values?.[0];
    expect(resultOf(out.MetricDataResults, 'average').Values).toHaveLength(6);
    expect(first('samplecount')).toBe(5);
    expect(first('minimum')).toBe(Math.min(...firstFive));
    expect(first('maximum')).toBe(Math.max(...firstFive));
    expect(first('sum')).toBeCloseTo(firstFive.reduce((a, b) => a + b, 0), 2);
    expect(first('average')).toBeCloseTo(mean(firstFive), 2);
    expect(first('p90')).toBe(Math.max(...firstFive));
  });

  it('serves data older than 15 days only at periods that are multiples of 300 s', async () => {
    const window = { StartTime: new Date(NOW - 20 * DAY), EndTime: new Date(NOW - 20 * DAY + 60 * MIN) };
    const out = await cloudwatch.send(new GetMetricDataCommand({ ...window, MetricDataQueries: [cpuQuery('minute', OLD, 60), cpuQuery('five', OLD, 300)] }));
    expect(resultOf(out.MetricDataResults, 'minute').Values).toEqual([]);
    expect(resultOf(out.MetricDataResults, 'five').Values).toHaveLength(12);
  });

  it('has no datapoints before an instance was launched, nor for unknown instances or metrics', async () => {
    const out = await cloudwatch.send(
      new GetMetricDataCommand({
        StartTime: new Date(NOW - 6 * 60 * MIN),
        EndTime: new Date(NOW),
        MetricDataQueries: [
          cpuQuery('launched', OTHER),
          cpuQuery('unknown', 'i-0eeeeeeeeeeeeeee5'),
          { Id: 'network', MetricStat: { Metric: { Namespace: 'AWS/EC2', MetricName: 'NetworkIn', Dimensions: [{ Name: 'InstanceId', Value: OTHER }] }, Period: 60, Stat: 'Sum' } },
        ],
      }),
    );
    expect(resultOf(out.MetricDataResults, 'launched').Timestamps).toHaveLength(180);
    expect(Math.min(...(resultOf(out.MetricDataResults, 'launched').Timestamps ?? []).map((t) => t.getTime()))).toBe(NOW - 180 * MIN);
    expect(resultOf(out.MetricDataResults, 'unknown')).toMatchObject({ Values: [], StatusCode: 'Complete' });
    expect(resultOf(out.MetricDataResults, 'network').Values).toEqual([]);
  });

  it('leaves out queries with ReturnData false', async () => {
    const out = await cloudwatch.send(
      new GetMetricDataCommand({
        StartTime: new Date(NOW - 10 * MIN),
        EndTime: new Date(NOW),
        MetricDataQueries: [cpuQuery('shown', OTHER), { ...cpuQuery('hidden', BASIC), ReturnData: false }],
      }),
    );
    expect(out.MetricDataResults?.map((r) => r.Id)).toEqual(['shown']);
  });
});

describe('GetMetricData for ECS', () => {
  it('reports a cluster CPU as a true percentage while its tasks ran, and nothing otherwise', async () => {
    const out = await cloudwatch.send(
      new GetMetricDataCommand({
        StartTime: new Date(NOW - 60 * MIN),
        EndTime: new Date(NOW),
        ScanBy: 'TimestampAscending',
        MetricDataQueries: [
          { Id: 'cluster', MetricStat: { Metric: { Namespace: 'AWS/ECS', MetricName: 'CPUUtilization', Dimensions: [{ Name: 'ClusterName', Value: 'tapestry-dbt' }] }, Period: 60, Stat: 'Average' } },
        ],
      }),
    );
    const result = resultOf(out.MetricDataResults, 'cluster');
    expect(result.Timestamps?.map((t) => t.getTime())).toEqual(Array.from({ length: 10 }, (_, i) => NOW - 20 * MIN + i * MIN));
    for (const value of result.Values ?? []) expect(Math.abs(value - 60)).toBeLessThan(3);
  });
});

describe('GetMetricData limits and errors', () => {
  // CloudWatch answers the query code ValidationError, which the SDK surfaces as ValidationException.
  it('refuses more than 500 queries in one call, as CloudWatch does', async () => {
    const queries = Array.from({ length: 501 }, (_, i) => cpuQuery(`q${i}`, OTHER));
    await expect(
      cloudwatch.send(new GetMetricDataCommand({ StartTime: new Date(NOW - 10 * MIN), EndTime: new Date(NOW), MetricDataQueries: queries })),
    ).rejects.toMatchObject({ name: 'ValidationException', message: 'The collection MetricDataQueries must not have a size greater than 500.' });
    const ok = await cloudwatch.send(new GetMetricDataCommand({ StartTime: new Date(NOW - 10 * MIN), EndTime: new Date(NOW), MetricDataQueries: queries.slice(0, 500) }));
    expect(ok.MetricDataResults).toHaveLength(500);
  });

  it('refuses a period that is not 1, 5, 10, 20, 30 or a multiple of 60, and a reversed window', async () => {
    await expect(
      cloudwatch.send(new GetMetricDataCommand({ StartTime: new Date(NOW - 10 * MIN), EndTime: new Date(NOW), MetricDataQueries: [cpuQuery('a', OTHER, 45)] })),
    ).rejects.toMatchObject({ name: 'InvalidParameterValueException', $metadata: { httpStatusCode: 400 } });
    await expect(
      cloudwatch.send(new GetMetricDataCommand({ StartTime: new Date(NOW), EndTime: new Date(NOW - 10 * MIN), MetricDataQueries: [cpuQuery('a', OTHER)] })),
    ).rejects.toMatchObject({ name: 'InvalidParameterValueException', message: 'The parameter StartTime must be less than the parameter EndTime.' });
  });

  it('refuses a missing start time and an invalid query id', async () => {
    await expect(
      cloudwatch.send(new GetMetricDataCommand({ EndTime: new Date(NOW), MetricDataQueries: [cpuQuery('a', OTHER)] } as GetMetricDataCommandInput)),
    ).rejects.toMatchObject({ name: 'MissingRequiredParameterException', message: 'The parameter StartTime is required.' });
    await expect(
      cloudwatch.send(new GetMetricDataCommand({ StartTime: new Date(NOW - MIN), EndTime: new Date(NOW), MetricDataQueries: [cpuQuery('Upper', OTHER)] })),
    ).rejects.toMatchObject({ name: 'InvalidParameterValueException' });
  });

  it('is retried by the SDK through injected throttling and then succeeds', async () => {
    const before = server.log.list({ operation: 'GetMetricData' }).length;
    server.faults.addRule({ kind: 'throttle', operation: 'GetMetricData', times: 2 });
    const out = await cloudwatch.send(new GetMetricDataCommand({ StartTime: new Date(NOW - 10 * MIN), EndTime: new Date(NOW), MetricDataQueries: [cpuQuery('a', OTHER)] }));
    expect(out.MetricDataResults?.[0]?.Values).toHaveLength(10);
    expect(out.$metadata.attempts).toBe(3);
    const calls = server.log.list({ operation: 'GetMetricData' }).slice(before);
    expect(calls.map((c) => c.fault ?? 'none')).toEqual(['throttle', 'throttle', 'none']);
  });
});

describe('GetMetricStatistics', () => {
  it('answers several statistics per datapoint and refuses more than 1,440 datapoints', async () => {
    const out = await cloudwatch.send(
      new GetMetricStatisticsCommand({
        Namespace: 'AWS/EC2',
        MetricName: 'CPUUtilization',
        Dimensions: [{ Name: 'InstanceId', Value: AIRBYTE }],
        StartTime: new Date(NOW - 60 * MIN),
        EndTime: new Date(NOW),
        Period: 300,
        Statistics: ['Average', 'Maximum'],
      }),
    );
    expect(out.Datapoints).toHaveLength(12);
    for (const point of out.Datapoints ?? []) {
      expect(point.Unit).toBe('Percent');
      expect(point.Maximum).toBeGreaterThanOrEqual(point.Average as number);
    }
    await expect(
      cloudwatch.send(
        new GetMetricStatisticsCommand({
          Namespace: 'AWS/EC2',
          MetricName: 'CPUUtilization',
          StartTime: new Date(NOW - 2 * DAY),
          EndTime: new Date(NOW),
          Period: 60,
          Statistics: ['Average'],
        }),
      ),
    ).rejects.toMatchObject({ name: 'InvalidParameterCombinationException' });
  });
});
