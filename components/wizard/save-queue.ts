// The wizard's autosave, as plain logic with the clock and the network passed in (so it is tested
// without React or a server). Every write to a draft carries the version it starts from and gets
// the next one back, so writes go out one at a time, in order:
// - an edit marks its step's part as changed; the part is sent once edits pause (debounced), read
//   at send time, so the latest values always go and bursts of typing become one save;
// - a step move, a secret and "save the pipeline" go out at once, after what is already queued;
// - a refused save stays queued (nothing typed is lost) until a retry or the next edit;
// - CONFLICT (another tab saved first) stops everything: only a reload can continue.

export type SaveStatus = 'saved' | 'pending' | 'saving' | 'failed' | 'too-large' | 'conflict';

export interface QueueState {
  status: SaveStatus;
  /** Why, for `failed` and `too-large`. */
  message?: string;
}

export type DraftSendResult = { kind: 'saved'; version: number; errors: Record<string, string> } | { kind: 'conflict' } | { kind: 'failed'; message: string };

export interface DraftRequest {
  step: string;
  /** The step's part(s) as JSON; absent when only the step the person is on moves. */
  parts?: string;
  version: number;
}

/** What a task (a secret, saving the pipeline) answers: its value, and the draft's new version if it wrote. */
export type TaskResult<T> = { kind: 'done'; value: T; version?: number } | { kind: 'conflict' };

export const CONFLICT = Symbol('conflict');

export interface SaveQueueDeps {
  version: number;
  /** The step's part(s) as JSON, read when the save goes out. */
  partsFor(step: string): string;
  sendDraft(request: DraftRequest): Promise<DraftSendResult>;
  /** A save's findings; `current` is false when newer edits of the step are already queued. */
  onSaved(step: string, errors: Record<string, string>, current: boolean): void;
  onState(state: QueueState): void;
  /** setTimeout, returning its cancel. */
  schedule(callback: () => void, ms: number): () => void;
  debounceMs: number;
  /** Longest part the server takes, in characters. */
  maxChars: number;
}

type Job =
  | { kind: 'draft'; step: string; parts: boolean }
  | { kind: 'task'; run(version: number): Promise<TaskResult<unknown>>; settle(value: unknown): void; fail(error: unknown): void };

const UNREACHABLE = 'Couldn’t reach the server.';

export function tooLargeMessage(chars: number): string {
  return `This step’s values are too large (${Math.ceil(chars / 1024).toLocaleString('en')} kB); remove the pasted content.`;
}

export class SaveQueue {
  private version: number;
  private jobs: Job[] = [];
  private busy = false;
  /** The save in flight carries a part (not only the step moved to). */
  private sendingParts = false;
  /** Send what is queued now rather than when edits pause. */
  private due = false;
  private blocked: { status: 'failed' | 'too-large' | 'conflict'; message?: string } | undefined;
  private cancelTimer: (() => void) | undefined;
  private waiters: ((saved: boolean) => void)[] = [];

  constructor(private readonly deps: SaveQueueDeps) {
    this.version = deps.version;
  }

  /** The step's part changed: save it once edits pause. */
  change(step: string): void {
    if (this.blocked?.status === 'conflict') return;
    if (!this.hasPartsJob(step)) this.jobs.push({ kind: 'draft', step, parts: true });
    // A new edit is the retry of a refused one (and may be small enough now).
    this.blocked = undefined;
    this.due = this.waiters.length > 0 || this.jobs.some((j) => j.kind === 'task' || !j.parts);
    this.cancelTimer?.();
    this.cancelTimer = this.deps.schedule(() => {
      this.cancelTimer = undefined;
      this.due = true;
      this.pump();
    }, this.deps.debounceMs);
    this.pump();
  }

  /** The person is now on `step` (where the wizard resumes after a reload). */
  move(step: string): void {
    if (this.blocked?.status === 'conflict') return;
    const last = this.jobs.at(-1);
    if (last?.kind === 'draft' && !last.parts) last.step = step;
    else if (!(last?.kind === 'draft' && last.step === step)) this.jobs.push({ kind: 'draft', step, parts: false });
    this.due = true;
    this.pump();
  }

  /** Sends everything queued now; true once all of it is saved, false if a save is refused. */
  flush(): Promise<boolean> {
    if (this.blocked?.status === 'conflict') return Promise.resolve(false);
    if (this.idle()) return Promise.resolve(true);
    this.blocked = undefined;
    this.due = true;
    const done = new Promise<boolean>((resolve) => this.waiters.push(resolve));
    this.pump();
    return done;
  }

  /** Runs `run` with the current version once what is queued before it is saved. */
  exclusive<T>(run: (version: number) => Promise<TaskResult<T>>): Promise<T | typeof CONFLICT> {
    if (this.blocked?.status === 'conflict') return Promise.resolve(CONFLICT);
    return new Promise<T | typeof CONFLICT>((settle, fail) => {
      this.jobs.push({ kind: 'task', run, settle: settle as (value: unknown) => void, fail });
      this.blocked = undefined;
      this.due = true;
      this.pump();
    });
  }

  /** Something is waiting to be saved or being saved. */
  hasUnsaved(): boolean {
    return !this.idle();
  }

  /** Edited values are not all on the server yet (a step move alone changes no value). */
  hasUnsavedValues(): boolean {
    return this.sendingParts || this.jobs.some((j) => j.kind === 'draft' && j.parts);
  }

  private hasPartsJob(step: string): boolean {
    return this.jobs.some((j) => j.kind === 'draft' && j.parts && j.step === step);
  }

  private idle(): boolean {
    return this.jobs.length === 0 && !this.busy;
  }

  private state(): QueueState {
    if (this.blocked) return { status: this.blocked.status, message: this.blocked.message };
    if (this.busy) return { status: 'saving' };
    return { status: this.jobs.length > 0 ? 'pending' : 'saved' };
  }

  private settleWaiters(saved: boolean): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const resolve of waiters) resolve(saved);
  }

  /** Stops at a refused save; tasks behind it fail with the same reason rather than wait. */
  private block(status: 'failed' | 'too-large', message: string): void {
    this.blocked = { status, message };
    const tasks = this.jobs.filter((j) => j.kind === 'task');
    this.jobs = this.jobs.filter((j) => j.kind === 'draft');
    for (const task of tasks) task.fail(new Error(message));
    this.settleWaiters(false);
    this.deps.onState(this.state());
  }

  private enterConflict(): void {
    this.blocked = { status: 'conflict' };
    this.cancelTimer?.();
    for (const job of this.jobs) if (job.kind === 'task') job.settle(CONFLICT);
    this.jobs = [];
    this.settleWaiters(false);
    this.deps.onState(this.state());
  }

  private pump(): void {
    if (this.busy || this.blocked) return;
    const job = this.jobs[0];
    if (!job) {
      this.due = false;
      this.settleWaiters(true);
    }
    if (!job || !this.due) return this.deps.onState(this.state());
    if (job.kind === 'task') return void this.runTask(job);
    let parts: string | undefined;
    if (job.parts) {
      parts = this.deps.partsFor(job.step);
      if (parts.length > this.deps.maxChars) return this.block('too-large', tooLargeMessage(parts.length));
    }
    void this.sendDraft(job, parts);
  }

  private async sendDraft(job: Job & { kind: 'draft' }, parts: string | undefined): Promise<void> {
    this.jobs.shift();
    this.busy = true;
    this.sendingParts = job.parts;
    this.deps.onState(this.state());
    const result = await this.deps.sendDraft({ step: job.step, parts, version: this.version }).catch((): DraftSendResult => ({ kind: 'failed', message: UNREACHABLE }));
    this.busy = false;
    this.sendingParts = false;
    if (result.kind === 'conflict') return this.enterConflict();
    if (result.kind === 'failed') {
      // Unless a newer save of the same part is queued: it reads the same latest values.
      if (!(job.parts && this.hasPartsJob(job.step))) this.jobs.unshift(job);
      return this.block('failed', result.message);
    }
    this.version = result.version;
    this.deps.onSaved(job.step, result.errors, !this.hasPartsJob(job.step));
    this.pump();
  }

  private async runTask(job: Job & { kind: 'task' }): Promise<void> {
    this.jobs.shift();
    this.busy = true;
    this.deps.onState(this.state());
    let result: TaskResult<unknown>;
    try {
      result = await job.run(this.version);
    } catch (error) {
      this.busy = false;
      job.fail(error);
      return this.pump();
    }
    this.busy = false;
    if (result.kind === 'conflict') {
      job.settle(CONFLICT);
      return this.enterConflict();
    }
    if (result.version !== undefined) this.version = result.version;
    job.settle(result.value);
    this.pump();
  }
}
