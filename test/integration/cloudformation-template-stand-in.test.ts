// The generated pipeline stack through the sandbox's CloudFormation stand-in with the real SDK,
// the way the deploy drives it: CreateChangeSet (CREATE) → ExecuteChangeSet → CREATE_COMPLETE
// with every output, for a new and for an existing VPC; the NoEcho warehouse password never
// comes back from any API; and resizing the Airbyte host is an UPDATE change set that modifies
// the instance (its alarms only refer to it) and keeps it, with its state, in place.
import {
  CreateChangeSetCommand,
  DescribeChangeSetCommand,
  DescribeStacksCommand,
  ExecuteChangeSetCommand,
  GetTemplateCommand,
  waitUntilChangeSetCreateComplete,
  type Parameter,
} from '@aws-sdk/client-cloudformation';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildStackTemplate, EXAMPLE_EXISTING_NETWORK, EXAMPLE_STACK_INPUT, type BuiltStack, type StackInput } from '@/infra/cloudformation/template';
import { allEvents, startCloudFormation, waitForStatus, type CloudFormationHarness } from '../fixtures/cloudformation/stand-in';

const WAREHOUSE_PASSWORD = 'warehouse-Pa55-correct-horse';

let cfn: CloudFormationHarness;

beforeAll(async () => {
  cfn = await startCloudFormation();
});

afterAll(async () => {
  await cfn.close();
});

function parametersOf(built: BuiltStack): Parameter[] {
  return built.parameters.map((p) => ({ ParameterKey: p.key, ParameterValue: p.noEcho ? WAREHOUSE_PASSWORD : p.value }));
}

/** Creates a change set, waits for it, and returns what it would do. */
async function changeSet(built: BuiltStack, name: string, type: 'CREATE' | 'UPDATE') {
  const { Id } = await cfn.client.send(
    new CreateChangeSetCommand({
      StackName: built.stackName,
      ChangeSetName: name,
      ChangeSetType: type,
      TemplateBody: built.deployBody,
      Parameters: parametersOf(built),
      Capabilities: ['CAPABILITY_IAM'],
      ClientToken: `${name}-token`,
    }),
  );
  await waitUntilChangeSetCreateComplete({ client: cfn.client, maxWaitTime: 30, minDelay: 1, maxDelay: 1 }, { ChangeSetName: Id });
  const described = await cfn.client.send(new DescribeChangeSetCommand({ ChangeSetName: Id }));
  return { id: Id as string, changes: described.Changes ?? [] };
}

async function deploy(built: BuiltStack, name: string, type: 'CREATE' | 'UPDATE') {
  const planned = await changeSet(built, name, type);
  await cfn.client.send(new ExecuteChangeSetCommand({ ChangeSetName: planned.id, ClientRequestToken: `${name}-execute` }));
  const done = type === 'CREATE' ? 'CREATE_COMPLETE' : 'UPDATE_COMPLETE';
  const stack = await waitForStatus(cfn.client, built.stackName, [done, 'ROLLBACK_COMPLETE', 'UPDATE_ROLLBACK_COMPLETE', 'ROLLBACK_FAILED'], 60_000);
  const failures = (await allEvents(cfn.client, built.stackName)).filter((e) => e.ResourceStatus?.endsWith('_FAILED')).map((e) => `${e.LogicalResourceId}: ${e.ResourceStatusReason}`);
  expect({ status: stack.StackStatus, failures }).toEqual({ status: done, failures: [] });
  return { planned, stack };
}

const outputsOf = (stack: { Outputs?: { OutputKey?: string; OutputValue?: string }[] }) => Object.fromEntries((stack.Outputs ?? []).map((o) => [o.OutputKey, o.OutputValue]));

describe('the pipeline stack in the CloudFormation stand-in', () => {
  it('a new VPC: CREATE change set of Adds only, executed to CREATE_COMPLETE with every output', async () => {
    const built = buildStackTemplate(EXAMPLE_STACK_INPUT, { warehousePasswordParameter: true });
    const { planned, stack } = await deploy(built, 'first-deploy', 'CREATE');
    expect(planned.changes).toHaveLength(built.summary.length);
    expect(planned.changes.every((c) => c.ResourceChange?.Action === 'Add')).toBe(true);

    const outputs = outputsOf(stack);
    expect(Object.keys(outputs).sort()).toEqual(Object.keys(built.template.Outputs as object).sort());
    expect(outputs.AirbyteInstanceId).toMatch(/^i-[0-9a-f]{17}$/);
    expect(outputs.AirbyteApiUrl).toMatch(/^http:\/\/10\.40\.\d+\.\d+:8000$/);
    expect(outputs.GrouparooUrl).toMatch(/^http:\/\/[\w-]+\.us-east-1\.elb\.amazonaws\.com$/);
    expect(outputs.ClusterArn).toBe(`arn:aws:ecs:us-east-1:123456789012:cluster/${built.stackName}`);
    expect(outputs.DbtTaskDefinitionArn).toBe(`arn:aws:ecs:us-east-1:123456789012:task-definition/${built.stackName}-dbt:1`);
    expect(outputs.PrivateSubnetIds).toMatch(/^subnet-[0-9a-f]{17},subnet-[0-9a-f]{17}$/);
    expect(outputs.TaskSecurityGroupId).toMatch(/^sg-[0-9a-f]{17}$/);
    // Named by CloudFormation from (a shortened) stack name and the logical id.
    expect(outputs.StagingBucketName).toMatch(/^tapestry-acme-rain-shield[-a-z0-9]*-stagingbucket-[a-z0-9]+$/);
    expect(outputs.LogGroupNames?.split(',')).toEqual(['airbyte', 'grouparoo-web', 'grouparoo-worker', 'dbt'].map((p) => `/tapestry/${built.stackName}/${p}`));
    expect(outputs.AirbyteApplicationSecretArn).toMatch(new RegExp(`^arn:aws:secretsmanager:us-east-1:\\d{12}:secret:${built.stackName}/airbyte/application-[0-9a-f]{6}$`));

    const instance = cfn.world.instances.get(outputs.AirbyteInstanceId as string);
    expect(instance).toMatchObject({ state: 'running', instanceType: 't3.xlarge', monitoring: 'enabled' });
    expect(instance?.tags).toMatchObject({ 'tapestry:org': 'acme', 'tapestry:pipeline': EXAMPLE_STACK_INPUT.pipelineId });

    // The NoEcho password: masked by DescribeStacks, absent from the stored template and every event.
    const described = (await cfn.client.send(new DescribeStacksCommand({ StackName: built.stackName }))).Stacks?.[0];
    expect(described?.Parameters?.find((p) => p.ParameterKey === 'WarehousePassword')?.ParameterValue).toBe('****');
    const stored = await cfn.client.send(new GetTemplateCommand({ StackName: built.stackName }));
    expect(stored.TemplateBody).toBe(built.deployBody);
    const everything = JSON.stringify([described, stored, await allEvents(cfn.client, built.stackName)]);
    expect(everything).not.toContain(WAREHOUSE_PASSWORD);
  });

  it('resizing the Airbyte host: an UPDATE change set whose only direct change is the instance type, applied in place', async () => {
    const before = buildStackTemplate(EXAMPLE_STACK_INPUT, { warehousePasswordParameter: true });
    const resized = buildStackTemplate(
      { ...EXAMPLE_STACK_INPUT, infrastructure: { ...EXAMPLE_STACK_INPUT.infrastructure, airbyte: { instanceType: 'm6i.2xlarge', volumeGiB: 100 } } },
      { warehousePasswordParameter: true },
    );
    expect(resized.deployBody).toBe(before.deployBody);
    const instanceId = outputsOf((await cfn.client.send(new DescribeStacksCommand({ StackName: before.stackName }))).Stacks?.[0] ?? {}).AirbyteInstanceId as string;

    const { planned } = await deploy(resized, 'resize-airbyte', 'UPDATE');
    const byId = Object.fromEntries(planned.changes.map((c) => [c.ResourceChange?.LogicalResourceId, c.ResourceChange]));
    expect(byId.AirbyteInstance).toMatchObject({ Action: 'Modify', Replacement: 'Conditional' });
    expect(byId.AirbyteInstance?.Details).toEqual([
      { Target: { Attribute: 'Properties', Name: 'InstanceType', RequiresRecreation: 'Conditionally' }, Evaluation: 'Static', ChangeSource: 'ParameterReference', CausingEntity: 'AirbyteInstanceType' },
    ]);
    // Whatever else is listed only refers to the instance (its id could change, as CloudFormation
    // says of any conditional replacement): no direct change anywhere else.
    const others = planned.changes.filter((c) => c.ResourceChange?.LogicalResourceId !== 'AirbyteInstance');
    expect(others.map((c) => c.ResourceChange?.LogicalResourceId).sort()).toEqual(['AirbyteCpuAlarm', 'AirbyteStatusCheckAlarm']);
    for (const change of others) {
      for (const detail of change.ResourceChange?.Details ?? []) expect(detail).toMatchObject({ Evaluation: 'Dynamic', ChangeSource: 'ResourceReference', CausingEntity: 'AirbyteInstance' });
    }
    expect(cfn.world.instances.get(instanceId)).toMatchObject({ instanceType: 'm6i.2xlarge', state: 'running' });
  });

  it('an existing VPC with dbt Cloud: no network of its own, the given subnets in the outputs, no dbt outputs', async () => {
    const input: StackInput = {
      ...EXAMPLE_STACK_INPUT,
      pipelineSlug: 'team-vpc',
      pipelineId: '5a1d2c3b-0000-4000-8000-00000000beef',
      infrastructure: { ...EXAMPLE_STACK_INPUT.infrastructure, network: EXAMPLE_EXISTING_NETWORK },
      transformation: 'dbt_cloud',
    };
    const built = buildStackTemplate(input, { warehousePasswordParameter: false });
    const { planned, stack } = await deploy(built, 'existing-vpc', 'CREATE');
    expect(planned.changes.map((c) => c.ResourceChange?.ResourceType)).not.toContain('AWS::EC2::VPC');
    const outputs = outputsOf(stack);
    expect(outputs.PrivateSubnetIds).toBe('subnet-0aaaaaaaaaaaaaaa1,subnet-0bbbbbbbbbbbbbbb2');
    expect(outputs.DbtTaskDefinitionArn).toBeUndefined();
    expect(outputs.AirbyteApiUrl).toMatch(/^http:\/\/[\d.]+:8000$/);
    const instance = cfn.world.instances.get(outputs.AirbyteInstanceId as string);
    expect(instance?.subnetId).toBe('subnet-0aaaaaaaaaaaaaaa1');
  });
});
