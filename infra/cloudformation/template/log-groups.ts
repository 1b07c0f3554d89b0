// One CloudWatch log group per service, named under /tapestry/<stack>/ and kept for
// LOG_RETENTION_DAYS, so each service's role can be allowed to write exactly its own.
import { LOG_RETENTION_DAYS } from './versions';
import { logGroupName } from './names';
import type { BuildContext, Resources } from './types';

export const LOGS = {
  airbyte: 'AirbyteLogGroup',
  grouparooWeb: 'GrouparooWebLogGroup',
  grouparooWorker: 'GrouparooWorkerLogGroup',
  dbt: 'DbtLogGroup',
} as const;

const GROUPS = [
  { id: LOGS.airbyte, part: 'airbyte', purpose: 'Airbyte host install log and CloudWatch agent logs' },
  { id: LOGS.grouparooWeb, part: 'grouparoo-web', purpose: 'Grouparoo web container logs' },
  { id: LOGS.grouparooWorker, part: 'grouparoo-worker', purpose: 'Grouparoo worker container logs' },
  { id: LOGS.dbt, part: 'dbt', purpose: 'dbt Core run logs' },
] as const;

const groupsOf = (ctx: BuildContext) => GROUPS.filter((g) => g.id !== LOGS.dbt || ctx.dbtCore);

/** The log groups of this stack's shape, in template order. */
export const logGroupIds = (ctx: BuildContext): string[] => groupsOf(ctx).map((g) => g.id);

export function logGroupResources(ctx: BuildContext): Resources {
  const out: Resources = {};
  for (const group of groupsOf(ctx)) {
    out[group.id] = {
      Type: 'AWS::Logs::LogGroup',
      Properties: { LogGroupName: logGroupName(ctx.stackName, group.part), RetentionInDays: LOG_RETENTION_DAYS },
      purpose: group.purpose,
    };
  }
  return out;
}
