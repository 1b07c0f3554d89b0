// The CloudWatch stand-in's series as pure logic: sample spacing per monitoring kind, retention tiers,
// the instance's lifetime, start-time rounding, buckets and statistics, and the period rules.
import { describe, expect, it } from 'vitest';
import { ecsSource, instanceSource, isAirbyteHost, samplesBetween, unitHash } from '@/infra/local/aws/cloudwatch/samples';
import { bucketize, parseStatistic, roundedStart, statisticOf, validPeriod } from '@/infra/local/aws/cloudwatch/statistics';
import { SandboxWorld, type SandboxInstance } from '@/infra/local/core/world';

const MIN = 60_000;
const DAY = 86_400_000;
const NOW = Date.parse('2026-11-20T12:00:00Z');

function setup(overrides: Partial<SandboxInstance> = {}) {
  const clock = { t: NOW, now() { return this.t; } };
  const world = new SandboxWorld(clock);
  const instance: SandboxInstance = {
    instanceId: 'i-0123456789abcdef0',
    instanceType: 't3.large',
    imageId: 'ami-1',
    privateIpAddress: '10.0.0.1',
    monitoring: 'enabled',
    tags: {},
    launchTime: NOW - 60 * DAY,
    state: 'running',
    stateChangedAt: NOW - 60 * DAY,
    ...overrides,
  };
  world.putInstance(instance);
  return { world, clock, instance };
}

describe('samples', () => {
  it('spaces detailed monitoring at 60 s and basic at 300 s, only for windows already over', () => {
    const detailed = setup();
    const basic = setup({ monitoring: 'disabled' });
    const from = NOW - 30 * MIN;
    const detailedSamples = samplesBetween(instanceSource(detailed.world, detailed.instance), from, NOW + 10 * MIN, NOW);
    expect(detailedSamples).toHaveLength(30);
    expect(detailedSamples.at(-1)?.t).toBe(NOW - MIN);
    const basicSamples = samplesBetween(instanceSource(basic.world, basic.instance), from, NOW, NOW);
    expect(basicSamples.map((s) => s.t)).toEqual([30, 25, 20, 15, 10, 5].map((m) => NOW - m * MIN));
  });

  it('keeps 1-minute samples 15 days, 5-minute aggregates to 63 days and hourly ones after', () => {
    const { world, instance } = setup({ launchTime: NOW - 100 * DAY });
    const source = instanceSource(world, instance);
    const spacing = (from: number) => {
      const [a, b] = samplesBetween(source, from, from + 2 * 3600_000, NOW);
      return (b?.t ?? 0) - (a?.t ?? 0);
    };
    expect(spacing(NOW - 10 * DAY)).toBe(MIN);
    expect(spacing(NOW - 20 * DAY)).toBe(5 * MIN);
    expect(spacing(NOW - 70 * DAY)).toBe(3600_000);
    expect(samplesBetween(source, NOW - 20 * DAY, NOW - 20 * DAY + 5 * MIN, NOW)[0]?.count).toBe(5);
  });

  it('has samples only between launch and termination, and none while pending', () => {
    const { world, instance } = setup({ launchTime: NOW - 20 * MIN, state: 'terminated', stateChangedAt: NOW - 10 * MIN });
    const times = samplesBetween(instanceSource(world, instance), NOW - 60 * MIN, NOW, NOW).map((s) => s.t);
    expect(times[0]).toBe(NOW - 20 * MIN);
    expect(times.at(-1)).toBe(NOW - 11 * MIN);
    instance.state = 'pending';
    expect(samplesBetween(instanceSource(world, instance), NOW - 60 * MIN, NOW, NOW)).toEqual([]);
  });

  it('raises the Airbyte host by the load of airbyte work, in proportion to the minute it covered', () => {
    const { world, clock, instance } = setup({ tags: { 'tapestry:role': 'airbyte' } });
    clock.t = NOW - 10 * MIN;
    const end = world.beginActivity('airbyte', 'sync', 1);
    clock.t = NOW - 9.5 * MIN;
    end();
    clock.t = NOW;
    const read = instanceSource(world, instance).reader(NOW - 60 * MIN, NOW);
    const idle = read(NOW - 12 * MIN, NOW - 11 * MIN) as number;
    const half = read(NOW - 10 * MIN, NOW - 9 * MIN) as number;
    expect(idle).toBeLessThan(6);
    expect(half).toBeGreaterThan(45);
    expect(half).toBeLessThan(55);
  });

  it('recognises the Airbyte host by its role tag, or by a logical id when there is no role tag', () => {
    const base = setup().instance;
    expect(isAirbyteHost({ ...base, tags: { 'tapestry:role': 'airbyte' } })).toBe(true);
    expect(isAirbyteHost({ ...base, logicalId: 'AirbyteInstance' })).toBe(true);
    expect(isAirbyteHost({ ...base, logicalId: 'AirbyteInstance', tags: { 'tapestry:role': 'bastion' } })).toBe(false);
    expect(isAirbyteHost({ ...base, logicalId: 'Bastion' })).toBe(false);
  });

  it('reports ECS CPU only for minutes with work, weighted by the work that ran', () => {
    const { world, clock } = setup();
    clock.t = NOW - 5 * MIN;
    const end = world.beginActivity('ecs:dbt', 'family:dbt', 0.5);
    clock.t = NOW - 3 * MIN;
    end();
    clock.t = NOW;
    const samples = samplesBetween(ecsSource(world, 'dbt'), NOW - 10 * MIN, NOW, NOW);
    expect(samples.map((s) => s.t)).toEqual([NOW - 5 * MIN, NOW - 4 * MIN]);
    for (const s of samples) expect(Math.abs(s.value - 50)).toBeLessThan(2);
    expect(samplesBetween(ecsSource(world, 'dbt', 'other-service'), NOW - 10 * MIN, NOW, NOW)).toEqual([]);
  });

  it('hashes deterministically into [0, 1)', () => {
    expect(unitHash('i-1:60')).toBe(unitHash('i-1:60'));
    const values = Array.from({ length: 1000 }, (_, i) => unitHash(`x${i}`));
    expect(Math.min(...values)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...values)).toBeLessThan(1);
    expect(values.filter((v) => v < 0.5).length).toBeGreaterThan(400);
  });
});

describe('statistics', () => {
  it('accepts CloudWatch periods and statistics only', () => {
    expect([1, 5, 10, 20, 30, 60, 300, 3600].every(validPeriod)).toBe(true);
    expect([0, 2, 45, 90, 61, 1.5].some(validPeriod)).toBe(false);
    expect(parseStatistic('p99.9')).toEqual({ kind: 'percentile', p: 99.9 });
    expect(parseStatistic('Average')).toEqual({ kind: 'Average' });
    expect(parseStatistic('avg')).toBeUndefined();
    expect(parseStatistic('p101')).toBeUndefined();
  });

  it('rounds the start down to the minute, 5 minutes or hour by its age', () => {
    const odd = NOW - 10 * MIN + 34_000;
    expect(roundedStart(odd, 300, NOW)).toBe(NOW - 10 * MIN);
    expect(roundedStart(NOW - 20 * DAY + 7 * MIN, 300, NOW)).toBe(NOW - 20 * DAY + 5 * MIN);
    expect(roundedStart(NOW - 70 * DAY + 37 * MIN, 3600, NOW)).toBe(NOW - 70 * DAY);
    expect(roundedStart(NOW - 13_000, 10, NOW)).toBe(NOW - 20_000);
  });

  it('buckets from the rounded start and computes each statistic over the bucket', () => {
    const samples = [1, 2, 3, 4, 5, 6].map((v, i) => ({ t: NOW - 6 * MIN + i * MIN, value: v, count: 1 }));
    const buckets = bucketize(samples, NOW - 6 * MIN, NOW, 180, NOW);
    expect(buckets.map((b) => b.t)).toEqual([NOW - 6 * MIN, NOW - 3 * MIN]);
    const [first] = buckets;
    expect(statisticOf(first?.samples ?? [], { kind: 'Average' })).toBe(2);
    expect(statisticOf(first?.samples ?? [], { kind: 'Sum' })).toBe(6);
    expect(statisticOf(first?.samples ?? [], { kind: 'SampleCount' })).toBe(3);
    expect(statisticOf(first?.samples ?? [], { kind: 'Maximum' })).toBe(3);
    expect(statisticOf(first?.samples ?? [], { kind: 'percentile', p: 50 })).toBe(2);
  });

  it('serves samples older than 15 days only to periods of whole 5 minutes, sub-minute periods only 3 hours back', () => {
    const old = [{ t: NOW - 20 * DAY, value: 5, count: 5 }];
    expect(bucketize(old, NOW - 21 * DAY, NOW, 60, NOW)).toEqual([]);
    expect(bucketize(old, NOW - 21 * DAY, NOW, 300, NOW)).toHaveLength(1);
    const recent = [{ t: NOW - 4 * 3600_000, value: 5, count: 1 }];
    expect(bucketize(recent, NOW - DAY, NOW, 30, NOW)).toEqual([]);
    expect(bucketize(recent, NOW - DAY, NOW, 60, NOW)).toHaveLength(1);
  });
});
