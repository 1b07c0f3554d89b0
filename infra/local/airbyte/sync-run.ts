// One job's life: pending for a moment, then running — the Airbyte EC2 host busy in the sandbox
// world — while records move in a few committed batches (rows and bytes grow with each, and the
// job's `updatedAt` with them: that is its progress signal), then succeeded, failed or cancelled.
// Into a Postgres destination the batches are real rows; into Snowflake (nothing to write into
// here) only the counts move. A planned failure strikes halfway; a planned stall keeps the job
// running with no progress until it is released or cancelled.
//
// A job outlives a restart of the stand-in. Why it resumes rather than fails: in Airbyte 1.x a sync
// runs in its own replication pod under a Temporal workflow, both independent of the server, and
// the destination checkpoints state with every committed batch — so a server that goes away and
// comes back finds the sync still going, carried on from its last checkpoint. The job's `progress`
// (what it was planned from, the generations it writes, its planned outcome, when its batches
// began, what each stream committed) is saved with it; a new instance re-plans the same records,
// counts what the warehouse already holds from this job, and carries on where the clock says it
// would be by now: batches that fell due while it was down run at once, the rest on schedule.
import { describePostgresError } from './postgres-connection';
import type { Connection, FailureType, Job } from './store';
import { compareCursor, planSync, type StreamWork, type SyncBasis } from './sync-plan';
import { wait } from './wait';
import { WarehouseWriter } from './warehouse-writer';
import type { SandboxWorld } from '../core/world';

/** A planned outcome for a connection's next sync (control route). */
export type PlannedOutcome =
  | { kind: 'fail'; message: string; failureType: FailureType; origin: 'source' | 'destination' | 'airbyte_platform' }
  | { kind: 'stall' };

/** What a job that has not ended needs to carry on after a restart (saved with the job). */
export interface RunProgress {
  basis: SyncBasis;
  /** The generation each stream has once the job succeeds; fixed before its first write. */
  generations?: Record<string, number>;
  /** A planned stall or failure; a released stall is forgotten. */
  outcome?: PlannedOutcome;
  /** When the batches began (epoch ms): batch `b` is due `b + 1` steps later. */
  workStartedAt?: number;
  /** Records of each stream committed to the destination so far. */
  committed: Record<string, number>;
}

export interface RunEnvironment {
  world: SandboxWorld;
  now(): number;
  timeScale: number;
  /** Schedules a save of the stand-in's state (a job moved). */
  changed(): void;
  /** Saves at once: a job must be on disk before its first row reaches the warehouse. */
  saveNow(): void;
}

/** Unscaled durations (ms): believable for a small sync; `timeScale` shrinks them for tests. */
const PENDING_MS = 2_000;
const RUNNING_BASE_MS = 3_000;
const RUNNING_PER_RECORD_MS = 20;
const MAX_BATCHES = 5;

class PlannedFailure extends Error {
  constructor(readonly outcome: Extract<PlannedOutcome, { kind: 'fail' }>) {
    super(outcome.message);
  }
}

interface Slice {
  w: StreamWork;
  from: number;
  to: number;
}

export class SyncRun {
  private readonly stop = new AbortController();
  private release?: () => void;
  readonly done: Promise<void>;

  /** `resumed`: the job began before a restart (its rows may already be in the warehouse). */
  constructor(
    readonly job: Job,
    private readonly progress: RunProgress,
    private readonly connection: Connection,
    private readonly destination: { connectorType: string; configuration: Record<string, unknown> },
    private readonly env: RunEnvironment,
    private readonly resumed: boolean,
  ) {
    job.progress = progress;
    this.done = this.run();
  }

  get stopped(): boolean {
    return this.stop.signal.aborted;
  }

  /** Ends the job as cancelled (Airbyte keeps what earlier batches committed). */
  cancel(): void {
    if (this.job.status === 'pending' || this.job.status === 'running') this.settle('cancelled');
    this.stop.abort();
  }

  /** Stops working without ending the job (the stand-in is closing; a new one carries it on). */
  suspend(): void {
    this.stop.abort();
  }

  /** Lets a stalled job carry on. */
  resume(): boolean {
    if (!this.release) return false;
    this.release();
    this.release = undefined;
    return true;
  }

  private touch(): void {
    this.job.updatedAt = this.env.now();
  }

  private settle(status: Job['status']): void {
    this.job.status = status;
    if (status !== 'pending' && status !== 'running') delete this.job.progress;
    this.touch();
    this.env.changed();
  }

  /**
   * Waits until `ms` (unscaled) after `from` on the clock: at once when a restart made it overdue,
   * and never longer than `ms` itself (a test's frozen clock must not stretch a step).
   */
  private until(from: number, ms: number): Promise<void> {
    const scaled = ms * this.env.timeScale;
    return wait(Math.min(scaled, from + scaled - this.env.now()), this.stop.signal);
  }

  private stalled(): Promise<void> {
    return new Promise((resolve) => {
      this.release = resolve;
      this.stop.signal.addEventListener('abort', () => resolve());
    });
  }

  private async run(): Promise<void> {
    let endActivity: (() => void) | undefined;
    let writer: WarehouseWriter | undefined;
    let work: StreamWork[] = [];
    try {
      if (this.job.status === 'pending') {
        await this.until(this.job.createdAt, PENDING_MS);
        if (this.stopped) return;
        this.settle('running');
        this.job.startedAt = this.job.updatedAt;
      }
      endActivity = this.env.world.beginActivity('airbyte', `sync ${this.connection.name}`, 0.55);
      if (this.progress.outcome?.kind === 'stall') {
        await this.stalled();
        if (this.stopped) return;
        delete this.progress.outcome;
      }
      const { basis } = this.progress;
      work = planSync(basis.connection, basis.source, basis.destinationSchema);
      this.progress.workStartedAt ??= this.env.now();
      this.progress.generations ??= this.generationsAfter(work);
      this.env.saveNow();
      if (this.destination.connectorType === 'postgres') writer = await WarehouseWriter.open(this.destination.configuration);
      if (this.job.jobType === 'sync') await this.sync(work, writer);
      else await this.clear(work, writer);
      if (!this.stopped) this.settle('succeeded');
    } catch (error) {
      if (!this.stopped) this.fail(error);
    } finally {
      endActivity?.();
      if (writer) {
        // A suspended job keeps its half-filled overwrite table: the next instance fills it up.
        if (this.job.status === 'failed' || this.job.status === 'cancelled') for (const w of work) await writer.abandon(w.target).catch(() => undefined);
        await writer.close();
      }
    }
  }

  /** A sync bumps the generation of the streams it overwrites; a clear bumps every stream's. */
  private generationsAfter(work: StreamWork[]): Record<string, number> {
    return Object.fromEntries(
      work.map((w) => {
        const current = this.connection.generations.get(w.stream.name) ?? 0;
        return [w.stream.name, this.job.jobType === 'sync' && !w.target.overwrite ? current : current + 1];
      }),
    );
  }

  private async sync(work: StreamWork[], writer: WarehouseWriter | undefined): Promise<void> {
    const { job, progress } = this;
    const generations = progress.generations ?? {};
    const committed = progress.committed;
    for (const w of work) {
      const found = await writer?.prepare(w.target, { syncId: job.jobId, resumed: this.resumed });
      committed[w.stream.name] = found ?? committed[w.stream.name] ?? 0;
    }
    // Stats and state follow what is committed (after a restart: what the warehouse holds).
    job.rowsSynced = 0;
    job.bytesSynced = 0;
    for (const w of work) this.account(w, w.records.slice(0, committed[w.stream.name]));

    const total = work.reduce((n, w) => n + w.records.length, 0);
    const batches = Math.max(1, Math.min(MAX_BATCHES, Math.ceil(total / 10)));
    const size = Math.ceil(total / batches);
    const stepMs = (RUNNING_BASE_MS + RUNNING_PER_RECORD_MS * total) / batches;
    const failAt = progress.outcome?.kind === 'fail' ? Math.floor(batches / 2) : -1;
    const started = progress.workStartedAt ?? this.env.now();
    for (let b = 0; b < batches; b++) {
      const slices = this.uncommitted(work, b * size, (b + 1) * size);
      if (slices.length === 0 && b * size < total) continue; // committed before a restart
      await this.until(started + b * stepMs * this.env.timeScale, stepMs);
      if (this.stopped) return;
      if (b === failAt && progress.outcome?.kind === 'fail') throw new PlannedFailure(progress.outcome);
      for (const { w, from, to } of slices) {
        const records = w.records.slice(from, to);
        await writer?.write(w.target, records, { syncId: job.jobId, generationId: generations[w.stream.name] ?? 0 });
        committed[w.stream.name] = to;
        this.account(w, records);
        this.env.changed();
      }
      this.touch();
    }
    if (this.stopped) return;
    for (const w of work) {
      await writer?.finish(w.target);
      this.connection.generations.set(w.stream.name, generations[w.stream.name] ?? 0);
    }
  }

  /** The parts of the records in [lo, hi) of the whole sync (streams one after another) not committed yet. */
  private uncommitted(work: StreamWork[], lo: number, hi: number): Slice[] {
    const slices: Slice[] = [];
    let offset = 0;
    for (const w of work) {
      const from = Math.max(lo - offset, this.progress.committed[w.stream.name] ?? 0, 0);
      const to = Math.min(hi - offset, w.records.length);
      if (from < to) slices.push({ w, from, to });
      offset += w.records.length;
    }
    return slices;
  }

  /** Committed records count in the job's stats and move the incremental state, so a retry after a failure does not resend. */
  private account(w: StreamWork, records: Record<string, unknown>[]): void {
    this.job.rowsSynced += records.length;
    this.job.bytesSynced += records.reduce((n, r) => n + Buffer.byteLength(JSON.stringify(r)), 0);
    if (!w.cursorField) return;
    for (const r of records) {
      const value = r[w.cursorField];
      const state = this.connection.cursors.get(w.stream.name);
      if (value !== null && value !== undefined && (state === undefined || compareCursor(value, state) > 0)) {
        this.connection.cursors.set(w.stream.name, typeof value === 'number' ? value : String(value));
      }
    }
  }

  /** A reset/clear job: the streams' tables are emptied and their state forgotten (each step can be redone after a restart). */
  private async clear(work: StreamWork[], writer: WarehouseWriter | undefined): Promise<void> {
    await this.until(this.progress.workStartedAt ?? this.env.now(), RUNNING_BASE_MS);
    if (this.stopped) return;
    for (const w of work) {
      await writer?.clear(w.target);
      this.connection.cursors.delete(w.stream.name);
      this.connection.generations.set(w.stream.name, this.progress.generations?.[w.stream.name] ?? 0);
    }
  }

  private fail(error: unknown): void {
    if (error instanceof PlannedFailure) {
      const { message, failureType, origin } = error.outcome;
      this.job.failure = { message, failureType, origin };
    } else {
      const described = describePostgresError(error, this.destination.configuration);
      const configProblem = described.failureClass !== 'other' && described.failureClass !== 'timeout';
      this.job.failure = { message: described.message, failureType: configProblem ? 'config_error' : 'system_error', origin: 'destination' };
    }
    this.settle('failed');
  }
}
