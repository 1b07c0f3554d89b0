// The instances EC2 shows: those in the sandbox world, minus terminated ones older than an hour
// (EC2 forgets them then), with the state changes StopInstances/StartInstances started settling on
// the world's clock: stopping → stopped and pending → running after a believable while (scaled by
// timeScale), applied when someone looks, so a fake clock drives them in tests.
import type { InstanceState, SandboxInstance, SandboxWorld } from '../../core/world';
import { AwsError } from '../protocol';

const TERMINATED_VISIBLE_MS = 3600_000;
/** Seconds a stop or a start takes at timeScale 1. */
const STOP_SECONDS = 40;
const START_SECONDS = 20;

export interface Transition {
  to: InstanceState;
  at: number;
}

export interface StateChange {
  instanceId: string;
  currentState: InstanceState;
  previousState: InstanceState;
}

export class Fleet {
  private readonly transitions = new Map<string, Transition>();

  constructor(
    private readonly world: SandboxWorld,
    private readonly timeScale: number,
  ) {}

  /** Stops and starts under way (they settle on the clock, so a restarted stand-in needs only these). */
  snapshot(): Map<string, Transition> {
    return this.transitions;
  }

  restore(saved: Map<string, Transition>): void {
    for (const [id, transition] of saved) this.transitions.set(id, transition);
  }

  /** Visible instances by id, ordered by launch time then id (EC2's listing order is stable too). */
  visible(): Map<string, SandboxInstance> {
    this.settle();
    const now = this.world.now();
    const shown = [...this.world.instances.values()]
      .filter((i) => !(i.state === 'terminated' && now - i.stateChangedAt > TERMINATED_VISIBLE_MS))
      .sort((a, b) => a.launchTime - b.launchTime || a.instanceId.localeCompare(b.instanceId));
    return new Map(shown.map((i) => [i.instanceId, i]));
  }

  private settle(): void {
    const now = this.world.now();
    for (const [id, transition] of this.transitions) {
      if (transition.at > now) continue;
      this.transitions.delete(id);
      const instance = this.world.instances.get(id);
      // Someone else (a stack deletion) may have moved it on meanwhile; only finish our own change.
      if (!instance || (instance.state !== 'stopping' && instance.state !== 'pending')) continue;
      this.world.setInstanceState(id, transition.to);
      instance.stateChangedAt = transition.at;
    }
  }

  private change(instance: SandboxInstance, through: InstanceState, to: InstanceState, seconds: number): StateChange {
    const previousState = instance.state;
    this.world.setInstanceState(instance.instanceId, through);
    this.transitions.set(instance.instanceId, { to, at: this.world.now() + seconds * 1000 * this.timeScale });
    return { instanceId: instance.instanceId, previousState, currentState: through };
  }

  stop(instances: SandboxInstance[]): StateChange[] {
    const refused = instances.find((i) => i.state === 'terminated' || i.state === 'shutting-down');
    if (refused) throw new AwsError('IncorrectInstanceState', `This instance '${refused.instanceId}' is not in a state from which it can be stopped.`);
    return instances.map((i) =>
      i.state === 'stopped' || i.state === 'stopping'
        ? { instanceId: i.instanceId, previousState: i.state, currentState: i.state }
        : this.change(i, 'stopping', 'stopped', STOP_SECONDS),
    );
  }

  start(instances: SandboxInstance[]): StateChange[] {
    const refused = instances.find((i) => i.state !== 'stopped' && i.state !== 'running' && i.state !== 'pending');
    if (refused) throw new AwsError('IncorrectInstanceState', `The instance '${refused.instanceId}' is not in a state from which it can be started.`);
    return instances.map((i) =>
      i.state === 'stopped' ? this.change(i, 'pending', 'running', START_SECONDS) : { instanceId: i.instanceId, previousState: i.state, currentState: i.state },
    );
  }

  /** Resizing, as EC2 allows it: only while the instance is stopped. */
  setInstanceType(instance: SandboxInstance, instanceType: string): void {
    if (!/^[a-z][a-z0-9-]*\.[a-z0-9]+$/.test(instanceType)) {
      throw new AwsError('InvalidParameterValue', `Value (${instanceType}) for parameter instanceType is invalid. Unknown value.`);
    }
    if (instance.state !== 'stopped') throw new AwsError('IncorrectInstanceState', `The instance '${instance.instanceId}' is not in the 'stopped' state.`);
    instance.instanceType = instanceType;
  }
}
