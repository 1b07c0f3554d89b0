// Updates through change sets, as Tapestry makes them (REL-3: every update goes through a change
// set shown to the user): DescribeChangeSet lists Add/Modify/Remove with Replacement, Scope and
// Details as CloudFormation does; executing it replaces, modifies, adds and removes resources and
// ends UPDATE_COMPLETE; nothing to change is refused; a failing update rolls back.
import {
  CreateChangeSetCommand,
  CreateStackCommand,
  DescribeChangeSetCommand,
  DescribeStacksCommand,
  ExecuteChangeSetCommand,
  ListChangeSetsCommand,
  UpdateStackCommand,
  waitUntilChangeSetCreateComplete,
  type Change,
} from '@aws-sdk/client-cloudformation';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allEvents, startCloudFormation, statusesOf, template, waitForStatus, type CloudFormationHarness } from '../../fixtures/cloudformation/stand-in';

let cfn: CloudFormationHarness;

beforeAll(async () => {
  cfn = await startCloudFormation();
});

afterAll(async () => {
  await cfn.close();
});

interface Shape {
  instanceType: string;
  groupDescription: string;
  bucketName: string;
  withLogs: boolean;
  withTopic: boolean;
}

function stackTemplate(shape: Shape): string {
  return template({
    Vpc: { Type: 'AWS::EC2::VPC', Properties: { CidrBlock: '10.1.0.0/16' } },
    Subnet: { Type: 'AWS::EC2::Subnet', Properties: { VpcId: { Ref: 'Vpc' }, CidrBlock: '10.1.1.0/24' } },
    Sg: { Type: 'AWS::EC2::SecurityGroup', Properties: { GroupDescription: shape.groupDescription, VpcId: { Ref: 'Vpc' } } },
    Server: {
      Type: 'AWS::EC2::Instance',
      Properties: { ImageId: 'ami-0123456789abcdef0', InstanceType: shape.instanceType, SubnetId: { Ref: 'Subnet' }, SecurityGroupIds: [{ 'Fn::GetAtt': ['Sg', 'GroupId'] }], Monitoring: true },
    },
    Bucket: { Type: 'AWS::S3::Bucket', Properties: { BucketName: shape.bucketName } },
    ...(shape.withLogs ? { Logs: { Type: 'AWS::Logs::LogGroup', Properties: { RetentionInDays: 7 } } } : {}),
    ...(shape.withTopic ? { Alerts: { Type: 'AWS::SNS::Topic', Properties: { TopicName: 'pipeline-alerts' } } } : {}),
  });
}

const initial: Shape = { instanceType: 't3.large', groupDescription: 'app', bucketName: 'tapestry-staging-1', withLogs: true, withTopic: false };
const changed: Shape = { instanceType: 't3.xlarge', groupDescription: 'app and dbt', bucketName: 'tapestry-staging-2', withLogs: false, withTopic: true };

function byLogicalId(changes: Change[]) {
  return Object.fromEntries(changes.map((c) => [c.ResourceChange?.LogicalResourceId, c.ResourceChange]));
}

describe('change sets', () => {
  it('lists Add, Modify and Remove with replacement, and executing it ends UPDATE_COMPLETE', async () => {
    await cfn.client.send(new CreateStackCommand({ StackName: 'changes', TemplateBody: stackTemplate(initial) }));
    const created = await waitForStatus(cfn.client, 'changes', ['CREATE_COMPLETE']);
    // The live map: read the ids now, before the update changes it.
    const resourcesBefore = cfn.service.engine.store.live('changes')?.resources;
    const oldBucket = resourcesBefore?.get('Bucket')?.physicalId;
    const serverId = resourcesBefore?.get('Server')?.physicalId as string;
    const oldSg = resourcesBefore?.get('Sg')?.physicalId;
    const logsId = resourcesBefore?.get('Logs')?.physicalId;

    const { Id } = await cfn.client.send(
      new CreateChangeSetCommand({ StackName: 'changes', ChangeSetName: 'resize', TemplateBody: stackTemplate(changed), ClientToken: 'tap-cs-1', Description: 'resize and tidy' }),
    );
    expect(Id).toMatch(/^arn:aws:cloudformation:us-east-1:\d{12}:changeSet\/resize\/[0-9a-f-]{36}$/);
    await waitUntilChangeSetCreateComplete({ client: cfn.client, maxWaitTime: 20, minDelay: 1, maxDelay: 1 }, { ChangeSetName: Id });
    const described = await cfn.client.send(new DescribeChangeSetCommand({ ChangeSetName: 'resize', StackName: 'changes' }));
    expect(described).toMatchObject({ Status: 'CREATE_COMPLETE', ExecutionStatus: 'AVAILABLE', StackId: created.StackId, ChangeSetId: Id, Description: 'resize and tidy' });
    const changes = byLogicalId(described.Changes ?? []);
    expect(Object.keys(changes).sort()).toEqual(['Alerts', 'Bucket', 'Logs', 'Server', 'Sg']);
    expect(changes.Alerts).toMatchObject({ Action: 'Add', ResourceType: 'AWS::SNS::Topic' });
    expect(changes.Logs).toMatchObject({ Action: 'Remove', ResourceType: 'AWS::Logs::LogGroup', PhysicalResourceId: logsId });
    expect(changes.Bucket).toMatchObject({
      Action: 'Modify',
      Replacement: 'True',
      Scope: ['Properties'],
      Details: [{ Target: { Attribute: 'Properties', Name: 'BucketName', RequiresRecreation: 'Always' }, Evaluation: 'Static', ChangeSource: 'DirectModification' }],
    });
    expect(changes.Sg).toMatchObject({ Action: 'Modify', Replacement: 'True', PhysicalResourceId: oldSg });
    // The instance: a direct change of type (conditionally recreating, per the schema) and a
    // security group id that is only known once the group is replaced.
    expect(changes.Server?.Action).toBe('Modify');
    expect(changes.Server?.Replacement).toBe('Conditional');
    expect(changes.Server?.Details).toEqual(
      expect.arrayContaining([
        { Target: { Attribute: 'Properties', Name: 'InstanceType', RequiresRecreation: 'Conditionally' }, Evaluation: 'Static', ChangeSource: 'DirectModification' },
        { Target: { Attribute: 'Properties', Name: 'SecurityGroupIds', RequiresRecreation: 'Conditionally' }, Evaluation: 'Dynamic', ChangeSource: 'ResourceAttribute', CausingEntity: 'Sg.GroupId' },
      ]),
    );
    expect(changes.Vpc).toBeUndefined();

    // Same ClientToken: the same change set, not a second one.
    const again = await cfn.client.send(new CreateChangeSetCommand({ StackName: 'changes', ChangeSetName: 'resize', TemplateBody: stackTemplate(changed), ClientToken: 'tap-cs-1' }));
    expect(again.Id).toBe(Id);
    expect((await cfn.client.send(new ListChangeSetsCommand({ StackName: 'changes' }))).Summaries?.map((s) => s.ChangeSetId)).toEqual([Id]);

    await cfn.client.send(new ExecuteChangeSetCommand({ ChangeSetName: Id, ClientRequestToken: 'tap-exec-1' }));
    await cfn.client.send(new ExecuteChangeSetCommand({ ChangeSetName: Id, ClientRequestToken: 'tap-exec-1' }));
    const after = await waitForStatus(cfn.client, 'changes', ['UPDATE_COMPLETE', 'UPDATE_ROLLBACK_COMPLETE']);
    expect(after).toMatchObject({ StackStatus: 'UPDATE_COMPLETE', ChangeSetId: Id });
    expect((await cfn.client.send(new DescribeChangeSetCommand({ ChangeSetName: Id }))).ExecutionStatus).toBe('EXECUTE_COMPLETE');

    const events = (await allEvents(cfn.client, 'changes')).filter((e) => e.ClientRequestToken === 'tap-exec-1');
    expect(statusesOf(events, 'changes')).toEqual(['UPDATE_IN_PROGRESS', 'UPDATE_COMPLETE_CLEANUP_IN_PROGRESS', 'UPDATE_COMPLETE']);
    const resources = cfn.service.engine.store.live('changes')?.resources;
    const newBucket = resources?.get('Bucket')?.physicalId;
    expect(newBucket).toBe('tapestry-staging-2');
    expect(events.find((e) => e.LogicalResourceId === 'Bucket' && e.ResourceStatus === 'UPDATE_IN_PROGRESS')?.ResourceStatusReason).toBe(
      'Requested update requires the creation of a new physical resource; hence creating one.',
    );
    // The old bucket and group go at cleanup, under their old physical ids; the log group is removed.
    const cleanup = events.slice(events.findIndex((e) => (e.ResourceStatus as string) === 'UPDATE_COMPLETE_CLEANUP_IN_PROGRESS'));
    expect(cleanup.filter((e) => e.ResourceStatus === 'DELETE_COMPLETE').map((e) => `${e.LogicalResourceId}:${e.PhysicalResourceId}`).sort()).toEqual(
      [`Bucket:${oldBucket}`, `Logs:${logsId}`, `Sg:${oldSg}`].sort(),
    );
    expect(resources?.has('Logs')).toBe(false);
    expect(resources?.get('Alerts')?.status).toBe('CREATE_COMPLETE');
    // An instance type change is an update with interruption: same instance, new type.
    expect(resources?.get('Server')?.physicalId).toBe(serverId);
    expect(cfn.world.instances.get(serverId)).toMatchObject({ instanceType: 't3.xlarge', state: 'running' });
  });

  it('nothing to change: UpdateStack refuses and a change set fails with the reason', async () => {
    await expect(cfn.client.send(new UpdateStackCommand({ StackName: 'changes', TemplateBody: stackTemplate(changed) }))).rejects.toMatchObject({
      name: 'ValidationError',
      message: 'No updates are to be performed.',
    });
    await cfn.client.send(new CreateChangeSetCommand({ StackName: 'changes', ChangeSetName: 'nothing', UsePreviousTemplate: true }));
    await expect(waitUntilChangeSetCreateComplete({ client: cfn.client, maxWaitTime: 10, minDelay: 1, maxDelay: 1 }, { ChangeSetName: 'nothing', StackName: 'changes' })).rejects.toThrow();
    const failed = await cfn.client.send(new DescribeChangeSetCommand({ ChangeSetName: 'nothing', StackName: 'changes' }));
    expect(failed).toMatchObject({
      Status: 'FAILED',
      ExecutionStatus: 'UNAVAILABLE',
      StatusReason: "The submitted information didn't contain changes. Submit different information to create a change set.",
    });
    await expect(cfn.client.send(new ExecuteChangeSetCommand({ ChangeSetName: 'nothing', StackName: 'changes' }))).rejects.toMatchObject({ name: 'InvalidChangeSetStatusException' });
    await expect(cfn.client.send(new DescribeChangeSetCommand({ ChangeSetName: 'missing', StackName: 'changes' }))).rejects.toMatchObject({
      name: 'ChangeSetNotFoundException',
      message: 'ChangeSet [missing] does not exist',
    });
  });

  it('a CREATE change set makes a REVIEW_IN_PROGRESS stack that executing creates', async () => {
    const { Id, StackId } = await cfn.client.send(
      new CreateChangeSetCommand({ StackName: 'reviewed', ChangeSetName: 'first', ChangeSetType: 'CREATE', TemplateBody: stackTemplate({ ...initial, bucketName: 'reviewed-bucket' }) }),
    );
    expect((await cfn.client.send(new DescribeStacksCommand({ StackName: 'reviewed' }))).Stacks?.[0]?.StackStatus).toBe('REVIEW_IN_PROGRESS');
    await waitUntilChangeSetCreateComplete({ client: cfn.client, maxWaitTime: 10, minDelay: 1, maxDelay: 1 }, { ChangeSetName: Id });
    const described = await cfn.client.send(new DescribeChangeSetCommand({ ChangeSetName: Id }));
    expect(described.Changes?.every((c) => c.ResourceChange?.Action === 'Add')).toBe(true);
    expect(described.Changes).toHaveLength(6);
    await cfn.client.send(new ExecuteChangeSetCommand({ ChangeSetName: Id }));
    const stack = await waitForStatus(cfn.client, 'reviewed', ['CREATE_COMPLETE', 'ROLLBACK_COMPLETE']);
    expect(stack).toMatchObject({ StackStatus: 'CREATE_COMPLETE', StackId });
    expect(statusesOf(await allEvents(cfn.client, 'reviewed'), 'reviewed')).toEqual(['REVIEW_IN_PROGRESS', 'CREATE_IN_PROGRESS', 'CREATE_COMPLETE']);
  });

  it('a failing update rolls back to the old properties and ends UPDATE_ROLLBACK_COMPLETE', async () => {
    const resources = cfn.service.engine.store.live('reviewed')?.resources;
    const serverId = resources?.get('Server')?.physicalId as string;
    const failing = stackTemplate({ ...initial, bucketName: 'reviewed-bucket', instanceType: 'm6i.large', withTopic: true }).replace(
      '"Alerts":{"Type":"AWS::SNS::Topic"',
      '"Alerts":{"Type":"AWS::SNS::Topic","Metadata":{"Tapestry::Sandbox":{"Fail":"Topic limit reached"}}',
    );
    await cfn.client.send(new UpdateStackCommand({ StackName: 'reviewed', TemplateBody: failing, ClientRequestToken: 'tap-update-fail' }));
    const stack = await waitForStatus(cfn.client, 'reviewed', ['UPDATE_ROLLBACK_COMPLETE', 'UPDATE_COMPLETE', 'UPDATE_ROLLBACK_FAILED']);
    expect(stack.StackStatus).toBe('UPDATE_ROLLBACK_COMPLETE');
    const events = (await allEvents(cfn.client, 'reviewed')).filter((e) => e.ClientRequestToken === 'tap-update-fail');
    expect(events.find((e) => e.ResourceStatus === 'UPDATE_ROLLBACK_IN_PROGRESS')?.ResourceStatusReason).toMatch(/^The following resource\(s\) failed to (create|update): \[.*Alerts.*\]\. $/);
    expect(events.find((e) => e.LogicalResourceId === 'Alerts' && e.ResourceStatus === 'CREATE_FAILED')?.ResourceStatusReason).toBe('Topic limit reached');
    expect(statusesOf(events, 'Alerts').slice(-1)).toEqual(['DELETE_COMPLETE']);
    const after = cfn.service.engine.store.live('reviewed')?.resources;
    expect(after?.has('Alerts')).toBe(false);
    expect(after?.get('Server')?.properties.InstanceType).toBe('t3.large');
    expect(cfn.world.instances.get(serverId)).toMatchObject({ instanceType: 't3.large', state: 'running' });
    expect(cfn.service.engine.store.live('reviewed')?.template.body).not.toBe(failing);
  });
});
