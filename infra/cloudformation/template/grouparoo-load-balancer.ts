// How the control plane reaches Grouparoo's web service: an internal Application Load Balancer
// in the private subnets, open to ControlPlaneCidr only. Chosen over a bare service port because
// Fargate tasks get a new address on every deploy or restart, while the load balancer keeps one
// DNS name (resolvable from anywhere, answering with private addresses), checks the tasks'
// health and drains them during deploys. HTTP on port 80: the traffic stays on private networks
// and the stack has no domain to issue a certificate for; add an HTTPS listener with an ACM
// certificate when the control plane reaches it across anything less trusted.
import { GROUPAROO_PORT } from './versions';
import { groupId, SG } from './security-groups';
import { ref } from './fn';
import type { BuildContext, Resources } from './types';

export const LOAD_BALANCER = 'GrouparooLoadBalancer';
export const TARGET_GROUP = 'GrouparooTargetGroup';
export const LISTENER = 'GrouparooHttpListener';
/** Grouparoo's unauthenticated status route (what the sandbox waits on too). */
const HEALTH_CHECK_PATH = '/api/v1/status/public';

export function loadBalancerResources(ctx: BuildContext): Resources {
  return {
    [LOAD_BALANCER]: {
      Type: 'AWS::ElasticLoadBalancingV2::LoadBalancer',
      Properties: {
        Type: 'application',
        Scheme: 'internal',
        Subnets: ctx.network.privateSubnets,
        SecurityGroups: [groupId(SG.loadBalancer)],
        LoadBalancerAttributes: [
          { Key: 'routing.http.drop_invalid_header_fields.enabled', Value: 'true' },
          { Key: 'deletion_protection.enabled', Value: 'false' },
        ],
      },
      purpose: 'Internal load balancer in front of Grouparoo web (control plane only)',
    },
    [TARGET_GROUP]: {
      Type: 'AWS::ElasticLoadBalancingV2::TargetGroup',
      Properties: {
        TargetType: 'ip',
        Protocol: 'HTTP',
        Port: GROUPAROO_PORT,
        VpcId: ctx.network.vpcId,
        HealthCheckPath: HEALTH_CHECK_PATH,
        HealthCheckIntervalSeconds: 30,
        HealthyThresholdCount: 2,
        UnhealthyThresholdCount: 3,
        Matcher: { HttpCode: '200' },
        TargetGroupAttributes: [{ Key: 'deregistration_delay.timeout_seconds', Value: '30' }],
      },
      purpose: 'Grouparoo web tasks behind the load balancer, health-checked',
    },
    [LISTENER]: {
      Type: 'AWS::ElasticLoadBalancingV2::Listener',
      Properties: { LoadBalancerArn: ref(LOAD_BALANCER), Port: 80, Protocol: 'HTTP', DefaultActions: [{ Type: 'forward', TargetGroupArn: ref(TARGET_GROUP) }] },
      purpose: 'HTTP listener forwarding to Grouparoo web',
    },
  };
}
