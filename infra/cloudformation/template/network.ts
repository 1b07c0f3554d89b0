// The network. A new VPC gets a public and a private subnet in each of two zones: the public
// ones hold only the NAT gateway (one, to keep the cost of a pipeline down; a zone outage stops
// outbound traffic from the other zone until it is back), everything else runs in the private
// ones. An existing VPC comes in as parameters and the stack creates no network at all.
//
// Two template shapes rather than Conditions: the kind is fixed when a pipeline is first
// deployed (switching would replace every resource that lives in the network), so each shape
// stays minimal and reviewable, and the parameters of one never show in the other.
import { PARAM } from './parameters';
import { availabilityZones, cidr, getAtt, ref, select } from './fn';
import type { NetworkRefs, Resources, TemplateValue } from './types';

/** Subnets no larger than this, however large the VPC: room is left for later subnets. */
const LARGEST_SUBNET_PREFIX = 20;
/** The smallest VPC that fits four subnets an ALB accepts (/26 each; ALB needs at least /27). */
const SMALLEST_VPC_PREFIX = 24;

function parseCidr(block: string): { address: number; prefix: number } {
  const match = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(block);
  const octets = match?.slice(1, 5).map(Number) ?? [];
  const prefix = Number(match?.[5]);
  if (!match || octets.some((o) => o > 255) || prefix > 32) throw new RangeError(`Not an IPv4 CIDR block: ${block}`);
  return { address: octets.reduce((n, o) => n * 256 + o, 0), prefix };
}

/** Host bits of each of the four subnets carved from the VPC block. */
export function subnetHostBits(vpcCidr: string): number {
  const { address, prefix } = parseCidr(vpcCidr);
  if (prefix < 16 || prefix > SMALLEST_VPC_PREFIX) throw new RangeError(`A new VPC needs a /16 to /${SMALLEST_VPC_PREFIX} block, not ${vpcCidr}`);
  if (address % 2 ** (32 - prefix) !== 0) throw new RangeError(`${vpcCidr} has host bits set: use its network address`);
  return 32 - Math.max(prefix + 2, LARGEST_SUBNET_PREFIX);
}

const SUBNETS = [
  { id: 'PublicSubnetA', tier: 'public', zone: 0, block: 0 },
  { id: 'PublicSubnetB', tier: 'public', zone: 1, block: 1 },
  { id: 'PrivateSubnetA', tier: 'private', zone: 0, block: 2 },
  { id: 'PrivateSubnetB', tier: 'private', zone: 1, block: 3 },
] as const;

const nameTag = (value: string): TemplateValue => [{ Key: 'Name', Value: value }];

function newVpc(stackName: string, vpcCidr: string): Resources {
  const hostBits = subnetHostBits(vpcCidr);
  const out: Resources = {
    Vpc: {
      Type: 'AWS::EC2::VPC',
      Properties: { CidrBlock: vpcCidr, EnableDnsSupport: true, EnableDnsHostnames: true, Tags: nameTag(stackName) },
      purpose: 'Network of the pipeline',
    },
    InternetGateway: { Type: 'AWS::EC2::InternetGateway', Properties: { Tags: nameTag(stackName) }, purpose: 'Route to the internet for the public subnets' },
    InternetGatewayAttachment: {
      Type: 'AWS::EC2::VPCGatewayAttachment',
      Properties: { VpcId: ref('Vpc'), InternetGatewayId: ref('InternetGateway') },
      purpose: 'Attaches the internet gateway to the VPC',
    },
  };
  for (const subnet of SUBNETS) {
    out[subnet.id] = {
      Type: 'AWS::EC2::Subnet',
      Properties: {
        VpcId: ref('Vpc'),
        CidrBlock: select(subnet.block, cidr(vpcCidr, SUBNETS.length, hostBits)),
        AvailabilityZone: select(subnet.zone, availabilityZones()),
        MapPublicIpOnLaunch: false,
        Tags: nameTag(`${stackName}-${subnet.tier}-${'ab'[subnet.zone]}`),
      },
      purpose: subnet.tier === 'public' ? `Public subnet in zone ${subnet.zone + 1} (NAT gateway only)` : `Private subnet in zone ${subnet.zone + 1} (Airbyte, Grouparoo, dbt, databases)`,
    };
  }
  for (const tier of ['public', 'private'] as const) {
    const table = tier === 'public' ? 'PublicRouteTable' : 'PrivateRouteTable';
    out[table] = { Type: 'AWS::EC2::RouteTable', Properties: { VpcId: ref('Vpc'), Tags: nameTag(`${stackName}-${tier}`) }, purpose: `Routes of the ${tier} subnets` };
    out[tier === 'public' ? 'PublicDefaultRoute' : 'PrivateDefaultRoute'] = {
      Type: 'AWS::EC2::Route',
      Properties: {
        RouteTableId: ref(table),
        DestinationCidrBlock: '0.0.0.0/0',
        ...(tier === 'public' ? { GatewayId: ref('InternetGateway') } : { NatGatewayId: ref('NatGateway') }),
      },
      ...(tier === 'public' ? { DependsOn: ['InternetGatewayAttachment'] } : {}),
      purpose: tier === 'public' ? 'Public subnets reach the internet directly' : 'Private subnets reach the internet through the NAT gateway',
    };
    for (const subnet of SUBNETS.filter((s) => s.tier === tier)) {
      out[`${subnet.id}RouteTableAssociation`] = {
        Type: 'AWS::EC2::SubnetRouteTableAssociation',
        Properties: { SubnetId: ref(subnet.id), RouteTableId: ref(table) },
        purpose: `Gives ${subnet.id} the ${tier} routes`,
      };
    }
  }
  out.NatGatewayAddress = {
    Type: 'AWS::EC2::EIP',
    Properties: { Domain: 'vpc', Tags: nameTag(`${stackName}-nat`) },
    DependsOn: ['InternetGatewayAttachment'],
    purpose: 'Public address of the NAT gateway (what warehouses and SaaS APIs see)',
  };
  out.NatGateway = {
    Type: 'AWS::EC2::NatGateway',
    Properties: { AllocationId: getAtt('NatGatewayAddress', 'AllocationId'), SubnetId: ref('PublicSubnetA'), Tags: nameTag(stackName) },
    purpose: 'Outbound internet access for the private subnets',
  };
  return out;
}

export function networkResources(stackName: string, network: { kind: 'new'; cidr: string } | { kind: 'existing' }): { resources: Resources; refs: NetworkRefs } {
  if (network.kind === 'existing') {
    const subnets = ref(PARAM.subnetIds);
    return { resources: {}, refs: { vpcId: ref(PARAM.vpcId), privateSubnets: subnets, firstPrivateSubnet: select(0, subnets) } };
  }
  return {
    resources: newVpc(stackName, network.cidr),
    refs: { vpcId: ref('Vpc'), privateSubnets: [ref('PrivateSubnetA'), ref('PrivateSubnetB')], firstPrivateSubnet: ref('PrivateSubnetA') },
  };
}
