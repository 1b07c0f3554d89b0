// Who may talk to whom. Nothing is open to the internet and nothing listens for SSH: people
// reach the Airbyte host through SSM Session Manager. The control plane (ControlPlaneCidr) may
// reach Airbyte's API and Grouparoo's load balancer; Grouparoo's tasks take traffic only from
// that load balancer; its database and Redis only from its tasks. The data stores and the load
// balancer get no more egress than they need.
import { AIRBYTE_PORT, GROUPAROO_PORT } from './versions';
import { PARAM } from './parameters';
import { getAtt, ref } from './fn';
import type { BuildContext, Resources, TemplateValue } from './types';

export const SG = {
  airbyte: 'AirbyteSecurityGroup',
  loadBalancer: 'LoadBalancerSecurityGroup',
  grouparooTasks: 'GrouparooTaskSecurityGroup',
  database: 'DatabaseSecurityGroup',
  redis: 'RedisSecurityGroup',
  dbtTasks: 'DbtTaskSecurityGroup',
} as const;

export const groupId = (logicalId: string): TemplateValue => getAtt(logicalId, 'GroupId');

const tcp = (port: number, from: { [key: string]: TemplateValue }, description: string): TemplateValue => ({
  IpProtocol: 'tcp',
  FromPort: port,
  ToPort: port,
  ...from,
  Description: description,
});

/** Replaces the default allow-all egress with a rule that matches nothing (the usual idiom). */
const NO_EGRESS: TemplateValue = [{ IpProtocol: 'icmp', FromPort: 252, ToPort: 86, CidrIp: '255.255.255.255/32', Description: 'No outbound traffic' }];

/** Grouparoo's data stores: reachable from its tasks on their port, and nothing more. */
const STORES = [
  { id: SG.database, what: 'Grouparoo PostgreSQL', port: 5432 },
  { id: SG.redis, what: 'Grouparoo Redis', port: 6379 },
] as const;

function group(ctx: BuildContext, description: string, ingress: TemplateValue[], egress: TemplateValue | undefined, purpose: string) {
  return {
    Type: 'AWS::EC2::SecurityGroup',
    Properties: {
      GroupDescription: description,
      VpcId: ctx.network.vpcId,
      ...(ingress.length ? { SecurityGroupIngress: ingress } : {}),
      ...(egress ? { SecurityGroupEgress: egress } : {}),
    },
    purpose,
  };
}

export function securityGroupResources(ctx: BuildContext): Resources {
  const controlPlane = { CidrIp: ref(PARAM.controlPlaneCidr) };
  const out: Resources = {
    [SG.airbyte]: group(
      ctx,
      'Airbyte host: its API from the control plane only; no SSH (Session Manager instead)',
      [tcp(AIRBYTE_PORT, controlPlane, 'Airbyte API from the Tapestry control plane')],
      undefined,
      'Airbyte host firewall: port 8000 from the control plane only, no SSH',
    ),
    [SG.loadBalancer]: group(
      ctx,
      'Grouparoo load balancer: HTTP from the control plane only',
      [tcp(80, controlPlane, 'Grouparoo from the Tapestry control plane')],
      [tcp(GROUPAROO_PORT, { DestinationSecurityGroupId: groupId(SG.grouparooTasks) }, 'To the Grouparoo web tasks')],
      'Grouparoo load balancer firewall: HTTP from the control plane only',
    ),
    [SG.grouparooTasks]: group(ctx, 'Grouparoo tasks: web traffic from the load balancer only', [], undefined, 'Grouparoo task firewall: the load balancer only'),
    // A separate rule: inline, the two groups would refer to each other (a dependency cycle).
    GrouparooTaskIngressFromLoadBalancer: {
      Type: 'AWS::EC2::SecurityGroupIngress',
      Properties: {
        GroupId: groupId(SG.grouparooTasks),
        IpProtocol: 'tcp',
        FromPort: GROUPAROO_PORT,
        ToPort: GROUPAROO_PORT,
        SourceSecurityGroupId: groupId(SG.loadBalancer),
        Description: 'Grouparoo web from its load balancer',
      },
      purpose: 'Lets the load balancer reach the Grouparoo web tasks',
    },
  };
  for (const store of STORES) {
    out[store.id] = group(
      ctx,
      `${store.what}: from the Grouparoo tasks only`,
      [tcp(store.port, { SourceSecurityGroupId: groupId(SG.grouparooTasks) }, `${store.what} from the Grouparoo tasks`)],
      NO_EGRESS,
      `${store.what} firewall: the Grouparoo tasks only`,
    );
  }
  if (ctx.dbtCore) {
    out[SG.dbtTasks] = group(ctx, 'dbt Core tasks: no inbound traffic; outbound to the warehouse', [], undefined, 'dbt task firewall: nothing inbound');
  }
  return out;
}
