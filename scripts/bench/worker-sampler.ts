// Once a second, what an SRE would graph while the worker is busy: queue lag (the age of the
// oldest row that is due and not leased, across deployments and runs: how late the most-waiting
// piece of work already is), the database connections the worker holds (pg_stat_activity, minus
// the benchmark's own), active runs and deployments, each worker's resident memory, and where the
// CPU went: the worker(s), this process (which hosts the sandbox's stand-ins), and the machine's
// load (on a shared 2-core machine other work slows everything down too).
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import type pg from 'pg';
import { rssMb } from './app-process';
import { BENCH_APPLICATION } from './deploy-install';
import { spread, spreadInSeconds, type Spread } from './deploy-stats';

export interface Sample {
  at: number;
  lagMs: number;
  connections: number;
  activeRuns: number;
  activeDeployments: number;
  rssMb: number[];
  /** CPU seconds used so far by the workers together, and by this process. */
  workerCpuS: number;
  benchCpuS: number;
  load1: number;
}

export interface SampleSummary {
  lag: string;
  lagSpread: Spread;
  maxConnections: number;
  maxRssMb: number;
  /** Σ active runs × time, in minutes (the denominator of calls per active run per minute). */
  activeRunMinutes: number;
  maxActiveRuns: number;
  /** "worker(s) 35%, bench process with the stand-ins 80% of one core; load average up to 4.1". */
  cpu: string;
}

/** Linux's USER_HZ: /proc reports CPU time in these ticks. */
const CLOCK_TICKS_PER_SECOND = 100;

/** User + system CPU seconds of a process so far (/proc/<pid>/stat fields 14 and 15). */
function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_SECOND;
}

function ownCpuSeconds(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
}

const INTERVAL_MS = 1000;

const SAMPLE_SQL = `
  SELECT
    coalesce(extract(epoch FROM now() - (
      SELECT min(next_tick_at) FROM (
        SELECT next_tick_at FROM deployment WHERE next_tick_at <= now() AND (lease_until IS NULL OR lease_until < now())
        UNION ALL
        SELECT next_tick_at FROM pipeline_run WHERE next_tick_at <= now() AND (lease_until IS NULL OR lease_until < now())
      ) due)) * 1000, 0)::float8 AS "lagMs",
    (SELECT count(*) FROM pg_stat_activity
      WHERE datname = current_database() AND backend_type = 'client backend' AND application_name <> $1)::int AS connections,
    (SELECT count(*) FROM pipeline_run WHERE state IN ('QUEUED', 'RUNNING'))::int AS "activeRuns",
    (SELECT count(*) FROM deployment WHERE state IN ('PLANNING', 'RUNNING'))::int AS "activeDeployments"`;

export class WorkerSampler {
  readonly samples: Sample[] = [];
  private timer: NodeJS.Timeout | undefined;
  private busy = false;

  constructor(
    private readonly owner: pg.Pool,
    private readonly workerPids: () => number[],
  ) {}

  start(): void {
    this.timer = setInterval(() => void this.sample(), INTERVAL_MS);
  }

  stop(): void {
    clearInterval(this.timer);
  }

  private async sample(): Promise<void> {
    if (this.busy) return; // a slow database shows as gaps, not as a pile of overlapping queries
    this.busy = true;
    try {
      const { rows } = await this.owner.query<Omit<Sample, 'at' | 'rssMb'>>(SAMPLE_SQL, [BENCH_APPLICATION]);
      // NaN once a worker has exited.
      const each = <T>(read: (pid: number) => T, fallback: T) =>
        this.workerPids().map((pid) => {
          try {
            return read(pid);
          } catch {
            return fallback;
          }
        });
      const rss = each(rssMb, NaN);
      const workerCpuS = each(cpuSeconds, 0).reduce((sum, n) => sum + n, 0);
      if (rows[0]) this.samples.push({ at: Date.now(), ...rows[0], rssMb: rss, workerCpuS, benchCpuS: ownCpuSeconds(), load1: loadavg()[0] ?? 0 });
    } catch {
      // The database is stopping at the end of the run; a missed sample is not a figure.
    } finally {
      this.busy = false;
    }
  }

  summary(from: number, to: number): SampleSummary {
    const within = this.samples.filter((s) => s.at >= from && s.at <= to);
    let activeRunMs = 0;
    for (let i = 1; i < within.length; i++) activeRunMs += within[i - 1]!.activeRuns * (within[i]!.at - within[i - 1]!.at);
    const lags = within.map((s) => s.lagMs);
    const first = within[0];
    const last = within.at(-1);
    const elapsedS = first && last ? (last.at - first.at) / 1000 : 0;
    const share = (pick: (s: Sample) => number) => (first && last && elapsedS > 0 ? `${(((pick(last) - pick(first)) / elapsedS) * 100).toFixed(0)}%` : 'n/a');
    const cpu = `worker(s) ${share((s) => s.workerCpuS)}, bench process with the stand-ins ${share((s) => s.benchCpuS)} of one core; load average up to ${Math.max(0, ...within.map((s) => s.load1)).toFixed(1)} (2 cores)`;
    return {
      cpu,
      lag: spreadInSeconds(lags),
      lagSpread: spread(lags),
      maxConnections: Math.max(0, ...within.map((s) => s.connections)),
      maxRssMb: Math.max(0, ...within.flatMap((s) => s.rssMb.filter(Number.isFinite))),
      activeRunMinutes: activeRunMs / 60_000,
      maxActiveRuns: Math.max(0, ...within.map((s) => s.activeRuns)),
    };
  }
}
