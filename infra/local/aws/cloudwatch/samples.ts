// The raw CPU samples CloudWatch holds for a sandbox resource, computed on demand and deterministic:
// a low idle baseline per resource with small noise from a seeded hash of (resource, sample start),
// plus the work the sandbox world ran on it. Nothing is stored, so any window can be asked for.
//
// Resolution follows CloudWatch's retention: native samples (EC2 detailed monitoring 60 s, basic
// 300 s; ECS 60 s) for 15 days, then 5-minute aggregates until 63 days, then 1-hour ones until 455.
import type { Activity, SandboxInstance, SandboxWorld } from '../../core/world';

const DAY = 86_400_000;
export const RETENTION = { native: 15 * DAY, fiveMinute: 63 * DAY, hourly: 455 * DAY } as const;

export interface Sample {
  /** Start of the window the sample covers (epoch ms); CloudWatch stamps it there. */
  t: number;
  value: number;
  /** How many native samples it stands for (SampleCount and Sum read it). */
  count: number;
}

/** Reads a source's CPU percentage over [start, end), or undefined when it reported nothing then. */
export type SampleReader = (start: number, end: number) => number | undefined;

/** A resource with CPU samples: an EC2 instance or an ECS cluster/service. */
export interface SampleSource {
  /** Native sample spacing in ms. */
  resolutionMs: number;
  /** When samples may exist: [from, to). */
  lifetime(asOf: number): { from: number; to: number } | undefined;
  /** A reader for windows inside [from, to), with the work there looked up once. */
  reader(from: number, to: number): SampleReader;
}

/** FNV-1a over a string: the integer seed of a resource's series. */
function seedOf(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h;
}

/** A string hashed to a fraction in [0, 1). */
export function unitHash(text: string): number {
  return finish(seedOf(text));
}

function finish(hash: number): number {
  let h = hash;
  h ^= h >>> 16;
  h = Math.imul(h, 0x7feb352d);
  h ^= h >>> 15;
  h = Math.imul(h, 0x846ca68b);
  h ^= h >>> 16;
  return (h >>> 0) / 0x1_0000_0000;
}

/**
 * Noise in [-0.5, 0.5) for one sample window, from the resource's seed and the window (in whole
 * seconds): integer mixing only, since 500 series × 15 days of minutes is millions of samples.
 */
function noiseAt(seed: number, start: number, end: number): number {
  return finish(seed ^ Math.imul(Math.floor(start / 1000), 0x9e3779b1) ^ Math.imul(Math.floor((end - start) / 1000), 0x85ebca77)) - 0.5;
}

/** Load (share of the host, summed over overlapping work) weighted by how much of [from, to) it covered. */
function coveredLoad(activities: Activity[], from: number, to: number): { load: number; covered: number } {
  let load = 0;
  let covered = 0;
  for (const a of activities) {
    const overlap = Math.min(to, a.end ?? Infinity) - Math.max(from, a.start);
    if (overlap <= 0) continue;
    load += (a.load * overlap) / (to - from);
    covered += overlap / (to - from);
  }
  return { load, covered };
}

const round = (value: number) => Math.round(value * 1000) / 1000;

/**
 * How an instance is recognised as the Airbyte host (whose CPU rises with `airbyte` activities):
 * the tag `tapestry:role=airbyte`, or, without a `tapestry:role` tag, a CloudFormation logical id
 * containing "airbyte" (e.g. `AirbyteInstance`).
 */
export function isAirbyteHost(instance: SandboxInstance): boolean {
  const role = instance.tags['tapestry:role'];
  return role !== undefined ? role.toLowerCase() === 'airbyte' : /airbyte/i.test(instance.logicalId ?? '');
}

export function instanceSource(world: SandboxWorld, instance: SandboxInstance): SampleSource {
  const seed = seedOf(instance.instanceId);
  const baseline = 1.5 + 3 * unitHash(`baseline:${instance.instanceId}`);
  const hosts = isAirbyteHost(instance) ? [instance.instanceId, 'airbyte'] : [instance.instanceId];
  return {
    resolutionMs: instance.monitoring === 'enabled' ? 60_000 : 300_000,
    lifetime(asOf) {
      if (instance.state === 'pending') return undefined;
      const ended = instance.state === 'stopped' || instance.state === 'terminated';
      return { from: instance.launchTime, to: ended ? Math.min(asOf, instance.stateChangedAt) : asOf };
    },
    reader(from, to) {
      const work = hosts.flatMap((host) => world.activitiesOn(host, from, to));
      return (start, end) => {
        const { load } = coveredLoad(work, start, end);
        // A busy host never quite reaches 100 %: the kernel and agent keep a little for themselves.
        return round(Math.min(99.5, Math.max(0.1, baseline + noiseAt(seed, start, end) * 1.6 + 100 * load * 0.95)));
      };
    },
  };
}

/**
 * ECS's CPUUtilization for a cluster (or one service or task group in it): the share of the reserved
 * CPU that running tasks used, as a true percentage; no sample while nothing ran.
 */
export function ecsSource(world: SandboxWorld, cluster: string, service?: string): SampleSource {
  const seed = seedOf(`ecs:${cluster}:${service ?? '*'}`);
  return {
    resolutionMs: 60_000,
    lifetime: (asOf) => ({ from: asOf - RETENTION.hourly, to: asOf }),
    reader(from, to) {
      const work = world
        .activitiesOn(`ecs:${cluster}`, from, to)
        .filter((a) => service === undefined || a.label === service || a.label === `service:${service}`);
      return (start, end) => {
        const { load, covered } = coveredLoad(work, start, end);
        if (covered === 0) return undefined;
        return round(Math.min(100, Math.max(0, (100 * load) / covered + noiseAt(seed, start, end) * 3)));
      };
    },
  };
}

/** Where the retention tiers put a sample window starting at `t`, seen at `asOf`. */
function spacingAt(t: number, asOf: number, native: number): number | undefined {
  const age = asOf - t;
  if (age <= RETENTION.native) return native;
  if (age <= RETENTION.fiveMinute) return Math.max(native, 300_000);
  if (age <= RETENTION.hourly) return 3_600_000;
  return undefined;
}

/** The complete samples of a source whose windows start in [from, to), as CloudWatch holds them at `asOf`. */
export function samplesBetween(source: SampleSource, from: number, to: number, asOf: number): Sample[] {
  const life = source.lifetime(asOf);
  if (!life) return [];
  const start = Math.max(from, life.from - source.resolutionMs, asOf - RETENTION.hourly);
  // The last window may reach past `to` by up to the widest spacing (an hour).
  const read = source.reader(start, Math.min(to, life.to) + 3_600_000);
  const out: Sample[] = [];
  let t = Math.floor(start / source.resolutionMs) * source.resolutionMs;
  while (t < Math.min(to, life.to)) {
    const spacing = spacingAt(t, asOf, source.resolutionMs);
    if (spacing === undefined) {
      t += source.resolutionMs;
      continue;
    }
    if (t % spacing !== 0) {
      // Older tiers hold aggregates on their own grid (whole 5 minutes, whole hours).
      t = Math.ceil(t / spacing) * spacing;
      continue;
    }
    const end = t + spacing;
    // A window is reported once it is over, and only while the resource existed during it.
    if (t >= from && end <= asOf && end > life.from && t < life.to) {
      const value = read(t, end);
      if (value !== undefined) out.push({ t, value, count: spacing / source.resolutionMs });
    }
    t = end;
  }
  return out;
}
