// What the stand-ins share when they run together as the sandbox: the EC2 instances that
// CloudFormation stacks created (so EC2 and CloudWatch can answer for them), and the work that
// runs on them (so CloudWatch's CPUUtilization rises while an Airbyte sync or a dbt task runs),
// on one clock that tests may replace.

/** EC2's instance states, as DescribeInstances reports them. */
export type InstanceState = 'pending' | 'running' | 'shutting-down' | 'terminated' | 'stopping' | 'stopped';

export interface SandboxInstance {
  instanceId: string;
  instanceType: string;
  imageId: string;
  /** The stack and logical id that created it (for CloudFormation resource listings). */
  stackId?: string;
  logicalId?: string;
  subnetId?: string;
  vpcId?: string;
  privateIpAddress: string;
  /** `enabled` = detailed monitoring (1-minute CPU points); `disabled` = basic (5-minute). */
  monitoring: 'enabled' | 'disabled';
  tags: Record<string, string>;
  launchTime: number;
  state: InstanceState;
  stateChangedAt: number;
}

/** A stretch of work on a host: CPU rises by `load` (0..1 of the host) while it lasts. */
export interface Activity {
  id: number;
  /** What kind of host it runs on: `airbyte` (the Airbyte EC2 instance), `ecs:<cluster>`, or an instance id. */
  host: string;
  label: string;
  load: number;
  start: number;
  end?: number;
}

export interface WorldSnapshot {
  instances: SandboxInstance[];
  activities: Activity[];
  nextActivity: number;
}

export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

export class SandboxWorld {
  readonly instances = new Map<string, SandboxInstance>();
  private activities: Activity[] = [];
  private nextActivity = 1;

  /** Called after each change (the sandbox saves the world's state file from it). */
  onChange: () => void = () => undefined;

  constructor(readonly clock: Clock = systemClock) {}

  now(): number {
    return this.clock.now();
  }

  putInstance(instance: SandboxInstance): void {
    this.instances.set(instance.instanceId, instance);
    this.onChange();
  }

  setInstanceState(instanceId: string, state: InstanceState): void {
    const found = this.instances.get(instanceId);
    if (found && found.state !== state) {
      found.state = state;
      found.stateChangedAt = this.now();
      this.onChange();
    }
  }

  /** Starts a stretch of work; call the returned function when it ends. */
  beginActivity(host: string, label: string, load: number): () => void {
    const activity: Activity = { id: this.nextActivity++, host, label, load: Math.min(1, Math.max(0, load)), start: this.now() };
    this.activities.push(activity);
    // Keep a week of history at most; older work cannot show in any CloudWatch window we serve.
    const horizon = this.now() - 7 * 24 * 3600_000;
    this.activities = this.activities.filter((a) => a.end === undefined || a.end > horizon);
    this.onChange();
    return () => {
      if (activity.end === undefined) {
        activity.end = this.now();
        this.onChange();
      }
    };
  }

  /** Everything to persist (core/state-file.ts): instances and the work history CPU is drawn from. */
  snapshot(): WorldSnapshot {
    return { instances: [...this.instances.values()], activities: this.activities, nextActivity: this.nextActivity };
  }

  /**
   * Restores a snapshot. Work that was still running when the sandbox stopped ends at the moment
   * it stopped (`stoppedAt`): nothing ran on those hosts while the sandbox was down.
   */
  restore(snapshot: WorldSnapshot, stoppedAt: number): void {
    for (const instance of snapshot.instances) this.instances.set(instance.instanceId, instance);
    this.activities = snapshot.activities.map((a) => (a.end === undefined ? { ...a, end: stoppedAt } : a));
    this.nextActivity = Math.max(this.nextActivity, snapshot.nextActivity);
  }

  /** Work that overlapped [from, to) on a host. */
  activitiesOn(host: string, from: number, to: number): Activity[] {
    return this.activities.filter((a) => a.host === host && a.start < to && (a.end ?? Infinity) > from);
  }
}
