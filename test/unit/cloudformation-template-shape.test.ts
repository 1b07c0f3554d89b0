// The shape of the pipeline stack: stack and physical names scoped to the pipeline (two
// pipelines never share one), the same input always giving the same body, a new or an existing
// network, dbt Core only when asked for, resizes and retunes that change only a parameter value,
// tags, outputs and the review summary, and a body CloudFormation accepts inline.
import { describe, expect, it } from 'vitest';
import { buildStackTemplate, EXAMPLE_EXISTING_NETWORK, EXAMPLE_STACK_INPUT, stackNameFor, TEMPLATE_BODY_LIMIT, type BuiltStack, type StackInput } from '@/infra/cloudformation/template';
import { subnetHostBits } from '@/infra/cloudformation/template/network';
import { DEFAULT_INFRASTRUCTURE, type Infrastructure } from '@/lib/pipeline/infrastructure';

type Resource = { Type: string; Properties: Record<string, unknown> };

const base = EXAMPLE_STACK_INPUT;
const existingNetwork = EXAMPLE_EXISTING_NETWORK;
const build = (overrides: Partial<StackInput> = {}, warehousePasswordParameter = true) => buildStackTemplate({ ...base, ...overrides }, { warehousePasswordParameter });
const resourcesOf = (built: BuiltStack) => built.template.Resources as Record<string, Resource>;
const types = (built: BuiltStack) => Object.values(resourcesOf(built)).map((r) => r.Type);

/** Properties that set a physical name on the types this stack uses. */
const NAME_PROPERTIES = ['LogGroupName', 'Name', 'AlarmName', 'ClusterName', 'Family', 'ServiceName', 'BucketName', 'RoleName', 'DBInstanceIdentifier', 'ReplicationGroupId', 'GroupName'];

/** `Type:name` of every physical name the template sets (a family and a service may share a name). */
function physicalNames(built: BuiltStack): string[] {
  return Object.values(resourcesOf(built)).flatMap((r) =>
    NAME_PROPERTIES.map((p) => r.Properties[p])
      .filter((v): v is string => typeof v === 'string')
      .map((name) => `${r.Type}:${name}`),
  );
}

describe('names', () => {
  it('names the stack tapestry-<org>-<pipeline>-<8 hex of the id>', () => {
    expect(stackNameFor('acme', 'rain-shield', '1B4E28BA-2fa1-41d2-883f-0016d3cca427')).toBe('tapestry-acme-rain-shield-1b4e28ba');
    expect(stackNameFor('Acme Corp', 'rain--shield_2', '1b4e28ba2fa141d2883f0016d3cca427')).toBe('tapestry-acme-corp-rain-shield-2-1b4e28ba');
    expect(() => stackNameFor('acme', 'x', 'not-a-uuid')).toThrow(/8 hex digits/);
  });

  it('shortens long slugs to fit 128 characters of [a-zA-Z][-a-zA-Z0-9]*, keeping the id', () => {
    const long = 'a'.repeat(62) + 'b';
    for (const [org, pipeline] of [[long, long], ['acme', long + long], [long + long, 'p']]) {
      const name = stackNameFor(org as string, pipeline as string, base.pipelineId);
      expect(name.length).toBeLessThanOrEqual(128);
      expect(name).toMatch(/^[a-zA-Z][-a-zA-Z0-9]*$/);
      expect(name).not.toMatch(/--/);
      expect(name.endsWith('-1b4e28ba')).toBe(true);
    }
    expect(stackNameFor('acme', long + long, base.pipelineId)).toMatch(/^tapestry-acme-a{62}b?a*-1b4e28ba$/);
  });

  it('scopes every physical name it sets with the stack name, so two pipelines share none', () => {
    const one = build();
    const two = build({ pipelineSlug: 'rain-shield', pipelineId: '9f0c1d2e-0000-4000-8000-000000000000' });
    const namesOne = physicalNames(one);
    expect(namesOne.length).toBeGreaterThanOrEqual(17);
    for (const name of namesOne) expect(name).toContain(one.stackName);
    expect(namesOne).toContain(`AWS::Logs::LogGroup:/tapestry/${one.stackName}/airbyte`);
    for (const name of physicalNames(two)) expect(name).toContain(two.stackName);
    expect(namesOne.filter((n) => physicalNames(two).includes(n))).toEqual([]);
    expect(new Set(namesOne).size).toBe(namesOne.length);
  });
});

describe('determinism and parameters', () => {
  it('gives the same body for the same input, however its objects were built', () => {
    const d = DEFAULT_INFRASTRUCTURE;
    const reordered: Infrastructure = {
      controlPlaneCidr: d.controlPlaneCidr,
      cpuAlarmPercent: d.cpuAlarmPercent,
      grouparoo: { workers: d.grouparoo.workers, worker: { memory: d.grouparoo.worker.memory, cpu: d.grouparoo.worker.cpu }, web: { memory: d.grouparoo.web.memory, cpu: d.grouparoo.web.cpu } },
      airbyte: { volumeGiB: d.airbyte.volumeGiB, instanceType: d.airbyte.instanceType },
      network: { cidr: '10.40.0.0/16', kind: 'new' },
    };
    const first = build();
    expect(build().body).toBe(first.body);
    expect(build({ infrastructure: reordered }).body).toBe(first.body);
    expect(first.body).toBe(JSON.stringify(first.template, null, 2));
    expect(first.deployBody).toBe(JSON.stringify(first.template));
  });

  it.each([
    ['instance type', { airbyte: { instanceType: 'm6i.2xlarge', volumeGiB: 100 } }, { AirbyteInstanceType: 'm6i.2xlarge' }],
    ['volume size', { airbyte: { instanceType: 't3.xlarge', volumeGiB: 250 } }, { AirbyteVolumeGiB: '250' }],
    ['CPU alarm', { cpuAlarmPercent: 65 }, { CpuAlarmPercent: '65' }],
    ['worker size and count', { grouparoo: { web: { cpu: '512', memory: 1024 }, worker: { cpu: '2048', memory: 4096 }, workers: 3 } }, { GrouparooWorkerCpu: '2048', GrouparooWorkerMemory: '4096', GrouparooWorkerCount: '3' }],
    ['control-plane CIDR', { controlPlaneCidr: '198.51.100.7/32' }, { ControlPlaneCidr: '198.51.100.7/32' }],
  ] as const)('a %s change changes only parameter values, not the template', (_what, change, expected) => {
    const before = build();
    const after = build({ infrastructure: { ...DEFAULT_INFRASTRUCTURE, ...change } as Infrastructure });
    expect(after.body).toBe(before.body);
    const values = (b: BuiltStack) => Object.fromEntries(b.parameters.map((p) => [p.key, p.value]));
    const changed = Object.fromEntries(Object.entries(values(after)).filter(([k, v]) => values(before)[k] !== v));
    expect(changed).toEqual(expected);
  });

  it('lists every template parameter with its value and description, and declares nothing else', () => {
    const built = build({ infrastructure: { ...DEFAULT_INFRASTRUCTURE, network: existingNetwork } });
    expect(built.parameters.map((p) => p.key)).toEqual(Object.keys(built.template.Parameters as object));
    expect(built.parameters.every((p) => p.description.length > 10)).toBe(true);
    expect(built.parameters.find((p) => p.key === 'SubnetIds')?.value).toBe('subnet-0aaaaaaaaaaaaaaa1,subnet-0bbbbbbbbbbbbbbb2');
    expect(built.parameters.find((p) => p.key === 'AirbyteAmiId')?.value).toBe('/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64');
  });
});

describe('network', () => {
  it('a new VPC: a public and a private subnet in each of two zones, one NAT gateway, no network parameters', () => {
    const built = build();
    const subnets = Object.entries(resourcesOf(built)).filter(([, r]) => r.Type === 'AWS::EC2::Subnet');
    expect(subnets.map(([id]) => id)).toEqual(['PublicSubnetA', 'PublicSubnetB', 'PrivateSubnetA', 'PrivateSubnetB']);
    expect(subnets.map(([, r]) => (r.Properties.AvailabilityZone as { 'Fn::Select': [number, unknown] })['Fn::Select'][0])).toEqual([0, 1, 0, 1]);
    expect(subnets.map(([, r]) => r.Properties.CidrBlock)).toEqual([0, 1, 2, 3].map((i) => ({ 'Fn::Select': [i, { 'Fn::Cidr': ['10.40.0.0/16', 4, 12] }] })));
    expect(types(built).filter((t) => t === 'AWS::EC2::NatGateway')).toHaveLength(1);
    expect(Object.keys(built.template.Parameters as object)).not.toContain('VpcId');
    expect(resourcesOf(built).AirbyteInstance?.Properties.SubnetId).toEqual({ Ref: 'PrivateSubnetA' });
  });

  it('an existing VPC: VPC and subnets as typed parameters, and no network resources at all', () => {
    const built = build({ infrastructure: { ...DEFAULT_INFRASTRUCTURE, network: existingNetwork } });
    const parameters = built.template.Parameters as Record<string, { Type: string }>;
    expect(parameters.VpcId?.Type).toBe('AWS::EC2::VPC::Id');
    expect(parameters.SubnetIds?.Type).toBe('List<AWS::EC2::Subnet::Id>');
    expect(types(built).filter((t) => /::EC2::(VPC|Subnet|InternetGateway|NatGateway|RouteTable|Route|EIP|VPCGatewayAttachment|SubnetRouteTableAssociation)$/.test(t))).toEqual([]);
    expect(resourcesOf(built).AirbyteInstance?.Properties.SubnetId).toEqual({ 'Fn::Select': [0, { Ref: 'SubnetIds' }] });
    expect(resourcesOf(built).GrouparooLoadBalancer?.Properties.Subnets).toEqual({ Ref: 'SubnetIds' });
    expect(built.body).not.toMatch(/"Ref": "(Vpc|PrivateSubnetA)"/);
  });

  it('sizes the subnets from the VPC block and refuses blocks it cannot split', () => {
    expect(subnetHostBits('10.40.0.0/16')).toBe(12);
    expect(subnetHostBits('10.40.0.0/21')).toBe(9);
    expect(subnetHostBits('192.168.7.0/24')).toBe(6);
    expect(() => subnetHostBits('10.40.0.0/25')).toThrow(/\/16 to \/24/);
    expect(() => subnetHostBits('10.40.1.0/16')).toThrow(/host bits set/);
    expect(() => build({ infrastructure: { ...DEFAULT_INFRASTRUCTURE, network: { kind: 'new', cidr: '10.0.0.0/27' } } })).toThrow(/\/16 to \/24/);
  });
});

describe('dbt, tags, outputs, summary and size', () => {
  it('dbt Cloud: no dbt task, roles, secret, log group, security group or outputs; dbt Core: all of them', () => {
    const core = build();
    const cloud = build({ transformation: 'dbt_cloud' });
    const dbtIds = ['DbtExecutionRole', 'DbtTaskRole', 'DbtTaskDefinition', 'WarehousePasswordSecret', 'DbtLogGroup', 'DbtTaskSecurityGroup'];
    for (const id of dbtIds) {
      expect(resourcesOf(core)[id], id).toBeDefined();
      expect(resourcesOf(cloud)[id], id).toBeUndefined();
    }
    expect(Object.keys(cloud.template.Outputs as object)).not.toContain('DbtTaskDefinitionArn');
    expect(Object.keys(cloud.template.Parameters as object)).not.toContain('WarehousePassword');
    expect(cloud.deployBody).not.toMatch(/dbt-labs|Dbt/);
    const image = (resourcesOf(build({ warehouseType: 'postgres' })).DbtTaskDefinition?.Properties.ContainerDefinitions as { Image: string }[])[0]?.Image;
    expect(image).toMatch(/^ghcr\.io\/dbt-labs\/dbt-postgres:\d+\.\d+\.\d+$/);
  });

  it('tags every resource that takes tags with the org and the pipeline', () => {
    const built = build();
    let tagged = 0;
    for (const [id, r] of Object.entries(resourcesOf(built))) {
      const untaggable = ['AWS::EC2::VPCGatewayAttachment', 'AWS::EC2::Route', 'AWS::EC2::SubnetRouteTableAssociation', 'AWS::EC2::SecurityGroupIngress', 'AWS::IAM::InstanceProfile', 'AWS::S3::BucketPolicy', 'AWS::ElasticLoadBalancingV2::Listener'];
      if (untaggable.includes(r.Type)) continue;
      expect(r.Properties.Tags, id).toEqual(expect.arrayContaining([{ Key: 'tapestry:org', Value: 'acme' }, { Key: 'tapestry:pipeline', Value: base.pipelineId }]));
      tagged += 1;
    }
    expect(tagged).toBeGreaterThan(40);
  });

  it('describes every output and lists the ones the deploy reads', () => {
    const outputs = build().template.Outputs as Record<string, { Description: string; Value: unknown }>;
    for (const key of ['AirbyteInstanceId', 'AirbyteApiUrl', 'GrouparooUrl', 'ClusterArn', 'DbtTaskDefinitionArn', 'PrivateSubnetIds', 'TaskSecurityGroupId', 'StagingBucketName', 'LogGroupNames']) {
      expect(outputs[key]?.Description, key).toMatch(/\w{3,}/);
    }
    expect(outputs.AirbyteApiUrl?.Value).toEqual({ 'Fn::Sub': 'http://${AirbyteInstance.PrivateIp}:8000' });
    expect(Object.values(outputs).every((o) => o.Description.length > 10 && !('Export' in o))).toBe(true);
  });

  it('summarises every resource with its type and purpose, in template order', () => {
    const built = build();
    expect(built.summary.map((s) => s.logicalId)).toEqual(Object.keys(resourcesOf(built)));
    expect(built.summary.map((s) => s.type)).toEqual(types(built));
    expect(built.summary.every((s) => s.purpose.length > 10)).toBe(true);
    expect(built.deployBody).not.toContain('"purpose"');
  });

  it('stays under CloudFormation’s TemplateBody limit with the longest slugs and every option', () => {
    const longest = 'p'.repeat(63);
    const built = build({ orgSlug: longest, pipelineSlug: longest });
    expect(built.stackName).toHaveLength(128);
    expect(Buffer.byteLength(built.deployBody)).toBeLessThan(TEMPLATE_BODY_LIMIT);
    expect(Buffer.byteLength(built.body)).toBeGreaterThan(Buffer.byteLength(built.deployBody));
  });
});
