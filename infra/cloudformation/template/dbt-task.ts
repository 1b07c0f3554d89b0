// dbt Core as a Fargate task definition (transformation 'dbt_core_ecs'): Tapestry runs it per
// pipeline run (RunTask, with the command and the project location as overrides) in the private
// subnets under DbtTaskSecurityGroup. The warehouse password comes from Secrets Manager under a
// DBT_ENV_SECRET_ name, which dbt scrubs from its logs. The task role may read and write the
// bucket's dbt/ prefix (project bundle in, run artifacts out) and nothing else.
import { DBT_IMAGES, DBT_TASK_SIZE } from './versions';
import { BUCKET, DBT_PREFIX } from './staging-bucket';
import { bucketPrefix, readSecrets, role, writeLogs } from './iam';
import { fargateTaskDefinition } from './ecs';
import { LOGS } from './log-groups';
import { SECRET } from './secrets';
import { ref } from './fn';
import type { BuildContext, Resources } from './types';

export const DBT_TASK_DEFINITION = 'DbtTaskDefinition';

export function dbtResources(ctx: BuildContext): Resources {
  if (!ctx.dbtCore) return {};
  return {
    DbtExecutionRole: role({
      service: 'ecs-tasks.amazonaws.com',
      description: 'Starts dbt Core tasks: the warehouse password secret and the dbt log group',
      policyName: 'dbt-task-execution',
      statements: [readSecrets([SECRET.warehousePassword]), writeLogs([LOGS.dbt])],
      purpose: 'dbt task execution role: exactly its secret and log group',
    }),
    DbtTaskRole: role({
      service: 'ecs-tasks.amazonaws.com',
      description: 'dbt Core at run time: the staging bucket dbt/ prefix only',
      policyName: 'dbt-task',
      statements: bucketPrefix('Dbt', BUCKET, DBT_PREFIX),
      purpose: 'dbt task role: the dbt/ prefix of the staging bucket only',
    }),
    [DBT_TASK_DEFINITION]: fargateTaskDefinition(ctx, {
      familyPart: 'dbt',
      cpu: DBT_TASK_SIZE.cpu,
      memory: DBT_TASK_SIZE.memory,
      executionRoleId: 'DbtExecutionRole',
      taskRoleId: 'DbtTaskRole',
      container: {
        name: 'dbt',
        image: DBT_IMAGES[ctx.input.warehouseType],
        logGroupId: LOGS.dbt,
        environment: { TAPESTRY_STAGING_BUCKET: ref(BUCKET), TAPESTRY_DBT_PREFIX: DBT_PREFIX, DBT_SEND_ANONYMOUS_USAGE_STATS: 'false' },
        secrets: { DBT_ENV_SECRET_WAREHOUSE_PASSWORD: ref(SECRET.warehousePassword) },
      },
      purpose: `dbt Core task definition (${DBT_IMAGES[ctx.input.warehouseType]})`,
    }),
  };
}
