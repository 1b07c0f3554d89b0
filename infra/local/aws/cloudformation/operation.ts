// One stack operation under way (create, update, delete, rollback) and how it writes events:
// every event carries the operation's ClientRequestToken, timestamps never go backwards (and
// never repeat, so resource EventIds stay unique), and, while the stack is stalled, the next
// event waits until the stall is released. The events are also the operation's progress record:
// a stand-in restarted mid-operation reads a resource's last event of the current phase
// (`lastStep`) to carry on from there, so nothing is created or reported twice.
import { randomUUID } from 'node:crypto';
import type { SandboxWorld } from '../../core/world';
import type { FailureRules } from './failures';
import type { ResourceStatus, Stack, StackEvent, StackResource, StackStatus } from './model';
import { MAX_EVENTS_PER_STACK, type StackStore } from './store';
import type { Timeline } from './timeline';

export interface EngineEnv {
  world: SandboxWorld;
  timeline: Timeline;
  failures: FailureRules;
  store: StackStore;
  region: string;
  accountId: string;
  /** Called after every change worth saving (the state file, when there is one). */
  changed: () => void;
}

export interface Operation {
  env: EngineEnv;
  stack: Stack;
  token?: string;
  /** Aborted when a resource fails: resources still in progress are cancelled. */
  abort: AbortController;
}

export function startOperation(env: EngineEnv, stack: Stack, token?: string): Operation {
  stack.lastToken = token;
  return { env, stack, token, abort: new AbortController() };
}

function nextTimestamp(stack: Stack, now: number): number {
  const last = stack.events[stack.events.length - 1]?.timestamp ?? 0;
  return Math.max(now, last + 1);
}

function push(stack: Stack, event: Omit<StackEvent, 'eventId' | 'timestamp'>, now: number): StackEvent {
  const timestamp = nextTimestamp(stack, now);
  const eventId = event.logicalResourceId === stack.name && event.resourceType === 'AWS::CloudFormation::Stack' ? randomUUID() : `${event.logicalResourceId}-${event.resourceStatus}-${new Date(timestamp).toISOString()}`;
  const full: StackEvent = { eventId, timestamp, ...event };
  stack.events.push(full);
  if (stack.events.length > MAX_EVENTS_PER_STACK) stack.events.splice(0, stack.events.length - MAX_EVENTS_PER_STACK);
  return full;
}

const STACK_TYPE = 'AWS::CloudFormation::Stack';

function isStackStatusEvent(stack: Stack, event: StackEvent): boolean {
  return event.resourceType === STACK_TYPE && event.physicalResourceId === stack.stackId;
}

/** Records a stack status change now, without waiting (the start of an operation, answered by the API call). */
export function recordStackStatus(op: Operation, status: StackStatus, reason?: string): void {
  const { stack } = op;
  const now = op.env.world.now();
  stack.status = status;
  stack.statusReason = reason;
  // A new phase draws its own failures.
  stack.failureDraws = undefined;
  if (status === 'DELETE_COMPLETE') stack.deletionTime = now;
  push(stack, { logicalResourceId: stack.name, physicalResourceId: stack.stackId, resourceType: STACK_TYPE, resourceStatus: status, resourceStatusReason: reason, clientRequestToken: op.token }, now);
  op.env.changed();
}

/**
 * The last event of a resource (of that physical resource, when `physicalId` is given) since the
 * stack's current status began: where a restarted stand-in picks the resource's step up.
 */
export function lastStep(op: Operation, logicalId: string, physicalId?: string): StackEvent | undefined {
  const { events } = op.stack;
  for (let i = events.length - 1; i >= 0; i -= 1) {
    const event = events[i] as StackEvent;
    if (isStackStatusEvent(op.stack, event)) return undefined;
    if (event.logicalResourceId === logicalId && (physicalId === undefined || event.physicalResourceId === physicalId)) return event;
  }
  return undefined;
}

/** Waits the rest of `seconds` counted from `since` (an event's time) on the world's clock. */
export function waitSince(op: Operation, seconds: number, since: number, signal?: AbortSignal): Promise<void> {
  return op.env.timeline.waitRest(seconds, op.env.world.now() - since, signal);
}

/** A stack status change, after any stall is released. */
export async function stackEvent(op: Operation, status: StackStatus, reason?: string): Promise<void> {
  await op.env.timeline.gate(op.stack.name);
  recordStackStatus(op, status, reason);
}

/** Properties as events show them: values of NoEcho parameters replaced by `****`. */
function masked(stack: Stack, properties: Record<string, unknown>): string {
  const secrets = stack.parameters.filter((p) => p.noEcho && p.value).map((p) => p.value);
  return JSON.stringify(properties, (_key, value: unknown) => (typeof value === 'string' ? secrets.reduce((text, secret) => text.split(secret).join('****'), value) : value));
}

/** A resource status change, after any stall is released; updates the resource as well. */
export async function resourceEvent(
  op: Operation,
  resource: StackResource,
  status: ResourceStatus,
  options: { reason?: string; properties?: Record<string, unknown>; detailedStatus?: StackEvent['detailedStatus'] } = {},
): Promise<StackEvent> {
  await op.env.timeline.gate(op.stack.name);
  const now = op.env.world.now();
  resource.status = status;
  resource.statusReason = options.reason;
  resource.updatedAt = now;
  const event = push(
    op.stack,
    {
      logicalResourceId: resource.logicalId,
      physicalResourceId: resource.physicalId,
      resourceType: resource.type,
      resourceStatus: status,
      resourceStatusReason: options.reason,
      resourceProperties: options.properties ? masked(op.stack, options.properties) : undefined,
      clientRequestToken: op.token,
      detailedStatus: options.detailedStatus,
    },
    now,
  );
  op.env.changed();
  return event;
}
