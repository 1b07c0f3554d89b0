// The Airbyte host: one EC2 instance in a private subnet, with no SSH key and no public address
// (people reach it through Session Manager), IMDSv2 only, detailed monitoring, an encrypted gp3
// root volume (abctl keeps Airbyte's database and job logs there), and a role that can do what
// the host needs and nothing more.
//
// What an SRE should know before changing a parameter: an instance type change stops and starts
// the instance (Airbyte comes back through the airbyte-abctl unit), but a volume size change or a
// new Amazon Linux image behind the AMI parameter REPLACES the instance, and with it Airbyte's
// state. The change set says so ("Replacement: True"): read it before executing.
import { AIRBYTE_STAGING_PREFIX, BUCKET } from './staging-bucket';
import { AIRBYTE_INSTANCE, airbyteUserData } from './airbyte-user-data';
import { allow, bucketPrefix, readSecrets, role, writeLogs } from './iam';
import { awsManagedPolicy, base64, ref, sub } from './fn';
import { groupId, SG } from './security-groups';
import { LOGS } from './log-groups';
import { PARAM } from './parameters';
import { SECRET } from './secrets';
import type { BuildContext, Resources } from './types';

const ROLE = 'AirbyteHostRole';
const PROFILE = 'AirbyteInstanceProfile';
/** abctl pulls a few GiB of images and waits for every pod: up to 30 minutes on a slow day. */
const INSTALL_TIMEOUT = 'PT45M';

export function airbyteResources(ctx: BuildContext): Resources {
  return {
    [ROLE]: role({
      service: 'ec2.amazonaws.com',
      description: 'Airbyte host: Session Manager, its own secrets, its staging prefix, its log group',
      policyName: 'airbyte-host',
      managedPolicies: [awsManagedPolicy('AmazonSSMManagedInstanceCore')],
      statements: [
        readSecrets([SECRET.airbyteAdmin]),
        allow('WriteApplicationCredentials', ['secretsmanager:PutSecretValue'], [ref(SECRET.airbyteApplication)]),
        writeLogs([LOGS.airbyte]),
        ...bucketPrefix('Staging', BUCKET, AIRBYTE_STAGING_PREFIX),
        // PutMetricData has no resource-level permissions; the namespace condition narrows it.
        allow('PublishAgentMetrics', ['cloudwatch:PutMetricData'], '*', { StringEquals: { 'cloudwatch:namespace': 'CWAgent' } }),
      ],
      purpose: 'Airbyte host role: Session Manager, its secrets, staging prefix, logs and metrics',
    }),
    [PROFILE]: { Type: 'AWS::IAM::InstanceProfile', Properties: { Roles: [ref(ROLE)] }, purpose: 'Gives the Airbyte host its role' },
    [AIRBYTE_INSTANCE]: {
      Type: 'AWS::EC2::Instance',
      Properties: {
        ImageId: ref(PARAM.airbyteAmiId),
        InstanceType: ref(PARAM.airbyteInstanceType),
        SubnetId: ctx.network.firstPrivateSubnet,
        SecurityGroupIds: [groupId(SG.airbyte)],
        IamInstanceProfile: ref(PROFILE),
        Monitoring: true,
        MetadataOptions: { HttpEndpoint: 'enabled', HttpTokens: 'required', HttpPutResponseHopLimit: 1 },
        BlockDeviceMappings: [{ DeviceName: '/dev/xvda', Ebs: { VolumeType: 'gp3', VolumeSize: ref(PARAM.airbyteVolumeGiB), Encrypted: true, DeleteOnTermination: true } }],
        PropagateTagsToVolumeOnCreation: true,
        UserData: base64(sub(airbyteUserData())),
        Tags: [{ Key: 'Name', Value: `${ctx.stackName}-airbyte` }],
      },
      CreationPolicy: { ResourceSignal: { Count: 1, Timeout: INSTALL_TIMEOUT } },
      purpose: 'Airbyte host (abctl); instance type and volume size are parameters',
    },
  };
}
