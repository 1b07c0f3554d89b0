// One job's life: pending for a moment, then running — the Airbyte EC2 host busy in the sandbox
// world — while records move in a few committed batches (rows and bytes grow with each, and the
// job's `updatedAt` with them: that is its progress signal), then succeeded, failed or cancelled.
// Into a Postgres destination the batches are real rows; into Snowflake (nothing to write into
// here) only the counts move. A planned failure strikes halfway; a planned stall keeps the job
// running with no progress until it is released or cancelled.
import { describePostgresError } from './postgres-connection';
import type { Actor, Connection, FailureType, Job } from './store';
import { planSync, compareCursor, type StreamWork } from './sync-plan';
import { wait } from './wait';
import { WarehouseWriter } from './warehouse-writer';
import type { SandboxWorld } from '../core/world';

/** A planned outcome for a connection's next sync (control route). */
export type PlannedOutcome =
  | { kind: 'fail'; message: string; failureType: FailureType; origin: 'source' | 'destination' | 'airbyte_platform' }
  | { kind: 'stall' };

export interface RunEnvironment {
  world: SandboxWorld;
  now(): number;
  timeScale: number;
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

export class SyncRun {
  private readonly stop = new AbortController();
  private release?: () => void;
  readonly done: Promise<void>;

  constructor(
    readonly job: Job,
    private readonly connection: Connection,
    private readonly source: Actor,
    private readonly destination: Actor,
    private readonly env: RunEnvironment,
    private readonly outcome: PlannedOutcome | undefined,
  ) {
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
    this.touch();
  }

  private wait(ms: number): Promise<void> {
    return wait(ms * this.env.timeScale, this.stop.signal);
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
      await this.wait(PENDING_MS);
      if (this.stopped) return;
      this.settle('running');
      this.job.startedAt = this.job.updatedAt;
      endActivity = this.env.world.beginActivity('airbyte', `sync ${this.connection.name}`, 0.55);
      if (this.outcome?.kind === 'stall') await this.stalled();
      if (this.stopped) return;
      const configuration = this.destination.configuration;
      const toPostgres = this.destination.connectorType === 'postgres';
      work = planSync(this.connection, this.source, String(configuration.schema ?? (toPostgres ? 'public' : 'PUBLIC')));
      if (toPostgres) writer = await WarehouseWriter.open(configuration);
      if (this.job.jobType === 'sync') await this.sync(work, writer);
      else await this.clear(work, writer);
      if (!this.stopped) this.settle('succeeded');
    } catch (error) {
      if (!this.stopped) this.fail(error);
    } finally {
      endActivity?.();
      if (writer) {
        if (this.job.status !== 'succeeded') for (const w of work) await writer.abandon(w.target).catch(() => undefined);
        await writer.close();
      }
    }
  }

  private async sync(work: StreamWork[], writer: WarehouseWriter | undefined): Promise<void> {
    const generations = new Map<string, number>();
    for (const w of work) {
      const current = this.connection.generations.get(w.stream.name) ?? 0;
      generations.set(w.stream.name, w.target.overwrite ? current + 1 : current);
      await writer?.prepare(w.target);
    }
    const items = work.flatMap((w) => w.records.map((record) => ({ w, record })));
    const batches = Math.max(1, Math.min(MAX_BATCHES, Math.ceil(items.length / 10)));
    const size = Math.ceil(items.length / batches);
    const stepMs = (RUNNING_BASE_MS + RUNNING_PER_RECORD_MS * items.length) / batches;
    const failAt = this.outcome?.kind === 'fail' ? Math.floor(batches / 2) : -1;
    for (let b = 0; b < batches; b++) {
      await this.wait(stepMs);
      if (this.stopped) return;
      if (b === failAt && this.outcome?.kind === 'fail') throw new PlannedFailure(this.outcome);
      const batch = items.slice(b * size, (b + 1) * size);
      for (const w of work) {
        const records = batch.filter((i) => i.w === w).map((i) => i.record);
        if (records.length === 0) continue;
        const written = writer ? await writer.write(w.target, records, { syncId: this.job.jobId, generationId: generations.get(w.stream.name) ?? 0 }) : records.length;
        this.advanceCursor(w, records);
        this.job.rowsSynced += written;
        this.job.bytesSynced += records.reduce((n, r) => n + Buffer.byteLength(JSON.stringify(r)), 0);
      }
      this.touch();
    }
    for (const w of work) {
      await writer?.finish(w.target);
      this.connection.generations.set(w.stream.name, generations.get(w.stream.name) ?? 0);
    }
  }

  /** Incremental state moves with each committed batch, so a retry after a failure does not resend. */
  private advanceCursor(w: StreamWork, records: Record<string, unknown>[]): void {
    if (!w.cursorField) return;
    for (const r of records) {
      const value = r[w.cursorField];
      const state = this.connection.cursors.get(w.stream.name);
      if (value !== null && value !== undefined && (state === undefined || compareCursor(value, state) > 0)) {
        this.connection.cursors.set(w.stream.name, typeof value === 'number' ? value : String(value));
      }
    }
  }

  /** A reset/clear job: the streams' tables are emptied and their state forgotten. */
  private async clear(work: StreamWork[], writer: WarehouseWriter | undefined): Promise<void> {
    await this.wait(RUNNING_BASE_MS);
    if (this.stopped) return;
    for (const w of work) {
      await writer?.clear(w.target);
      this.connection.cursors.delete(w.stream.name);
      this.connection.generations.set(w.stream.name, (this.connection.generations.get(w.stream.name) ?? 0) + 1);
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
