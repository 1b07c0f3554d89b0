// Keeps the shared sandbox world in step with the EC2 instances stacks create, so the EC2 and
// CloudWatch stand-ins can answer for them: pending while CloudFormation creates an instance,
// running once CREATE_COMPLETE, stopped and started again for an in-place type change, shutting
// down and terminated as it is deleted.
import type { InstanceState } from '../../core/world';
import type { StackResource } from './model';
import type { Operation } from './operation';

const INSTANCE = 'AWS::EC2::Instance';

function tagsOf(op: Operation, resource: StackResource): Record<string, string> {
  const tags: Record<string, string> = {};
  const given = resource.properties.Tags;
  if (Array.isArray(given)) {
    for (const tag of given) {
      if (tag && typeof tag === 'object' && 'Key' in tag) tags[String(tag.Key)] = String((tag as { Value?: unknown }).Value ?? '');
    }
  }
  tags['aws:cloudformation:stack-name'] = op.stack.name;
  tags['aws:cloudformation:stack-id'] = op.stack.stackId;
  tags['aws:cloudformation:logical-id'] = resource.logicalId;
  return tags;
}

function describe(op: Operation, resource: StackResource) {
  const p = resource.properties;
  return {
    instanceType: typeof p.InstanceType === 'string' ? p.InstanceType : 'm1.small',
    monitoring: String(p.Monitoring) === 'true' ? ('enabled' as const) : ('disabled' as const),
    tags: tagsOf(op, resource),
  };
}

/** A stack's instance was launched (pending) under this resource's physical id. */
export function instanceLaunched(op: Operation, resource: StackResource): void {
  if (resource.type !== INSTANCE || !resource.physicalId) return;
  const now = op.env.world.now();
  op.env.world.putInstance({
    instanceId: resource.physicalId,
    imageId: typeof resource.properties.ImageId === 'string' ? resource.properties.ImageId : 'ami-0sandbox',
    stackId: op.stack.stackId,
    logicalId: resource.logicalId,
    subnetId: typeof resource.properties.SubnetId === 'string' ? resource.properties.SubnetId : undefined,
    vpcId: typeof resource.attributes.VpcId === 'string' ? resource.attributes.VpcId : undefined,
    privateIpAddress: String(resource.attributes.PrivateIp ?? '10.0.0.10'),
    launchTime: now,
    state: 'pending',
    stateChangedAt: now,
    ...describe(op, resource),
  });
}

export function instanceState(op: Operation, resource: StackResource, state: InstanceState, physicalId = resource.physicalId): void {
  if (resource.type !== INSTANCE || !physicalId) return;
  op.env.world.setInstanceState(physicalId, state);
}

/** After an in-place update: the new type, monitoring and tags. */
export function instanceUpdated(op: Operation, resource: StackResource): void {
  if (resource.type !== INSTANCE || !resource.physicalId) return;
  const found = op.env.world.instances.get(resource.physicalId);
  if (found) Object.assign(found, describe(op, resource));
}
