// EC2's `Filter.N.Name` / `Filter.N.Value.M` for the instance calls. Values may use EC2's wildcards
// (`*` any run of characters, `?` one character); names within a filter are OR-ed, filters AND-ed.
import type { SandboxInstance } from '../../core/world';
import { AwsError } from '../protocol';

export interface Filter {
  name: string;
  values: string[];
}

type Nested = string | Nested[] | { [key: string]: Nested };

/** `nestParams(params).Filter` → filters, rejecting ones without a name or values as EC2 does. */
export function readFilters(nested: Nested | undefined): Filter[] {
  if (nested === undefined) return [];
  if (!Array.isArray(nested)) throw new AwsError('InvalidParameterValue', 'The filter list is malformed.');
  return nested.map((entry) => {
    const name = typeof entry === 'object' && !Array.isArray(entry) ? entry.Name : undefined;
    const values = typeof entry === 'object' && !Array.isArray(entry) ? entry.Value : undefined;
    if (typeof name !== 'string' || name === '') throw new AwsError('InvalidParameterValue', 'The filter \'null\' is invalid');
    if (!Array.isArray(values) || values.length === 0 || !values.every((v): v is string => typeof v === 'string')) {
      throw new AwsError('InvalidParameterValue', `The filter '${name}' must have at least one value.`);
    }
    return { name, values };
  });
}

function wildcard(pattern: string): RegExp {
  const body = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${body}$`, 's');
}

export const STATE_CODES: Record<SandboxInstance['state'], number> = {
  pending: 0,
  running: 16,
  'shutting-down': 32,
  terminated: 48,
  stopping: 64,
  stopped: 80,
};

type Reader = (instance: SandboxInstance, availabilityZone: string) => (string | undefined)[];

/** What each filter name reads from an instance (plus `tag:<Key>`). */
const FIELDS: Record<string, Reader> = {
  'instance-id': (i) => [i.instanceId],
  'instance-state-name': (i) => [i.state],
  'instance-state-code': (i) => [String(STATE_CODES[i.state])],
  'instance-type': (i) => [i.instanceType],
  'image-id': (i) => [i.imageId],
  'monitoring-state': (i) => [i.monitoring],
  'private-ip-address': (i) => [i.privateIpAddress],
  'subnet-id': (i) => [i.subnetId],
  'vpc-id': (i) => [i.vpcId],
  'availability-zone': (_i, zone) => [zone],
  'tag-key': (i) => Object.keys(i.tags),
  'tag-value': (i) => Object.values(i.tags),
};

function reader(name: string): Reader | undefined {
  if (name.startsWith('tag:')) return (i) => [i.tags[name.slice(4)]];
  return Object.hasOwn(FIELDS, name) ? FIELDS[name] : undefined;
}

/**
 * Rejects filter names the call does not know, as EC2 does, even when no instance would be tested.
 * `only` narrows the instance fields a call filters on; `extra` are the call's own filters
 * (e.g. DescribeInstanceStatus's `instance-status.status`).
 */
export function checkFilterNames(filters: Filter[], options: { only?: string[]; extra?: string[] } = {}): void {
  for (const { name } of filters) {
    const known = options.extra?.includes(name) || (reader(name) !== undefined && (!options.only || options.only.includes(name)));
    if (!known) throw new AwsError('InvalidParameterValue', `The filter '${name}' is invalid`);
  }
}

export function matchesFilters(instance: SandboxInstance, filters: Filter[], availabilityZone: string, extra: Record<string, string[]> = {}): boolean {
  return filters.every((filter) => {
    const have = extra[filter.name] ?? reader(filter.name)?.(instance, availabilityZone) ?? [];
    const patterns = filter.values.map(wildcard);
    return have.some((value) => value !== undefined && patterns.some((p) => p.test(value)));
  });
}
