// How each resource type behaves in the simulation: how long creating and deleting it takes (in
// believable seconds, before the time scale), what its physical id looks like (what Ref returns)
// and which values Fn::GetAtt reads from it. Types not listed get a generated name and a generic
// ARN for every read-only attribute their schema declares.
import { randomUUID } from 'node:crypto';
import { addressIn, digits, ec2Id, generatedName, hex, publicAddress, upperAlnum } from './physical-ids';
import { readOnlyAttributes } from './schemas';

export interface KindContext {
  logicalId: string;
  stackName: string;
  region: string;
  accountId: string;
  properties: Record<string, unknown>;
  /** The CIDR block of a subnet this stack created, by its id. */
  subnetCidr(subnetId: string): string | undefined;
  /** The VPC of a subnet this stack created, by its id. */
  subnetVpc(subnetId: string): string | undefined;
}

export interface Provisioned {
  physicalId: string;
  attributes: Record<string, unknown>;
}

interface Kind {
  /** Seconds to create (and to update in place); deletion takes `deleteSeconds` or half of it. */
  seconds: number;
  deleteSeconds?: number;
  provision(ctx: KindContext): Provisioned;
}

const str = (value: unknown): string | undefined => (typeof value === 'string' || typeof value === 'number' ? String(value) : undefined);

function named(ctx: KindContext, property: string, options?: Parameters<typeof generatedName>[2]): string {
  return str(ctx.properties[property]) ?? generatedName(ctx.stackName, ctx.logicalId, options);
}

function arn(ctx: KindContext, service: string, resource: string, regional = true): string {
  return `arn:aws:${service}:${regional ? ctx.region : ''}:${service === 's3' ? '' : ctx.accountId}:${resource}`;
}

function ec2(prefix: string, seconds: number, idAttribute?: string, extra?: (id: string, ctx: KindContext) => Record<string, unknown>): Kind {
  return {
    seconds,
    provision: (ctx) => {
      const id = ec2Id(prefix);
      return { physicalId: id, attributes: { ...(idAttribute ? { [idAttribute]: id } : {}), ...extra?.(id, ctx) } };
    },
  };
}

function simpleName(seconds: number, property: string, arnOf?: (name: string, ctx: KindContext) => string, options?: Parameters<typeof generatedName>[2]): Kind {
  return {
    seconds,
    provision: (ctx) => {
      const name = named(ctx, property, options);
      return { physicalId: name, attributes: arnOf ? { Arn: arnOf(name, ctx) } : {} };
    },
  };
}

function instance(ctx: KindContext): Provisioned {
  const id = ec2Id('i');
  const subnet = str(ctx.properties.SubnetId);
  const privateIp = str(ctx.properties.PrivateIpAddress) ?? addressIn(subnet ? ctx.subnetCidr(subnet) : undefined);
  const publicIp = publicAddress();
  const zone = str(ctx.properties.AvailabilityZone) ?? `${ctx.region}a`;
  const host = ctx.region === 'us-east-1' ? 'compute-1.amazonaws.com' : `${ctx.region}.compute.amazonaws.com`;
  return {
    physicalId: id,
    attributes: {
      InstanceId: id,
      PrivateIp: privateIp,
      PublicIp: publicIp,
      PrivateDnsName: `ip-${privateIp.replace(/\./g, '-')}.${ctx.region === 'us-east-1' ? 'ec2.internal' : `${ctx.region}.compute.internal`}`,
      PublicDnsName: `ec2-${publicIp.replace(/\./g, '-')}.${host}`,
      AvailabilityZone: zone,
      VpcId: (subnet && ctx.subnetVpc(subnet)) ?? ec2Id('vpc'),
      'State.Name': 'running',
      'State.Code': '16',
    },
  };
}

function dbInstance(ctx: KindContext): Provisioned {
  const id = named(ctx, 'DBInstanceIdentifier', { maxLength: 63, lowercase: true }).toLowerCase();
  const engine = str(ctx.properties.Engine) ?? 'postgres';
  const port = str(ctx.properties.Port) ?? (engine.includes('postgres') ? '5432' : engine.includes('sqlserver') ? '1433' : engine.includes('oracle') ? '1521' : '3306');
  const address = `${id}.c${hex(11)}.${ctx.region}.rds.amazonaws.com`;
  return {
    physicalId: id,
    attributes: {
      'Endpoint.Address': address,
      'Endpoint.Port': port,
      'Endpoint.HostedZoneId': 'Z2R2ITUGPM61AM',
      DBInstanceArn: arn(ctx, 'rds', `db:${id}`),
      DbiResourceId: `db-${upperAlnum(26)}`,
    },
  };
}

function cacheCluster(ctx: KindContext): Provisioned {
  const id = named(ctx, 'ClusterName', { maxLength: 40, lowercase: true, suffixLength: 13 }).toLowerCase();
  const zone = `${hex(6)}.0001.${ctx.region.replace(/^(\w)\w*-(\w)\w*-(\d)$/, '$1$2$3')}.cache.amazonaws.com`;
  const memcached = str(ctx.properties.Engine) === 'memcached';
  const port = str(ctx.properties.Port) ?? (memcached ? '11211' : '6379');
  return {
    physicalId: id,
    attributes: memcached
      ? { 'ConfigurationEndpoint.Address': `${id}.${zone.replace('.0001', '.cfg')}`, 'ConfigurationEndpoint.Port': port }
      : { 'RedisEndpoint.Address': `${id}.${zone}`, 'RedisEndpoint.Port': port },
  };
}

function replicationGroup(ctx: KindContext): Provisioned {
  const id = named(ctx, 'ReplicationGroupId', { maxLength: 40, lowercase: true, suffixLength: 13 }).toLowerCase();
  const domain = `${hex(6)}.ng.0001.use1.cache.amazonaws.com`;
  const port = str(ctx.properties.Port) ?? '6379';
  return {
    physicalId: id,
    attributes: {
      'PrimaryEndPoint.Address': `master.${id}.${domain}`,
      'PrimaryEndPoint.Port': port,
      'ReaderEndPoint.Address': `replica.${id}.${domain}`,
      'ReaderEndPoint.Port': port,
      ReplicationGroupId: id,
    },
  };
}

function secret(ctx: KindContext): Provisioned {
  const name = str(ctx.properties.Name) ?? `${ctx.logicalId}-${upperAlnum(12)}`;
  const id = arn(ctx, 'secretsmanager', `secret:${name}-${hex(6)}`);
  return { physicalId: id, attributes: { Id: id } };
}

function bucket(ctx: KindContext): Provisioned {
  const name = named(ctx, 'BucketName', { maxLength: 63, lowercase: true }).toLowerCase();
  return {
    physicalId: name,
    attributes: {
      Arn: `arn:aws:s3:::${name}`,
      DomainName: `${name}.s3.amazonaws.com`,
      RegionalDomainName: `${name}.s3.${ctx.region}.amazonaws.com`,
      DualStackDomainName: `${name}.s3.dualstack.${ctx.region}.amazonaws.com`,
      WebsiteURL: `http://${name}.s3-website-${ctx.region}.amazonaws.com`,
    },
  };
}

function role(ctx: KindContext): Provisioned {
  const name = named(ctx, 'RoleName', { maxLength: 64 });
  const path = str(ctx.properties.Path) ?? '/';
  return { physicalId: name, attributes: { Arn: `arn:aws:iam::${ctx.accountId}:role${path}${name}`, RoleId: `AROA${upperAlnum(17)}` } };
}

function taskDefinition(ctx: KindContext): Provisioned {
  const family = named(ctx, 'Family', { maxLength: 255 });
  const id = arn(ctx, 'ecs', `task-definition/${family}:1`);
  return { physicalId: id, attributes: { TaskDefinitionArn: id } };
}

function ecsService(ctx: KindContext): Provisioned {
  const name = named(ctx, 'ServiceName', { maxLength: 255 });
  const cluster = (str(ctx.properties.Cluster) ?? 'default').split('/').pop() as string;
  const id = arn(ctx, 'ecs', `service/${cluster}/${name}`);
  return { physicalId: id, attributes: { ServiceArn: id, Name: name } };
}

function loadBalancer(ctx: KindContext): Provisioned {
  const name = named(ctx, 'Name', { maxLength: 32, suffixLength: 8 });
  const kind = str(ctx.properties.Type) === 'network' ? 'net' : 'app';
  const id = arn(ctx, 'elasticloadbalancing', `loadbalancer/${kind}/${name}/${hex(16)}`);
  return {
    physicalId: id,
    attributes: {
      LoadBalancerArn: id,
      DNSName: `${name}-${digits(10)}.${ctx.region}.elb.amazonaws.com`,
      CanonicalHostedZoneID: 'Z35SXDOTRQ7X7K',
      LoadBalancerFullName: `${kind}/${name}/${id.split('/').pop() as string}`,
      LoadBalancerName: name,
    },
  };
}

const KINDS: Record<string, Kind> = {
  'AWS::EC2::VPC': ec2('vpc', 15, 'VpcId', (_id, ctx) => ({
    DefaultSecurityGroup: ec2Id('sg'),
    DefaultNetworkAcl: ec2Id('acl'),
    CidrBlockAssociations: [ec2Id('vpc-cidr-assoc')],
    Ipv6CidrBlocks: [],
    CidrBlock: str(ctx.properties.CidrBlock) ?? '10.0.0.0/16',
  })),
  'AWS::EC2::Subnet': ec2('subnet', 5, 'SubnetId', (_id, ctx) => ({
    AvailabilityZone: str(ctx.properties.AvailabilityZone) ?? `${ctx.region}a`,
    AvailabilityZoneId: `use1-az${1 + 'abcdef'.indexOf((str(ctx.properties.AvailabilityZone) ?? 'a').slice(-1))}`,
    NetworkAclAssociationId: ec2Id('aclassoc'),
    Ipv6CidrBlocks: [],
  })),
  'AWS::EC2::InternetGateway': ec2('igw', 3, 'InternetGatewayId'),
  'AWS::EC2::VPCGatewayAttachment': {
    seconds: 17,
    provision: (ctx) => ({ physicalId: `IGW|${str(ctx.properties.VpcId) ?? ''}`, attributes: { AttachmentType: 'IGW' } }),
  },
  'AWS::EC2::RouteTable': ec2('rtb', 3, 'RouteTableId'),
  'AWS::EC2::Route': {
    seconds: 2,
    provision: (ctx) => ({ physicalId: `${str(ctx.properties.RouteTableId) ?? ec2Id('rtb')}|${str(ctx.properties.DestinationCidrBlock) ?? '0.0.0.0/0'}`, attributes: {} }),
  },
  'AWS::EC2::SubnetRouteTableAssociation': ec2('rtbassoc', 3, 'Id'),
  'AWS::EC2::SecurityGroup': ec2('sg', 6, 'GroupId', (id) => ({ Id: id })),
  'AWS::EC2::SecurityGroupIngress': ec2('sgr', 2, 'Id'),
  'AWS::EC2::SecurityGroupEgress': ec2('sgr', 2, 'Id'),
  'AWS::EC2::EIP': {
    seconds: 3,
    provision: () => {
      const ip = publicAddress();
      return { physicalId: ip, attributes: { PublicIp: ip, AllocationId: ec2Id('eipalloc') } };
    },
  },
  'AWS::EC2::EIPAssociation': ec2('eipassoc', 3, 'Id'),
  'AWS::EC2::NatGateway': ec2('nat', 95, 'NatGatewayId', () => ({ EniId: ec2Id('eni') })),
  'AWS::EC2::Instance': { seconds: 35, deleteSeconds: 45, provision: instance },
  'AWS::EC2::Volume': ec2('vol', 10, 'VolumeId'),
  'AWS::EC2::LaunchTemplate': ec2('lt', 3, 'LaunchTemplateId', () => ({ LatestVersionNumber: '1', DefaultVersionNumber: '1' })),
  'AWS::IAM::Role': { seconds: 12, deleteSeconds: 4, provision: role },
  'AWS::IAM::InstanceProfile': simpleName(120, 'InstanceProfileName', (n, ctx) => `arn:aws:iam::${ctx.accountId}:instance-profile/${n}`),
  'AWS::IAM::ManagedPolicy': {
    seconds: 10,
    provision: (ctx) => {
      const id = `arn:aws:iam::${ctx.accountId}:policy/${named(ctx, 'ManagedPolicyName')}`;
      return { physicalId: id, attributes: { PolicyArn: id } };
    },
  },
  'AWS::IAM::Policy': { seconds: 15, provision: (ctx) => ({ physicalId: `${ctx.stackName.slice(0, 5)}-Polic-${upperAlnum(12)}`, attributes: {} }) },
  'AWS::IAM::RolePolicy': { seconds: 15, provision: (ctx) => ({ physicalId: `${str(ctx.properties.PolicyName) ?? ctx.logicalId}|${str(ctx.properties.RoleName) ?? ''}`, attributes: {} }) },
  'AWS::IAM::User': simpleName(5, 'UserName', (n, ctx) => `arn:aws:iam::${ctx.accountId}:user/${n}`, { maxLength: 64 }),
  'AWS::IAM::AccessKey': { seconds: 3, provision: () => ({ physicalId: `AKIA${upperAlnum(16)}`, attributes: { SecretAccessKey: hex(40) } }) },
  'AWS::S3::Bucket': { seconds: 22, deleteSeconds: 3, provision: bucket },
  'AWS::S3::BucketPolicy': { seconds: 2, provision: (ctx) => ({ physicalId: str(ctx.properties.Bucket) ?? ctx.logicalId, attributes: {} }) },
  'AWS::ECS::Cluster': simpleName(8, 'ClusterName', (n, ctx) => arn(ctx, 'ecs', `cluster/${n}`), { maxLength: 255 }),
  'AWS::ECS::TaskDefinition': { seconds: 3, provision: taskDefinition },
  'AWS::ECS::Service': { seconds: 60, deleteSeconds: 90, provision: ecsService },
  'AWS::ECS::CapacityProvider': simpleName(5, 'Name'),
  'AWS::ECS::ClusterCapacityProviderAssociations': { seconds: 5, provision: (ctx) => ({ physicalId: str(ctx.properties.Cluster) ?? ctx.logicalId, attributes: {} }) },
  'AWS::ElastiCache::CacheCluster': { seconds: 330, deleteSeconds: 240, provision: cacheCluster },
  'AWS::ElastiCache::ReplicationGroup': { seconds: 420, deleteSeconds: 300, provision: replicationGroup },
  'AWS::ElastiCache::SubnetGroup': simpleName(3, 'CacheSubnetGroupName', undefined, { maxLength: 255, lowercase: true }),
  'AWS::RDS::DBInstance': { seconds: 420, deleteSeconds: 300, provision: dbInstance },
  'AWS::RDS::DBSubnetGroup': simpleName(3, 'DBSubnetGroupName', undefined, { maxLength: 255, lowercase: true }),
  'AWS::RDS::DBParameterGroup': simpleName(3, 'DBParameterGroupName', undefined, { maxLength: 255, lowercase: true }),
  'AWS::SecretsManager::Secret': { seconds: 3, provision: secret },
  'AWS::Logs::LogGroup': simpleName(2, 'LogGroupName', (n, ctx) => arn(ctx, 'logs', `log-group:${n}:*`), { maxLength: 512 }),
  'AWS::Logs::MetricFilter': simpleName(2, 'FilterName'),
  'AWS::CloudWatch::Alarm': simpleName(2, 'AlarmName', (n, ctx) => arn(ctx, 'cloudwatch', `alarm:${n}`), { maxLength: 255 }),
  'AWS::CloudWatch::Dashboard': simpleName(2, 'DashboardName'),
  'AWS::KMS::Key': {
    seconds: 4,
    provision: (ctx) => {
      const id = randomUUID();
      return { physicalId: id, attributes: { KeyId: id, Arn: arn(ctx, 'kms', `key/${id}`) } };
    },
  },
  'AWS::KMS::Alias': { seconds: 2, provision: (ctx) => ({ physicalId: str(ctx.properties.AliasName) ?? `alias/${ctx.logicalId}`, attributes: {} }) },
  'AWS::SNS::Topic': {
    seconds: 3,
    provision: (ctx) => {
      const name = named(ctx, 'TopicName', { maxLength: 256 });
      const id = arn(ctx, 'sns', name);
      return { physicalId: id, attributes: { TopicArn: id, TopicName: name } };
    },
  },
  'AWS::SNS::Subscription': { seconds: 3, provision: (ctx) => ({ physicalId: `${str(ctx.properties.TopicArn) ?? arn(ctx, 'sns', 'topic')}:${randomUUID()}`, attributes: {} }) },
  'AWS::SSM::Parameter': simpleName(2, 'Name', undefined, { maxLength: 2048 }),
  'AWS::Events::Rule': simpleName(3, 'Name', (n, ctx) => arn(ctx, 'events', `rule/${n}`), { maxLength: 64 }),
  'AWS::EFS::FileSystem': ec2('fs', 10, 'FileSystemId'),
  'AWS::EFS::MountTarget': ec2('fsmt', 90, 'Id', (_id, ctx) => ({ IpAddress: addressIn(ctx.subnetCidr(str(ctx.properties.SubnetId) ?? '')) })),
  'AWS::EFS::AccessPoint': ec2('fsap', 5, 'AccessPointId'),
  'AWS::ElasticLoadBalancingV2::LoadBalancer': { seconds: 150, provision: loadBalancer },
  'AWS::ServiceDiscovery::PrivateDnsNamespace': ec2('ns', 45, 'Id', () => ({ HostedZoneId: `Z${upperAlnum(20)}` })),
  'AWS::ServiceDiscovery::Service': ec2('srv', 3, 'Id'),
};

const GENERIC: Kind = { seconds: 5, provision: (ctx) => ({ physicalId: generatedName(ctx.stackName, ctx.logicalId), attributes: {} }) };

export function provisioningSeconds(type: string, phase: 'create' | 'update' | 'delete'): number {
  const kind = KINDS[type] ?? GENERIC;
  if (phase === 'delete') return kind.deleteSeconds ?? Math.max(1, kind.seconds / 2);
  return kind.seconds;
}

/** Creates the resource's identity: physical id and every attribute its schema lets GetAtt read. */
export function provisionResource(type: string, ctx: KindContext): Provisioned {
  const { physicalId, attributes } = (KINDS[type] ?? GENERIC).provision(ctx);
  const service = type.split('::')[1]?.toLowerCase() ?? 'aws';
  for (const attribute of readOnlyAttributes(type)) {
    if (attributes[attribute] !== undefined || ctx.properties[attribute] !== undefined) continue;
    attributes[attribute] = attribute.endsWith('Arn') ? arn(ctx, service, `${type.split('::')[2]?.toLowerCase() ?? 'resource'}/${physicalId}`) : physicalId;
  }
  return { physicalId, attributes };
}
