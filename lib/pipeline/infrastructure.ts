// How a pipeline's AWS stack is sized and networked: the settings a deploy passes to the
// CloudFormation template as parameters, kept apart from the design (spec) because they change on
// their own (resize) and mean nothing to the sandbox's data path. Defaults follow Airbyte's own
// guidance for abctl on EC2 (4 vCPUs and 16 GiB for a few connections) and Grouparoo's for ECS.
import { z } from 'zod';

/** Instance types offered for the Airbyte host; all have ≥ 4 vCPUs and ≥ 8 GiB, abctl's floor. */
export const AIRBYTE_INSTANCE_TYPES = [
  't3.xlarge', 't3.2xlarge',
  'm6i.xlarge', 'm6i.2xlarge', 'm6i.4xlarge',
  'm7i.xlarge', 'm7i.2xlarge', 'm7i.4xlarge',
  'r6i.xlarge', 'r6i.2xlarge',
  'c6i.2xlarge', 'c6i.4xlarge',
] as const;
export type AirbyteInstanceType = (typeof AIRBYTE_INSTANCE_TYPES)[number];

/** Fargate CPU units and the memory sizes (MiB) each allows (ECS task size table). */
export const FARGATE_SIZES: Record<string, readonly number[]> = {
  '256': [512, 1024, 2048],
  '512': [1024, 2048, 3072, 4096],
  '1024': [2048, 3072, 4096, 5120, 6144, 7168, 8192],
  '2048': [4096, 5120, 6144, 7168, 8192, 9216, 10240, 11264, 12288, 13312, 14336, 15360, 16384],
  '4096': Array.from({ length: 23 }, (_, i) => 8192 + i * 1024),
};

/** The VPC's block: /16 to /24 (room for four subnets), given as its network address (no host bits). */
const cidr = z
  .string()
  .regex(/^(\d{1,3}\.){3}\d{1,3}\/(1[6-9]|2[0-4])$/, 'A CIDR block from /16 to /24, e.g. 10.40.0.0/16')
  .refine((value) => {
    const [address = '', bits = '0'] = value.split('/');
    const n = address.split('.').reduce((acc, part) => acc * 256 + Number(part), 0);
    return n % 2 ** (32 - Number(bits)) === 0;
  }, 'Give the network address of the block (no host bits set), e.g. 10.40.0.0/16');

export const NetworkSchema = z.discriminatedUnion('kind', [
  /** A VPC of the stack's own, with a public and a private subnet in each of two zones. */
  z.strictObject({ kind: z.literal('new'), cidr }),
  /** The team's VPC: two private subnets in different zones, with a route out (NAT) for images and APIs. */
  z.strictObject({
    kind: z.literal('existing'),
    vpcId: z.string().regex(/^vpc-[0-9a-f]{8,17}$/, 'A VPC id, e.g. vpc-0abc12345def67890'),
    subnetIds: z.tuple([z.string().regex(/^subnet-[0-9a-f]{8,17}$/, 'A subnet id'), z.string().regex(/^subnet-[0-9a-f]{8,17}$/, 'A subnet id')]),
  }),
]);

const TaskSizeSchema = z
  .strictObject({ cpu: z.enum(Object.keys(FARGATE_SIZES) as [string, ...string[]]), memory: z.number().int() })
  .refine((size) => FARGATE_SIZES[size.cpu]?.includes(size.memory), { message: 'Fargate does not offer this CPU and memory pair', path: ['memory'] });

export const InfrastructureSchema = z.strictObject({
  network: NetworkSchema,
  airbyte: z.strictObject({
    instanceType: z.enum(AIRBYTE_INSTANCE_TYPES),
    /** GiB of the root volume: Airbyte keeps job logs and its database there. */
    volumeGiB: z.number().int().min(50).max(2000),
  }),
  grouparoo: z.strictObject({ web: TaskSizeSchema, worker: TaskSizeSchema, workers: z.number().int().min(1).max(10) }),
  /** The CPU alarm fires above this percent for 3 periods of 5 minutes. */
  cpuAlarmPercent: z.number().int().min(10).max(100),
  /** Addresses allowed to reach the Airbyte and Grouparoo APIs: where Tapestry runs. */
  controlPlaneCidr: z.string().regex(/^(\d{1,3}\.){3}\d{1,3}\/([1-9]|[12]\d|3[0-2])$/, 'A CIDR block narrower than the whole internet, e.g. 203.0.113.10/32'),
});

export type Infrastructure = z.infer<typeof InfrastructureSchema>;
export type Network = z.infer<typeof NetworkSchema>;

export const DEFAULT_INFRASTRUCTURE: Infrastructure = {
  network: { kind: 'new', cidr: '10.40.0.0/16' },
  airbyte: { instanceType: 't3.xlarge', volumeGiB: 100 },
  grouparoo: { web: { cpu: '512', memory: 1024 }, worker: { cpu: '1024', memory: 2048 }, workers: 1 },
  cpuAlarmPercent: 80,
  controlPlaneCidr: '10.0.0.0/8',
};

/** A stored value read leniently: anything missing or no longer valid falls back to the default. */
export function infrastructureOf(stored: unknown): Infrastructure {
  const parsed = InfrastructureSchema.safeParse(stored);
  return parsed.success ? parsed.data : DEFAULT_INFRASTRUCTURE;
}
