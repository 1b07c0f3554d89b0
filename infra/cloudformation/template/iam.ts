// IAM building blocks, so every role states its grants the same way: named statements, actions
// spelled out, resources by reference (an ARN of this stack's own resource) wherever the action
// supports resource-level permissions. Roles are left unnamed: CloudFormation names them after
// the stack, and the deploy needs only CAPABILITY_IAM.
import { arnWithin, getAtt, ref } from './fn';
import type { ResourceSpec, TemplateValue } from './types';

type Service = 'ec2.amazonaws.com' | 'ecs-tasks.amazonaws.com';

export type Statement = { [key: string]: TemplateValue };

/** `'*'` only for actions that have no resource-level permissions (e.g. cloudwatch:PutMetricData). */
export function allow(sid: string, actions: string[], resources: TemplateValue[] | '*', condition?: { [key: string]: TemplateValue }): Statement {
  return { Sid: sid, Effect: 'Allow', Action: actions, Resource: resources, ...(condition ? { Condition: condition } : {}) };
}

/** Trust for a service; ECS tasks only on behalf of this account (confused-deputy guard). */
function trustPolicy(service: Service): TemplateValue {
  const statement: Statement = { Effect: 'Allow', Principal: { Service: [service] }, Action: ['sts:AssumeRole'] };
  if (service === 'ecs-tasks.amazonaws.com') statement.Condition = { StringEquals: { 'aws:SourceAccount': ref('AWS::AccountId') } };
  return { Version: '2012-10-17', Statement: [statement] };
}

export function role(options: { service: Service; description: string; policyName: string; statements: Statement[]; managedPolicies?: TemplateValue[]; purpose: string }): ResourceSpec {
  return {
    Type: 'AWS::IAM::Role',
    Properties: {
      Description: options.description,
      AssumeRolePolicyDocument: trustPolicy(options.service),
      ...(options.managedPolicies ? { ManagedPolicyArns: options.managedPolicies } : {}),
      Policies: [{ PolicyName: options.policyName, PolicyDocument: { Version: '2012-10-17', Statement: options.statements } }],
    },
    purpose: options.purpose,
  };
}

/** Write to exactly these log groups (their `Arn` attribute ends in `:*`, covering their streams). */
export const writeLogs = (logGroupIds: string[]): Statement =>
  allow('WriteOwnLogGroups', ['logs:CreateLogStream', 'logs:PutLogEvents', 'logs:DescribeLogStreams'], logGroupIds.map((id) => getAtt(id, 'Arn')));

/** Read exactly these secrets (Ref of a secret is its ARN). */
export const readSecrets = (secretIds: string[]): Statement => allow('ReadOwnSecrets', ['secretsmanager:GetSecretValue'], secretIds.map((id) => ref(id)));

/** List, read and write the objects under one prefix of a bucket, nothing else in it. */
export function bucketPrefix(sidPrefix: string, bucketId: string, prefix: string): Statement[] {
  const bucketArn = getAtt(bucketId, 'Arn');
  return [
    allow(`${sidPrefix}ListPrefix`, ['s3:ListBucket'], [bucketArn], { StringLike: { 's3:prefix': [`${prefix}*`] } }),
    allow(`${sidPrefix}Objects`, ['s3:GetObject', 's3:PutObject', 's3:DeleteObject', 's3:AbortMultipartUpload'], [arnWithin(bucketArn, `/${prefix}*`)]),
  ];
}
