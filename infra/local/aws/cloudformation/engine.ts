// The simulated CloudFormation back end shared by the actions: stacks and change sets, the
// failure rules, simulated time, and the operations running in the background.
import type { SandboxWorld } from '../../core/world';
import { FailureRules } from './failures';
import type { Stack } from './model';
import { startOperation, type EngineEnv, type Operation } from './operation';
import { launch } from './stack-ops';
import { StackStore } from './store';
import { Timeline } from './timeline';

export interface EngineOptions {
  /** 1 = believable AWS durations; tests use a small fraction. */
  timeScale?: number;
  accountId?: string;
  region?: string;
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
    };
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
        onSettled?.(op.stack);
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
