// Instance id checks shared by the EC2 calls that name instances: EC2 rejects a malformed id before
// looking anything up, and names every missing id in one error.
import type { SandboxInstance } from '../../core/world';
import { AwsError } from '../protocol';

const INSTANCE_ID = /^i-(?:[0-9a-f]{8}|[0-9a-f]{17})$/;

/** `InstanceId.1`, `InstanceId.2`, … in order (the SDK numbers them from 1). */
export function instanceIdParams(nested: unknown): string[] {
  if (nested === undefined) return [];
  if (!Array.isArray(nested) || !nested.every((v): v is string => typeof v === 'string')) {
    throw new AwsError('InvalidParameterValue', 'The parameter InstanceId is malformed.');
  }
  return nested;
}

/** The instances named, in the order asked; `visible` are the instances the account can see. */
export function findInstances(ids: string[], visible: Map<string, SandboxInstance>): SandboxInstance[] {
  // An id the world holds is never malformed, whatever shape its creator gave it.
  const malformed = ids.find((id) => !INSTANCE_ID.test(id) && !visible.has(id));
  if (malformed !== undefined) throw new AwsError('InvalidInstanceID.Malformed', `Invalid id: "${malformed}"`);
  const missing = ids.filter((id) => !visible.has(id));
  if (missing.length === 1) throw new AwsError('InvalidInstanceID.NotFound', `The instance ID '${missing[0]}' does not exist`);
  if (missing.length > 1) throw new AwsError('InvalidInstanceID.NotFound', `The instance IDs '${missing.join(', ')}' do not exist`);
  return [...new Set(ids)].map((id) => visible.get(id) as SandboxInstance);
}
