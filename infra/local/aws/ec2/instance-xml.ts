// How DescribeInstances and DescribeInstanceStatus present a sandbox instance: the elements and
// nesting EC2 answers with (`reservationSet/item/instancesSet/item`, `instanceState/code+name`,
// `tagSet/item/key+value`), with the details CloudFormation does not record derived stably from
// the instance id, so repeated calls agree.
import { createHash } from 'node:crypto';
import type { InstanceState, SandboxInstance } from '../../core/world';
import { STATE_CODES } from './filters';

function hex(seed: string, length: number): string {
  return createHash('sha256').update(seed).digest('hex').slice(0, length);
}

export function availabilityZoneOf(instance: SandboxInstance, region: string): string {
  const letter = 'abc'[parseInt(hex(instance.subnetId ?? instance.instanceId, 2), 16) % 3];
  return `${region}${letter}`;
}

export function stateXml(state: InstanceState) {
  return { code: STATE_CODES[state], name: state };
}

function privateDnsName(instance: SandboxInstance, region: string): string {
  const host = `ip-${instance.privateIpAddress.replace(/\./g, '-')}`;
  return region === 'us-east-1' ? `${host}.ec2.internal` : `${host}.${region}.compute.internal`;
}

/** Why a stopped or terminated instance is so, in EC2's words. */
function stopReason(instance: SandboxInstance) {
  if (instance.state !== 'stopped' && instance.state !== 'terminated' && instance.state !== 'stopping' && instance.state !== 'shutting-down') {
    return { reason: '', stateReason: undefined };
  }
  const at = new Date(instance.stateChangedAt).toISOString().replace('T', ' ').replace(/\.\d+Z$/, ' GMT');
  return {
    reason: `User initiated (${at})`,
    stateReason: { code: 'Client.UserInitiatedShutdown', message: 'Client.UserInitiatedShutdown: User initiated shutdown' },
  };
}

export function instanceXml(instance: SandboxInstance, region: string) {
  const zone = availabilityZoneOf(instance, region);
  const { reason, stateReason } = stopReason(instance);
  const dns = instance.state === 'terminated' ? '' : privateDnsName(instance, region);
  return {
    instanceId: instance.instanceId,
    imageId: instance.imageId,
    instanceState: stateXml(instance.state),
    privateDnsName: dns,
    dnsName: '',
    reason,
    amiLaunchIndex: 0,
    productCodes: [],
    instanceType: instance.instanceType,
    launchTime: new Date(instance.launchTime),
    placement: { availabilityZone: zone, groupName: '', tenancy: 'default' },
    monitoring: { state: instance.monitoring },
    subnetId: instance.state === 'terminated' ? undefined : instance.subnetId,
    vpcId: instance.state === 'terminated' ? undefined : instance.vpcId,
    privateIpAddress: instance.state === 'terminated' ? undefined : instance.privateIpAddress,
    sourceDestCheck: true,
    groupSet: [],
    stateReason,
    architecture: 'x86_64',
    rootDeviceType: 'ebs',
    rootDeviceName: '/dev/xvda',
    blockDeviceMapping: [],
    virtualizationType: 'hvm',
    clientToken: instance.logicalId ? `${instance.logicalId}-${hex(`token:${instance.instanceId}`, 12)}` : '',
    tagSet: Object.entries(instance.tags).map(([key, value]) => ({ key, value })),
    hypervisor: 'xen',
    networkInterfaceSet: [],
    ebsOptimized: false,
    enaSupport: true,
    cpuOptions: { coreCount: 1, threadsPerCore: 2 },
    metadataOptions: { state: 'applied', httpTokens: 'required', httpPutResponseHopLimit: 2, httpEndpoint: 'enabled' },
    bootMode: 'uefi-preferred',
    platformDetails: 'Linux/UNIX',
    currentInstanceBootMode: 'legacy-bios',
  };
}

export function reservationXml(instance: SandboxInstance, region: string, ownerId: string) {
  return {
    reservationId: `r-${hex(`reservation:${instance.instanceId}`, 17)}`,
    ownerId,
    groupSet: [],
    instancesSet: [instanceXml(instance, region)],
  };
}
