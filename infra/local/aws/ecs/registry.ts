// ECS clusters and task definitions the stand-in knows. Clusters: `default` (as most accounts have it),
// those created with CreateCluster or the control route, and those the sandbox registers for stacks.
// Task definitions: RegisterTaskDefinition revisions per family, with Fargate's rules (awsvpc network
// mode, task-level cpu and memory in a supported combination) refused as ECS refuses them.
import { z } from 'zod';
import { AwsError } from '../protocol';

export interface Cluster {
  clusterName: string;
  clusterArn: string;
  createdAt: number;
}

const container = z.looseObject({
  name: z.string(),
  image: z.string(),
  essential: z.boolean().optional(),
  cpu: z.number().optional(),
  memory: z.number().optional(),
  command: z.array(z.string()).optional(),
  environment: z.array(z.object({ name: z.string(), value: z.string() })).optional(),
});

export const taskDefinitionInput = z.looseObject({
  family: z.string(),
  containerDefinitions: z.array(container),
  cpu: z.string().optional(),
  memory: z.string().optional(),
  networkMode: z.enum(['bridge', 'host', 'awsvpc', 'none']).optional(),
  requiresCompatibilities: z.array(z.enum(['EC2', 'FARGATE', 'EXTERNAL', 'MANAGED_INSTANCES'])).optional(),
  executionRoleArn: z.string().optional(),
  taskRoleArn: z.string().optional(),
  tags: z.array(z.object({ key: z.string(), value: z.string() })).optional(),
});

export type TaskDefinitionInput = z.output<typeof taskDefinitionInput>;

/** A registered revision (its tags are the registration's, kept apart as ECS keeps them). */
export type TaskDefinition = TaskDefinitionInput & {
  taskDefinitionArn: string;
  revision: number;
  status: 'ACTIVE';
  registeredAt: number;
};

/** Fargate's task sizes: CPU units → allowed memory (MiB). */
const FARGATE_SIZES: Record<string, (memory: number) => boolean> = {
  '256': (m) => [512, 1024, 2048].includes(m),
  '512': (m) => m >= 1024 && m <= 4096 && m % 1024 === 0,
  '1024': (m) => m >= 2048 && m <= 8192 && m % 1024 === 0,
  '2048': (m) => m >= 4096 && m <= 16384 && m % 1024 === 0,
  '4096': (m) => m >= 8192 && m <= 30720 && m % 1024 === 0,
  '8192': (m) => m >= 16384 && m <= 61440 && m % 4096 === 0,
  '16384': (m) => m >= 32768 && m <= 122880 && m % 8192 === 0,
};

/** `1 vCPU` → `1024`, `2 GB` → `2048`, as ECS accepts both forms. */
function units(value: string, perUnit: number): string {
  const match = /^\s*([\d.]+)\s*(vcpu|gb)\s*$/i.exec(value);
  return match ? String(Math.round(Number(match[1]) * perUnit)) : value.trim();
}

function checkFargate(input: TaskDefinitionInput): void {
  if (input.networkMode !== 'awsvpc') throw new AwsError('ClientException', "Fargate only supports network mode 'awsvpc'.");
  if (!input.cpu) throw new AwsError('ClientException', "Fargate requires that 'cpu' be defined at the task level.");
  if (!input.memory) throw new AwsError('ClientException', "Fargate requires that 'memory' be defined at the task level.");
  const cpu = units(input.cpu, 1024);
  const memory = Number(units(input.memory, 1024));
  if (!FARGATE_SIZES[cpu]?.(memory)) {
    throw new AwsError('ClientException', `No Fargate configuration exists for given values: ${cpu} CPU, ${memory} memory. See the Amazon ECS documentation for the valid values.`);
  }
}

/**
 * Clusters and task definitions that exist outside this service, e.g. created by CloudFormation
 * stacks in the same sandbox; the registry adopts them the first time a request names them.
 */
export interface ExternalEcsResources {
  hasCluster(name: string): boolean;
  taskDefinition(reference: string): TaskDefinitionInput | undefined;
}

/** The registry's state, for the state file. */
export interface RegistrySnapshot {
  clusters: Map<string, Cluster>;
  families: Map<string, TaskDefinition[]>;
  adopted: Set<string>;
}

export class EcsRegistry {
  private readonly clusters = new Map<string, Cluster>();
  private readonly families = new Map<string, TaskDefinition[]>();
  private readonly adopted = new Set<string>();

  constructor(
    private readonly arnPrefix: () => string,
    private readonly now: () => number,
    private readonly external?: ExternalEcsResources,
  ) {}

  snapshot(): RegistrySnapshot {
    return { clusters: this.clusters, families: this.families, adopted: this.adopted };
  }

  /** Takes over saved clusters and revisions (a deleted `default` stays deleted; revisions count on). */
  restore(saved: RegistrySnapshot): void {
    this.clusters.clear();
    for (const [name, cluster] of saved.clusters) this.clusters.set(name, cluster);
    for (const [family, revisions] of saved.families) this.families.set(family, revisions);
    for (const name of saved.adopted) this.adopted.add(name);
  }

  createCluster(clusterName: string): Cluster {
    if (!/^[a-zA-Z0-9_-]{1,255}$/.test(clusterName)) {
      throw new AwsError('InvalidParameterException', 'Cluster name can have up to 255 characters: letters, numbers, hyphens and underscores.');
    }
    const existing = this.clusters.get(clusterName);
    if (existing) return existing;
    const cluster = { clusterName, clusterArn: `${this.arnPrefix()}:cluster/${clusterName}`, createdAt: this.now() };
    this.clusters.set(clusterName, cluster);
    return cluster;
  }

  deleteCluster(nameOrArn: string): Cluster {
    const cluster = this.cluster(nameOrArn);
    this.clusters.delete(cluster.clusterName);
    return cluster;
  }

  findCluster(nameOrArn: string | undefined): Cluster | undefined {
    const name = (nameOrArn ?? 'default').replace(/^arn:aws:ecs:[^:]*:\d*:cluster\//, '');
    const known = this.clusters.get(name);
    const outside = this.external?.hasCluster(name) ?? false;
    // An adopted cluster goes when its stack deletes it.
    if (known && this.adopted.has(name) && !outside) {
      this.clusters.delete(name);
      this.adopted.delete(name);
      return undefined;
    }
    if (known || !outside) return known;
    this.adopted.add(name);
    return this.createCluster(name);
  }

  cluster(nameOrArn: string | undefined): Cluster {
    const found = this.findCluster(nameOrArn);
    if (!found) throw new AwsError('ClusterNotFoundException', 'Cluster not found.');
    return found;
  }

  register(input: TaskDefinitionInput): TaskDefinition {
    if (!/^[a-zA-Z0-9_-]{1,255}$/.test(input.family)) {
      throw new AwsError('ClientException', 'Family contains invalid characters: up to 255 letters (uppercase and lowercase), numbers, hyphens, and underscores are allowed.');
    }
    if (input.containerDefinitions.length === 0) throw new AwsError('ClientException', 'Container list cannot be empty.');
    if (input.requiresCompatibilities?.includes('FARGATE')) checkFargate(input);
    const revisions = this.families.get(input.family) ?? [];
    const revision = revisions.length + 1;
    const { tags: _tags, ...definition } = input;
    const registered: TaskDefinition = {
      ...definition,
      cpu: input.cpu && units(input.cpu, 1024),
      memory: input.memory && units(input.memory, 1024),
      taskDefinitionArn: `${this.arnPrefix()}:task-definition/${input.family}:${revision}`,
      revision,
      status: 'ACTIVE',
      registeredAt: this.now(),
    };
    this.families.set(input.family, [...revisions, registered]);
    return registered;
  }

  /** `family` (latest revision), `family:revision` or the full ARN. */
  findTaskDefinition(reference: string): TaskDefinition | undefined {
    const match = /^(?:arn:aws:ecs:[^:]*:\d*:task-definition\/)?([a-zA-Z0-9_-]+)(?::(\d+))?$/.exec(reference);
    if (!match) return undefined;
    const revisions = this.families.get(match[1] as string) ?? [];
    const known = match[2] === undefined ? revisions.at(-1) : revisions[Number(match[2]) - 1];
    const outside = known ? undefined : this.external?.taskDefinition(reference);
    return outside ? this.register(outside) : known;
  }
}
