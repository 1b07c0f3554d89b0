// Stacks and change sets held in memory, found the ways CloudFormation finds them: a live stack
// by name, any stack (deleted ones too) by its id; change sets by ARN or by name and stack.
import { AwsError } from '../protocol';
import type { ChangeSet, Stack } from './model';

/** Deleted stacks kept for lookups by id; older ones are forgotten (memory stays bounded). */
const MAX_DELETED_STACKS = 200;
/** Events kept per stack; the oldest go first. */
export const MAX_EVENTS_PER_STACK = 10_000;
/** Idempotency tokens remembered; the oldest are forgotten first. */
const MAX_TOKENS = 10_000;
/** Change sets kept; the oldest executed, failed or deleted ones are forgotten first. */
const MAX_CHANGE_SETS = 1_000;

export function stackNotFound(nameOrId: string): AwsError {
  return new AwsError('ValidationError', `Stack with id ${nameOrId} does not exist`);
}

export function changeSetNotFound(name: string): AwsError {
  return new AwsError('ChangeSetNotFound', `ChangeSet [${name}] does not exist`, 404);
}

/** Everything the store holds, for the state file (persistence.ts). */
export interface StoreSnapshot {
  stacks: Map<string, Stack>;
  changeSets: Map<string, ChangeSet>;
  tokens: Map<string, string>;
}

export class StackStore {
  readonly stacks = new Map<string, Stack>();
  readonly changeSets = new Map<string, ChangeSet>();
  /** Idempotency tokens: `<action>|<stack>|<token>` → the id the first request answered with. */
  private readonly tokens = new Map<string, string>();

  snapshot(): StoreSnapshot {
    return { stacks: this.stacks, changeSets: this.changeSets, tokens: this.tokens };
  }

  /** Takes over a saved store (ids, tokens and change sets continue where they were). */
  restore(saved: StoreSnapshot): void {
    for (const [id, stack] of saved.stacks) this.stacks.set(id, stack);
    for (const [id, changeSet] of saved.changeSets) this.changeSets.set(id, changeSet);
    for (const [key, id] of saved.tokens) this.tokens.set(key, id);
  }

  /** The id an earlier request with this token answered with. */
  recalled(key: string | undefined): string | undefined {
    return key === undefined ? undefined : this.tokens.get(key);
  }

  remember(key: string | undefined, id: string): void {
    if (key === undefined) return;
    this.tokens.set(key, id);
    if (this.tokens.size > MAX_TOKENS) this.tokens.delete(this.tokens.keys().next().value as string);
  }

  addChangeSet(changeSet: ChangeSet): void {
    this.changeSets.set(changeSet.id, changeSet);
    if (this.changeSets.size <= MAX_CHANGE_SETS) return;
    const done = [...this.changeSets.values()].filter((cs) => cs.status === 'DELETE_COMPLETE' || cs.status === 'FAILED' || cs.executionStatus === 'EXECUTE_COMPLETE' || cs.executionStatus === 'EXECUTE_FAILED');
    for (const cs of done.slice(0, this.changeSets.size - MAX_CHANGE_SETS)) this.changeSets.delete(cs.id);
  }

  add(stack: Stack): void {
    this.stacks.set(stack.stackId, stack);
  }

  /** The stack (not deleted) with this name. */
  live(name: string): Stack | undefined {
    for (const stack of this.stacks.values()) if (stack.name === name && stack.status !== 'DELETE_COMPLETE') return stack;
    return undefined;
  }

  /** By stack id (deleted stacks too) or by the name of a live stack. */
  find(nameOrId: string): Stack | undefined {
    return nameOrId.startsWith('arn:') ? this.stacks.get(nameOrId) : this.live(nameOrId);
  }

  require(nameOrId: string): Stack {
    const stack = this.find(nameOrId);
    if (!stack) throw stackNotFound(nameOrId);
    return stack;
  }

  /** Stacks in creation order. */
  all(): Stack[] {
    return [...this.stacks.values()];
  }

  /** Forgets the oldest deleted stacks beyond the bound, with their change sets. */
  prune(): void {
    const deleted = this.all().filter((s) => s.status === 'DELETE_COMPLETE');
    for (const stack of deleted.slice(0, Math.max(0, deleted.length - MAX_DELETED_STACKS))) {
      this.stacks.delete(stack.stackId);
      for (const [id, cs] of this.changeSets) if (cs.stackId === stack.stackId) this.changeSets.delete(id);
    }
  }

  /** Values exported by live stacks (Outputs with Export.Name). */
  exportValue(name: string): string | undefined {
    for (const stack of this.stacks.values()) {
      if (stack.status === 'DELETE_COMPLETE') continue;
      const found = stack.outputs.find((o) => o.exportName === name);
      if (found) return found.value;
    }
    return undefined;
  }

  changeSetsOf(stackId: string): ChangeSet[] {
    return [...this.changeSets.values()].filter((cs) => cs.stackId === stackId && cs.status !== 'DELETE_COMPLETE');
  }

  /** By change set ARN, or by name within a stack. */
  requireChangeSet(nameOrArn: string, stackNameOrId?: string): ChangeSet {
    if (nameOrArn.startsWith('arn:')) {
      const found = this.changeSets.get(nameOrArn);
      if (!found || found.status === 'DELETE_COMPLETE') throw changeSetNotFound(nameOrArn);
      return found;
    }
    if (!stackNameOrId) throw new AwsError('ValidationError', 'StackName must be specified if ChangeSetName is not specified as an ARN.');
    const stack = this.find(stackNameOrId);
    const found = stack && this.changeSetsOf(stack.stackId).find((cs) => cs.name === nameOrArn);
    if (!found) throw changeSetNotFound(nameOrArn);
    return found;
  }
}
