// The sandbox's AWS: one HTTP endpoint (server.ts) serving CloudFormation, STS, EC2 (awsQuery/ec2Query)
// and CloudWatch, ECS (awsJson), all sharing the sandbox world, one account and one region. Every call
// but STS's own is first checked against the caller's access key (sts.ts: AKIAINVALID…/AKIADENIED… keys
// and forced failures), as AWS authenticates before it looks at a request. ECS adopts the clusters and
// task definitions CloudFormation stacks create; EC2 and CloudWatch read the instances stacks put in
// the world. With `stateFile`, everything but the world (which the sandbox saves itself) survives a
// restart, and operations under way carry on (persistence.ts).
import type { StandIn } from '../core/stand-in-server';
import { startStandIn } from '../core/stand-in-server';
import type { SandboxWorld } from '../core/world';
import { createCloudFormationService, type CloudFormationService } from './cloudformation';
import { createCloudWatchService } from './cloudwatch';
import { createEc2Service } from './ec2';
import { createEcsService, type EcsService } from './ecs';
import { ecsResourcesFromStacks } from './ecs/stack-resources';
import { awsPersistence, type AwsServices } from './persistence';
import { awsAdapter } from './server';
import { accountIdFor, createStsService, guarded, SANDBOX_ACCESS_KEY_ID, SandboxIdentities, withCaller } from './sts';

export interface AwsStandInOptions {
  world: SandboxWorld;
  port?: number;
  /** Keep request and response bodies in the log (tests only). */
  recordBodies?: boolean;
  /** Speed of stacks, instance state changes and ECS tasks: 1 = believable, smaller = faster. */
  timeScale?: number;
  /** The account in every ARN, and the one the sandbox's own key belongs to (default: derived from that key). */
  accountId?: string;
  region?: string;
  /**
   * Where to keep the stand-in's state across restarts (created mode 0600). Restore the world
   * first: stacks resumed here move the world's instances on.
   */
  stateFile?: string;
  /**
   * The sandbox warehouse's PostgreSQL URL (with credentials), where ECS tasks of the dbt Core
   * image build their models for real (ecs/dbt-tasks.ts); without it they are simulated.
   */
  dbtWarehouseUrl?: string;
}

export interface AwsStandIn extends StandIn {
  accountId: string;
  region: string;
  identities: SandboxIdentities;
  cloudformation: CloudFormationService;
  ecs: EcsService;
}

export async function startAwsStandIn(options: AwsStandInOptions): Promise<AwsStandIn> {
  const { world, timeScale } = options;
  const region = options.region ?? 'us-east-1';
  const accountId = options.accountId ?? accountIdFor(SANDBOX_ACCESS_KEY_ID);
  const account = () => accountId;
  const persistence = options.stateFile === undefined ? undefined : awsPersistence(options.stateFile);
  const onChange = () => persistence?.changed();
  const build = (): AwsServices => {
    const cloudformation = createCloudFormationService(world, { timeScale, accountId, region, onChange });
    return {
      cloudformation,
      ecs: createEcsService(world, {
        region,
        account,
        timeScale,
        onChange,
        external: ecsResourcesFromStacks(() => cloudformation.engine.store.all()),
        dbtWarehouseUrl: options.dbtWarehouseUrl,
      }),
      ec2: createEc2Service(world, { region, account, timeScale }),
      identities: new SandboxIdentities(world.clock, { [SANDBOX_ACCESS_KEY_ID]: accountId }),
    };
  };
  const { cloudformation, ecs, ec2, identities } = persistence ? persistence.open(build) : build();
  const adapter = withCaller(
    awsAdapter({
      query: [createStsService(identities), guarded(cloudformation, identities), guarded(ec2, identities)],
      json: [guarded(createCloudWatchService(world), identities), guarded(ecs, identities)],
    }),
  );
  const stop = () => {
    cloudformation.close();
    ecs.dispose();
  };
  let standIn: StandIn;
  try {
    standIn = await startStandIn({ name: 'aws', adapter: persistence ? persistence.watch(adapter) : adapter, port: options.port, recordBodies: options.recordBodies });
  } catch (error) {
    // A taken port: the resumed operations must not run on in the background.
    stop();
    persistence?.close();
    throw error;
  }
  return {
    ...standIn,
    accountId,
    region,
    identities,
    cloudformation,
    ecs,
    close: async () => {
      stop();
      await ecs.settled();
      await standIn.close();
      persistence?.close();
    },
  };
}
