// What the deploy reads back once the stack is complete: where Airbyte and Grouparoo answer,
// where dbt runs and with what, where things are staged and logged, and which secrets hold the
// credentials the host and AWS generated. No exports: nothing outside the stack may depend on it,
// so it can always be updated or deleted on its own.
import { AIRBYTE_PORT } from './versions';
import { AIRBYTE_INSTANCE } from './airbyte-user-data';
import { LOAD_BALANCER } from './grouparoo-load-balancer';
import { DBT_TASK_DEFINITION } from './dbt-task';
import { groupId, SG } from './security-groups';
import { logGroupIds } from './log-groups';
import { BUCKET } from './staging-bucket';
import { SECRET } from './secrets';
import { CLUSTER } from './ecs';
import { getAtt, join, ref, sub } from './fn';
import type { BuildContext, TemplateValue } from './types';

interface Output {
  Description: string;
  Value: TemplateValue;
}

export function stackOutputs(ctx: BuildContext): Record<string, Output> {
  const out: Record<string, Output> = {
    AirbyteInstanceId: { Description: 'EC2 instance id of the Airbyte host (for Session Manager and metrics)', Value: ref(AIRBYTE_INSTANCE) },
    AirbyteApiUrl: { Description: 'Airbyte base URL on the private network (public API under /api/public/v1)', Value: sub(`http://\${${AIRBYTE_INSTANCE}.PrivateIp}:${AIRBYTE_PORT}`) },
    AirbyteAdminSecretArn: { Description: 'Secrets Manager secret with the Airbyte admin password', Value: ref(SECRET.airbyteAdmin) },
    AirbyteApplicationSecretArn: { Description: 'Secrets Manager secret with the Airbyte API client id and secret (JSON: client_id, client_secret)', Value: ref(SECRET.airbyteApplication) },
    GrouparooUrl: { Description: 'Grouparoo base URL through its internal load balancer (API under /api/v1)', Value: sub(`http://\${${LOAD_BALANCER}.DNSName}`) },
    ClusterArn: { Description: 'ECS cluster running Grouparoo (and dbt Core tasks)', Value: getAtt(CLUSTER, 'Arn') },
    PrivateSubnetIds: { Description: 'Private subnets (comma-separated) where tasks run', Value: join(',', ctx.network.privateSubnets) },
    TaskSecurityGroupId: { Description: 'Security group of the Grouparoo tasks', Value: groupId(SG.grouparooTasks) },
    StagingBucketName: { Description: 'S3 staging bucket (Airbyte stages under airbyte/, dbt under dbt/)', Value: ref(BUCKET) },
    LogGroupNames: { Description: 'CloudWatch log groups of the stack (comma-separated)', Value: join(',', logGroupIds(ctx).map((id) => ref(id))) },
  };
  if (ctx.dbtCore) {
    out.DbtTaskDefinitionArn = { Description: 'Task definition to run dbt Core with (RunTask, FARGATE)', Value: ref(DBT_TASK_DEFINITION) };
    out.DbtSecurityGroupId = { Description: 'Security group to run dbt Core tasks in', Value: groupId(SG.dbtTasks) };
    out.WarehousePasswordSecretArn = { Description: 'Secrets Manager secret dbt Core reads the warehouse password from', Value: ref(SECRET.warehousePassword) };
  }
  return out;
}
