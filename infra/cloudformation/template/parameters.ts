// The stack's parameters: what a resize or a retune changes without touching the template, so
// the change set of such a deploy lists only the resources that read the changed value. Each
// declaration carries the constraints AWS checks before it touches anything, with the value this
// pipeline's settings give it.
import { AIRBYTE_INSTANCE_TYPES, FARGATE_SIZES } from '@/lib/pipeline/infrastructure';
import { AMAZON_LINUX_AMI_PARAMETER } from './versions';
import type { BuildContext } from './types';

export const PARAM = {
  controlPlaneCidr: 'ControlPlaneCidr',
  airbyteInstanceType: 'AirbyteInstanceType',
  airbyteAmiId: 'AirbyteAmiId',
  airbyteVolumeGiB: 'AirbyteVolumeGiB',
  grouparooWebCpu: 'GrouparooWebCpu',
  grouparooWebMemory: 'GrouparooWebMemory',
  grouparooWorkerCpu: 'GrouparooWorkerCpu',
  grouparooWorkerMemory: 'GrouparooWorkerMemory',
  grouparooWorkerCount: 'GrouparooWorkerCount',
  cpuAlarmPercent: 'CpuAlarmPercent',
  vpcId: 'VpcId',
  subnetIds: 'SubnetIds',
  warehousePassword: 'WarehousePassword',
} as const;

/** Parameters declared NoEcho: their values never appear in BuiltStack; the deployer passes them by key. */
export const SECRET_PARAMETER_KEYS: readonly string[] = [PARAM.warehousePassword];

export interface ParameterDeclaration {
  Type: string;
  Description: string;
  Default?: string;
  AllowedValues?: string[];
  AllowedPattern?: string;
  ConstraintDescription?: string;
  MinValue?: number;
  MaxValue?: number;
  MinLength?: number;
  NoEcho?: boolean;
}

export interface DeclaredParameter {
  key: string;
  declaration: ParameterDeclaration;
  /** The value for this pipeline; for NoEcho parameters a mask, never the secret. */
  value: string;
}

const MASK = '****';
/** A CIDR block with a prefix of /1 to /32: /0 (the whole internet) is refused. */
const CIDR_PATTERN = '(\\d{1,3}\\.){3}\\d{1,3}/([1-9]|[12]\\d|3[0-2])';
const FARGATE_CPUS = Object.keys(FARGATE_SIZES);
const FARGATE_MEMORIES = [...new Set(Object.values(FARGATE_SIZES).flat())].sort((a, b) => a - b).map(String);

function taskSize(role: 'web' | 'worker', cpu: string, memory: number): DeclaredParameter[] {
  const title = role === 'web' ? 'Grouparoo web' : 'Grouparoo worker';
  return [
    {
      key: role === 'web' ? PARAM.grouparooWebCpu : PARAM.grouparooWorkerCpu,
      declaration: { Type: 'String', Description: `${title} task CPU units (Fargate)`, AllowedValues: FARGATE_CPUS },
      value: cpu,
    },
    {
      key: role === 'web' ? PARAM.grouparooWebMemory : PARAM.grouparooWorkerMemory,
      declaration: { Type: 'String', Description: `${title} task memory in MiB (must suit the CPU units)`, AllowedValues: FARGATE_MEMORIES },
      value: String(memory),
    },
  ];
}

function networkParameters(ctx: BuildContext): DeclaredParameter[] {
  const network = ctx.input.infrastructure.network;
  if (network.kind === 'new') return [];
  return [
    { key: PARAM.vpcId, declaration: { Type: 'AWS::EC2::VPC::Id', Description: 'The existing VPC the pipeline runs in' }, value: network.vpcId },
    {
      key: PARAM.subnetIds,
      declaration: { Type: 'List<AWS::EC2::Subnet::Id>', Description: 'Two private subnets of that VPC, in different zones, with a route out through NAT' },
      value: network.subnetIds.join(','),
    },
  ];
}

/** Every parameter of the stack, in the order the review step shows them. */
export function declaredParameters(ctx: BuildContext): DeclaredParameter[] {
  const { infrastructure } = ctx.input;
  const { grouparoo } = infrastructure;
  const out: DeclaredParameter[] = [
    {
      key: PARAM.controlPlaneCidr,
      declaration: {
        Type: 'String',
        Description: 'Addresses allowed to reach the Airbyte and Grouparoo APIs (where Tapestry runs)',
        AllowedPattern: CIDR_PATTERN,
        ConstraintDescription: 'a CIDR block from /1 to /32, e.g. 203.0.113.10/32',
      },
      value: infrastructure.controlPlaneCidr,
    },
    {
      key: PARAM.airbyteInstanceType,
      declaration: { Type: 'String', Description: 'EC2 instance type of the Airbyte host', AllowedValues: [...AIRBYTE_INSTANCE_TYPES] },
      value: infrastructure.airbyte.instanceType,
    },
    {
      key: PARAM.airbyteAmiId,
      declaration: {
        Type: 'AWS::SSM::Parameter::Value<AWS::EC2::Image::Id>',
        Description: 'SSM parameter naming the Airbyte host image (Amazon Linux 2023)',
        Default: AMAZON_LINUX_AMI_PARAMETER,
      },
      value: AMAZON_LINUX_AMI_PARAMETER,
    },
    {
      key: PARAM.airbyteVolumeGiB,
      declaration: { Type: 'Number', Description: 'GiB of the Airbyte host root volume (job logs and Airbyte database)', MinValue: 50, MaxValue: 2000 },
      value: String(infrastructure.airbyte.volumeGiB),
    },
    ...taskSize('web', grouparoo.web.cpu, grouparoo.web.memory),
    ...taskSize('worker', grouparoo.worker.cpu, grouparoo.worker.memory),
    {
      key: PARAM.grouparooWorkerCount,
      declaration: { Type: 'Number', Description: 'Number of Grouparoo worker tasks', MinValue: 1, MaxValue: 10 },
      value: String(grouparoo.workers),
    },
    {
      key: PARAM.cpuAlarmPercent,
      declaration: { Type: 'Number', Description: 'CPU alarms fire above this percent for 3 periods of 5 minutes', MinValue: 10, MaxValue: 100 },
      value: String(infrastructure.cpuAlarmPercent),
    },
    ...networkParameters(ctx),
  ];
  if (ctx.dbtCore && ctx.warehousePasswordParameter) {
    out.push({
      key: PARAM.warehousePassword,
      declaration: { Type: 'String', Description: 'Password dbt Core uses for the warehouse (kept in Secrets Manager)', NoEcho: true, MinLength: 1 },
      value: MASK,
    });
  }
  return out;
}
