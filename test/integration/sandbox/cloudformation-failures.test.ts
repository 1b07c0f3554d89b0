// How the CloudFormation stand-in fails, driven by the official SDK: invalid properties fail the
// resource with CloudFormation's validation message and the stack rolls back; malformed templates,
// unknown types, missing parameters and missing capabilities are refused at the API; failures
// injected through a control route or the template's Metadata roll back; a stalled stack writes
// no events until released; a failed update rollback is finished with ContinueUpdateRollback.
import {
  ContinueUpdateRollbackCommand,
  CreateStackCommand,
  DeleteStackCommand,
  DescribeStackEventsCommand,
  DescribeStacksCommand,
  RollbackStackCommand,
  UpdateStackCommand,
  ValidateTemplateCommand,
} from '@aws-sdk/client-cloudformation';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { allEvents, fixture, startCloudFormation, statusesOf, template, waitForStatus, type CloudFormationHarness } from '../../fixtures/cloudformation/stand-in';

let cfn: CloudFormationHarness;

beforeAll(async () => {
  cfn = await startCloudFormation({ recordBodies: true });
});

afterEach(async () => {
  await fetch(`${cfn.server.url}/__sandbox/cloudformation/failures`, { method: 'DELETE' });
  await fetch(`${cfn.server.url}/__sandbox/cloudformation/stall`, { method: 'DELETE' });
});

afterAll(async () => {
  await cfn.close();
});

const network = {
  Vpc: { Type: 'AWS::EC2::VPC', Properties: { CidrBlock: '10.0.0.0/16' } },
  Subnet: { Type: 'AWS::EC2::Subnet', Properties: { VpcId: { Ref: 'Vpc' }, CidrBlock: '10.0.1.0/24' } },
};
const instance = (properties: Record<string, unknown>) => ({
  Type: 'AWS::EC2::Instance',
  Properties: { ImageId: 'ami-0123456789abcdef0', SubnetId: { Ref: 'Subnet' }, ...properties },
});

describe('invalid resource properties', () => {
  it.each([
    ['an unknown key', 'extraneous-key', { Subnet: { ...network.Subnet, Properties: { ...network.Subnet.Properties, Foo: 'bar' } } }, 'Subnet', '#: extraneous key [Foo] is not permitted'],
    ['a wrong type', 'wrong-type', { Server: instance({ Monitoring: { Enabled: true } }) }, 'Server', '#/Monitoring: expected type: Boolean, found: JSONObject'],
    ['a value outside the enum', 'bad-enum', { Server: instance({ InstanceType: 't9.colossal' }) }, 'Server', '#/InstanceType: failed validation constraint for keyword [enum]'],
    ['a missing required key', 'missing-required', { Sg: { Type: 'AWS::EC2::SecurityGroup', Properties: { VpcId: { Ref: 'Vpc' } } } }, 'Sg', '#: required key [GroupDescription] not found'],
  ])('%s fails the resource with CloudFormation’s message and the stack rolls back', async (_what, stackName, resources, failing, problem) => {
    await cfn.client.send(new CreateStackCommand({ StackName: stackName, TemplateBody: template({ ...network, ...resources }), ClientRequestToken: `tap-${stackName}` }));
    const stack = await waitForStatus(cfn.client, stackName, ['ROLLBACK_COMPLETE', 'CREATE_COMPLETE', 'ROLLBACK_FAILED']);
    expect(stack.StackStatus).toBe('ROLLBACK_COMPLETE');
    const events = await allEvents(cfn.client, stackName);
    const failed = events.find((e) => e.ResourceStatus === 'CREATE_FAILED');
    expect(failed).toMatchObject({
      LogicalResourceId: failing,
      ResourceStatusReason: `Properties validation failed for resource ${failing} with message: [${problem}]`,
      DetailedStatus: 'VALIDATION_FAILED',
    });
    // Resources still in progress when one fails are cancelled, and listed with it.
    const failedIds = events.filter((e) => e.ResourceStatus === 'CREATE_FAILED').map((e) => e.LogicalResourceId);
    for (const other of events.filter((e) => e.ResourceStatus === 'CREATE_FAILED' && e.LogicalResourceId !== failing)) {
      expect(other.ResourceStatusReason).toBe('Resource creation cancelled');
    }
    const rollback = events.find((e) => e.ResourceStatus === 'ROLLBACK_IN_PROGRESS');
    expect(rollback?.ResourceStatusReason).toBe(`The following resource(s) failed to create: [${failedIds.join(', ')}]. Rollback requested by user.`);
    // What had been created is deleted, and the stack says so last.
    expect(statusesOf(events, 'Vpc')).toEqual(['CREATE_IN_PROGRESS', 'CREATE_IN_PROGRESS', 'CREATE_COMPLETE', 'DELETE_IN_PROGRESS', 'DELETE_COMPLETE']);
    expect(statusesOf(events, failing).slice(-2)).toEqual(['CREATE_FAILED', 'DELETE_COMPLETE']);
    expect(statusesOf(events, stackName)).toEqual(['CREATE_IN_PROGRESS', 'ROLLBACK_IN_PROGRESS', 'ROLLBACK_COMPLETE']);
    expect(events.every((e) => e.ClientRequestToken === `tap-${stackName}`)).toBe(true);
  });
});

describe('templates refused at the API', () => {
  const refusals: [string, string, string][] = [
    ['an unknown resource type', template({ Thing: { Type: 'AWS::Foo::Bar' }, ...network }), 'Template format error: Unrecognized resource types: [AWS::Foo::Bar]'],
    ['YAML that is not well-formed', 'Resources:\n  Vpc:\n    Type: AWS::EC2::VPC\n   Properties: [\n', 'Template format error: YAML not well-formed. (line 4, column 1)'],
    ['JSON that is not well-formed', '{"Resources": {"Vpc": {"Type": "AWS::EC2::VPC",}}}', 'Template format error: JSON not well-formed. (line 1, column 48)'],
    ['an unresolved Ref', template({ Subnet: network.Subnet }), 'Template format error: Unresolved resource dependencies [Vpc] in the Resources block of the template'],
    ['an unknown section', JSON.stringify({ Resources: network, Output: {} }), 'Template format error: Invalid template property or properties [Output]'],
    ['a resource without Type', template({ Vpc: { Properties: {} } }), 'Template format error: [/Resources/Vpc] Every Resources object must contain a Type member.'],
    ['an attribute the type lacks', template({ ...network, Sg: { Type: 'AWS::EC2::SecurityGroup', Properties: { GroupDescription: { 'Fn::GetAtt': ['Vpc', 'Colour'] } } } }), 'Template error: resource Vpc does not support attribute type Colour in Fn::GetAtt'],
    ['a dependency cycle', template({ A: { Type: 'AWS::SNS::Topic', DependsOn: 'B' }, B: { Type: 'AWS::SNS::Topic', DependsOn: 'A' } }), 'Circular dependency between resources: [A, B]'],
  ];

  it.each(refusals)('%s: CreateStack and ValidateTemplate answer ValidationError', async (_what, body, message) => {
    await expect(cfn.client.send(new ValidateTemplateCommand({ TemplateBody: body }))).rejects.toMatchObject({ name: 'ValidationError', message });
    await expect(cfn.client.send(new CreateStackCommand({ StackName: 'refused', TemplateBody: body }))).rejects.toMatchObject({ name: 'ValidationError', message });
    await expect(cfn.client.send(new DescribeStacksCommand({ StackName: 'refused' }))).rejects.toMatchObject({ message: 'Stack with id refused does not exist' });
  });

  it('asks for missing parameter values and for the IAM capabilities the template needs', async () => {
    const body = fixture('pipeline-stack.yaml');
    await expect(cfn.client.send(new CreateStackCommand({ StackName: 'no-params', TemplateBody: body, Capabilities: ['CAPABILITY_IAM'] }))).rejects.toMatchObject({
      name: 'ValidationError',
      message: 'Parameters: [DbPassword] must have values',
    });
    const params = [{ ParameterKey: 'DbPassword', ParameterValue: 'long-enough-password' }];
    await expect(cfn.client.send(new CreateStackCommand({ StackName: 'no-caps', TemplateBody: body, Parameters: params }))).rejects.toMatchObject({
      name: 'InsufficientCapabilitiesException',
      message: 'Requires capabilities : [CAPABILITY_IAM]',
    });
    const named = template({ Role: { Type: 'AWS::IAM::Role', Properties: { RoleName: 'fixed-name', AssumeRolePolicyDocument: {} } } });
    await expect(cfn.client.send(new CreateStackCommand({ StackName: 'named', TemplateBody: named, Capabilities: ['CAPABILITY_IAM'] }))).rejects.toMatchObject({
      name: 'InsufficientCapabilitiesException',
      message: 'Requires capabilities : [CAPABILITY_NAMED_IAM]',
    });
    const validated = await cfn.client.send(new ValidateTemplateCommand({ TemplateBody: body }));
    expect(validated.Capabilities).toEqual(['CAPABILITY_IAM']);
    expect(validated.CapabilitiesReason).toBe('The following resource(s) require capabilities: [AWS::IAM::Role, AWS::IAM::InstanceProfile]');
    expect(validated.Parameters?.find((p) => p.ParameterKey === 'DbPassword')).toMatchObject({ NoEcho: true });
    await expect(
      cfn.client.send(new CreateStackCommand({ StackName: 'short-password', TemplateBody: body, Capabilities: ['CAPABILITY_IAM'], Parameters: [{ ParameterKey: 'DbPassword', ParameterValue: 'short' }] })),
    ).rejects.toMatchObject({ name: 'ValidationError', message: "Parameter 'DbPassword' must contain at least 12 characters" });
  });
});

describe('failures on purpose', () => {
  it('a failure rule from the control route fails the resource with its reason and the stack rolls back', async () => {
    const rule = await fetch(`${cfn.server.url}/__sandbox/cloudformation/failures`, {
      method: 'PUT',
      body: JSON.stringify({ logicalId: 'Subnet', reason: 'Resource handler returned message: "The CIDR 10.0.1.0/24 conflicts with another subnet"', times: 1 }),
    });
    expect(rule.status).toBe(200);
    await cfn.client.send(new CreateStackCommand({ StackName: 'injected', TemplateBody: template(network) }));
    await waitForStatus(cfn.client, 'injected', ['ROLLBACK_COMPLETE']);
    const events = await allEvents(cfn.client, 'injected');
    expect(events.find((e) => e.ResourceStatus === 'CREATE_FAILED')).toMatchObject({
      LogicalResourceId: 'Subnet',
      ResourceStatusReason: 'Resource handler returned message: "The CIDR 10.0.1.0/24 conflicts with another subnet"',
    });
    // A ROLLBACK_COMPLETE stack can only be deleted; then the name is free again, and the
    // used-up rule no longer fails the subnet (REL-3: delete, then recreate).
    const first = await waitForStatus(cfn.client, 'injected', ['ROLLBACK_COMPLETE']);
    await expect(cfn.client.send(new UpdateStackCommand({ StackName: 'injected', UsePreviousTemplate: true }))).rejects.toMatchObject({
      message: `Stack:${first.StackId} is in ROLLBACK_COMPLETE state and can not be updated.`,
    });
    await cfn.client.send(new DeleteStackCommand({ StackName: 'injected' }));
    await waitForStatus(cfn.client, first.StackId as string, ['DELETE_COMPLETE']);
    const again = await cfn.client.send(new CreateStackCommand({ StackName: 'injected', TemplateBody: template(network) }));
    expect(again.StackId).not.toBe(first.StackId);
    await waitForStatus(cfn.client, 'injected', ['CREATE_COMPLETE']);
  });

  it('Metadata Tapestry::Sandbox Fail makes a resource fail; with OnFailure DO_NOTHING the stack stays CREATE_FAILED', async () => {
    const resources = { ...network, Subnet: { ...network.Subnet, Metadata: { 'Tapestry::Sandbox': { Fail: 'Subnet quota exceeded' } } } };
    await cfn.client.send(new CreateStackCommand({ StackName: 'metadata-fail', TemplateBody: template(resources), OnFailure: 'DO_NOTHING' }));
    const stack = await waitForStatus(cfn.client, 'metadata-fail', ['CREATE_FAILED', 'ROLLBACK_COMPLETE']);
    expect(stack).toMatchObject({ StackStatus: 'CREATE_FAILED', StackStatusReason: 'The following resource(s) failed to create: [Subnet]. ', DisableRollback: true });
    expect(statusesOf(await allEvents(cfn.client, 'metadata-fail'), 'Vpc')).toEqual(['CREATE_IN_PROGRESS', 'CREATE_IN_PROGRESS', 'CREATE_COMPLETE']);
    // RollbackStack finishes what DO_NOTHING left.
    await cfn.client.send(new RollbackStackCommand({ StackName: 'metadata-fail', ClientRequestToken: 'tap-rollback-1' }));
    await waitForStatus(cfn.client, 'metadata-fail', ['ROLLBACK_COMPLETE']);
    const events = (await allEvents(cfn.client, 'metadata-fail')).filter((e) => e.ClientRequestToken === 'tap-rollback-1');
    expect(statusesOf(events, 'Vpc')).toEqual(['DELETE_IN_PROGRESS', 'DELETE_COMPLETE']);
    expect(statusesOf(events, 'metadata-fail')).toEqual(['ROLLBACK_IN_PROGRESS', 'ROLLBACK_COMPLETE']);
  });

  it('a stalled stack writes no new event until it is released', async () => {
    const stall = await fetch(`${cfn.server.url}/__sandbox/cloudformation/stall`, { method: 'PUT', body: JSON.stringify({ stackName: 'stalled' }) });
    expect(await stall.json()).toEqual({ stalled: ['stalled'] });
    await cfn.client.send(new CreateStackCommand({ StackName: 'stalled', TemplateBody: template(network) }));
    await new Promise((r) => setTimeout(r, 300));
    const held = (await cfn.client.send(new DescribeStackEventsCommand({ StackName: 'stalled' }))).StackEvents ?? [];
    expect(held.map((e) => `${e.LogicalResourceId} ${e.ResourceStatus}`)).toEqual(['stalled CREATE_IN_PROGRESS']);
    expect((await cfn.client.send(new DescribeStacksCommand({ StackName: 'stalled' }))).Stacks?.[0]?.StackStatus).toBe('CREATE_IN_PROGRESS');
    const view = (await (await fetch(`${cfn.server.url}/__sandbox/cloudformation/stacks/stalled`)).json()) as { status: string; eventCount: number };
    expect(view).toMatchObject({ status: 'CREATE_IN_PROGRESS', eventCount: 1 });
    await fetch(`${cfn.server.url}/__sandbox/cloudformation/stall?stackName=stalled`, { method: 'DELETE' });
    await waitForStatus(cfn.client, 'stalled', ['CREATE_COMPLETE']);
  });

  it('an update whose rollback fails ends UPDATE_ROLLBACK_FAILED, and ContinueUpdateRollback finishes it', async () => {
    const logs = (days: number) => template({ Audit: { Type: 'AWS::Logs::LogGroup', Properties: { RetentionInDays: days } }, App: { Type: 'AWS::Logs::LogGroup', Properties: { RetentionInDays: days } } });
    await cfn.client.send(new CreateStackCommand({ StackName: 'stuck-rollback', TemplateBody: logs(7) }));
    await waitForStatus(cfn.client, 'stuck-rollback', ['CREATE_COMPLETE']);
    await fetch(`${cfn.server.url}/__sandbox/cloudformation/failures`, { method: 'PUT', body: JSON.stringify({ logicalId: 'App', phases: ['update'], times: 2, reason: 'Rate exceeded' }) });
    await cfn.client.send(new UpdateStackCommand({ StackName: 'stuck-rollback', TemplateBody: logs(30), ClientRequestToken: 'tap-update-1' }));
    const stuck = await waitForStatus(cfn.client, 'stuck-rollback', ['UPDATE_ROLLBACK_FAILED', 'UPDATE_ROLLBACK_COMPLETE']);
    expect(stuck).toMatchObject({ StackStatus: 'UPDATE_ROLLBACK_FAILED', StackStatusReason: 'The following resource(s) failed to update: [App]. ' });
    await cfn.client.send(new ContinueUpdateRollbackCommand({ StackName: 'stuck-rollback', ClientRequestToken: 'tap-continue-1' }));
    await waitForStatus(cfn.client, 'stuck-rollback', ['UPDATE_ROLLBACK_COMPLETE']);
    const events = await allEvents(cfn.client, 'stuck-rollback');
    expect(statusesOf(events, 'stuck-rollback')).toEqual([
      'CREATE_IN_PROGRESS',
      'CREATE_COMPLETE',
      'UPDATE_IN_PROGRESS',
      'UPDATE_ROLLBACK_IN_PROGRESS',
      'UPDATE_ROLLBACK_FAILED',
      'UPDATE_ROLLBACK_IN_PROGRESS',
      'UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS',
      'UPDATE_ROLLBACK_COMPLETE',
    ]);
    expect(events.filter((e) => e.ClientRequestToken === 'tap-continue-1').length).toBeGreaterThan(2);
    const app = cfn.service.engine.store.live('stuck-rollback')?.resources.get('App');
    expect(app?.properties).toEqual({ RetentionInDays: 7 });
    expect(app?.status).toBe('UPDATE_COMPLETE');
  });
});

describe('bad requests', () => {
  it('answers malformed calls with the service’s errors, never a 500', async () => {
    const post = (body: string) =>
      fetch(cfn.server.url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body }).then(async (r) => ({
        status: r.status,
        text: (await r.text()).replace(/&apos;/g, "'"),
      }));
    const unknownAction = await post('Action=CreateStackz&Version=2010-05-15');
    expect(unknownAction.status).toBe(400);
    expect(unknownAction.text).toContain('<Code>InvalidAction</Code>');
    const noName = await post('Action=CreateStack&Version=2010-05-15&TemplateBody=%7B%7D');
    expect(noName.status).toBe(400);
    expect(noName.text).toContain("Value null at 'stackName' failed to satisfy constraint: Member must not be null");
    const badName = await post('Action=CreateStack&Version=2010-05-15&StackName=9lives&TemplateBody=%7B%7D');
    expect(badName.text).toContain('Member must satisfy regular expression pattern: [a-zA-Z][-a-zA-Z0-9]*');
    const noBody = await post('Action=CreateStack&Version=2010-05-15&StackName=nobody');
    expect(noBody.text).toContain('<Message>Either Template URL or Template Body must be specified.</Message>');
    const scalar = await post(`Action=ValidateTemplate&Version=2010-05-15&TemplateBody=${encodeURIComponent('just words')}`);
    expect(scalar.text).toContain('Template format error');
    const badToken = await post('Action=DescribeStackEvents&Version=2010-05-15&StackName=injected&NextToken=bm9wZQ');
    expect(badToken.text).toContain('<Code>ValidationError</Code>');
    const badRule = await fetch(`${cfn.server.url}/__sandbox/cloudformation/failures`, { method: 'PUT', body: '{"reason":"no target"}' });
    expect(badRule.status).toBe(400);
    const notJson = await fetch(`${cfn.server.url}/__sandbox/cloudformation/stall`, { method: 'PUT', body: '{' });
    expect(notJson.status).toBe(400);
    expect(cfn.server.log.list().every((l) => l.status < 500)).toBe(true);
  });
});
