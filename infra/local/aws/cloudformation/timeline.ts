// Simulated time for the stand-in: waits in believable seconds, scaled by `timeScale` (1 = as
// long as AWS takes, 0.001 = a thousand times faster for tests), and the stall switch that holds
// a stack's next event until it is released (for stall-alert tests).
//
// Timers are unref'd, so a forgotten stand-in never keeps a process alive, and `close()` clears
// every timer and ends every wait at once (with `Closed`), so nothing runs after the server stops.

export class Closed extends Error {
  override name = 'Closed';
  constructor() {
    super('the CloudFormation stand-in was closed');
  }
}

interface Waiter {
  timer?: NodeJS.Timeout;
  settle: (error?: Error) => void;
}

export class Timeline {
  private readonly waiters = new Set<Waiter>();
  private readonly stalled = new Set<string>();
  private readonly gates = new Map<string, Set<Waiter>>();
  private closedFlag = false;

  constructor(readonly timeScale: number) {}

  get closed(): boolean {
    return this.closedFlag;
  }

  /** Resolves after `seconds` of simulated time, early when `signal` aborts; rejects with Closed on close. */
  wait(seconds: number, signal?: AbortSignal): Promise<void> {
    if (this.closedFlag) return Promise.reject(new Closed());
    if (signal?.aborted) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      const waiter: Waiter = {
        settle: (error) => {
          if (waiter.timer) clearTimeout(waiter.timer);
          this.waiters.delete(waiter);
          signal?.removeEventListener('abort', onAbort);
          if (error) reject(error);
          else resolve();
        },
      };
      const onAbort = () => waiter.settle();
      waiter.timer = setTimeout(() => waiter.settle(), Math.max(0, seconds * 1000 * this.timeScale));
      waiter.timer.unref();
      signal?.addEventListener('abort', onAbort, { once: true });
      this.waiters.add(waiter);
    });
  }

  /**
   * What is left of a wait of `seconds` that began `elapsedMs` ago on the world's clock: a stand-in
   * restarted mid-operation waits only the rest, as if it had kept running while it was down.
   */
  waitRest(seconds: number, elapsedMs: number, signal?: AbortSignal): Promise<void> {
    const elapsedSeconds = this.timeScale > 0 ? Math.max(0, elapsedMs) / (1000 * this.timeScale) : Infinity;
    return this.wait(Math.max(0, seconds - elapsedSeconds), signal);
  }

  /** Holds a stack's events (`*` = every stack) until `release`. */
  stall(stackName: string): void {
    this.stalled.add(stackName);
  }

  release(stackName?: string): void {
    if (stackName === undefined) this.stalled.clear();
    else this.stalled.delete(stackName);
    for (const [name, waiting] of this.gates) {
      if (this.isStalled(name)) continue;
      for (const w of waiting) w.settle();
      this.gates.delete(name);
    }
  }

  stalledNames(): string[] {
    return [...this.stalled];
  }

  isStalled(stackName: string): boolean {
    return this.stalled.has(stackName) || this.stalled.has('*');
  }

  /** Resolves when the stack may emit its next event. */
  gate(stackName: string): Promise<void> {
    if (this.closedFlag) return Promise.reject(new Closed());
    if (!this.isStalled(stackName)) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      const waiting = this.gates.get(stackName) ?? new Set<Waiter>();
      const waiter: Waiter = {
        settle: (error) => {
          waiting.delete(waiter);
          this.waiters.delete(waiter);
          if (error) reject(error);
          else resolve();
        },
      };
      waiting.add(waiter);
      this.gates.set(stackName, waiting);
      this.waiters.add(waiter);
    });
  }

  /** Ends every wait and gate; later waits reject at once. */
  close(): void {
    this.closedFlag = true;
    for (const waiter of [...this.waiters]) waiter.settle(new Closed());
    this.gates.clear();
  }

  /** How many waits are pending (0 once every stack has settled). */
  pending(): number {
    return this.waiters.size;
  }
}
