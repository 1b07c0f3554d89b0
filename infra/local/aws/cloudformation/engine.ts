// The simulated CloudFormation back end shared by the actions: stacks and change sets, the
// failure rules, simulated time, and the operations running in the background.
import type { SandboxWorld } from '../../core/world';
import { FailureRules, type FailureRule } from './failures';
import type { Stack } from './model';
import { startOperation, type EngineEnv, type Operation } from './operation';
import { launch } from './stack-ops';
import { StackStore, type StoreSnapshot } from './store';
import { Timeline } from './timeline';

export interface EngineOptions {
  /** 1 = believable AWS durations; tests use a small fraction. */
  timeScale?: number;
  accountId?: string;
  region?: string;
  /** Called after every change worth saving (stacks, events, change sets, rules). */
  onChange?: () => void;
}

/** What a restarted stand-in needs: the store, and the failure rules and stalls a tester set. */
export interface EngineSnapshot extends StoreSnapshot {
  failures: FailureRule[];
  stalled: string[];
}

export class CloudFormationEngine {
  readonly env: EngineEnv;
  private active = 0;

  constructor(world: SandboxWorld, options: EngineOptions = {}) {
    this.env = {
      world,
      timeline: new Timeline(options.timeScale ?? 1),
      failures: new FailureRules(),
      store: new StackStore(),
      region: options.region ?? 'us-east-1',
      accountId: options.accountId ?? '123456789012',
      changed: options.onChange ?? (() => undefined),
    };
  }

  snapshot(): EngineSnapshot {
    return { ...this.env.store.snapshot(), failures: this.env.failures.list(), stalled: this.env.timeline.stalledNames() };
  }

  /** Takes over saved state; operations under way are resumed separately (resume.ts). */
  restore(saved: EngineSnapshot): void {
    this.env.store.restore(saved);
    for (const rule of saved.failures) this.env.failures.add(rule);
    for (const name of saved.stalled) this.env.timeline.stall(name);
  }

  get store(): StackStore {
    return this.env.store;
  }

  /** An operation on a stack; record its first event at once, then `run` the rest. */
  begin(stack: Stack, token?: string): Operation {
    return startOperation(this.env, stack, token);
  }

  run(op: Operation, flow: (op: Operation) => Promise<void>, onSettled?: (stack: Stack) => void): void {
    this.active += 1;
    launch(
      op,
      () => flow(op),
      () => {
        this.active -= 1;
        // An operation cut short by close() has not ended: a restarted stand-in resumes it.
        if (!this.env.timeline.closed) onSettled?.(op.stack);
      },
    );
  }

  /** Operations still running (0 once every stack has settled). */
  activeOperations(): number {
    return this.active;
  }

  /** Stops every operation and timer; the stand-in answers nothing new after this. */
  close(): void {
    this.env.timeline.close();
  }
}
