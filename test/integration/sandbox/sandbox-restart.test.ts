// Restarting the sandbox (as a restart of `npm start` does) keeps what the real services would
// keep: the same credentials, the stacks CloudFormation created, Airbyte's workspaces and the
// token a client already holds, Snowflake's objects — and the instances stacks launched.
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CloudFormationClient, CreateStackCommand, DescribeStacksCommand, waitUntilStackCreateComplete } from '@aws-sdk/client-cloudformation';
import { DescribeInstancesCommand, EC2Client } from '@aws-sdk/client-ec2';
import { afterAll, describe, expect, it } from 'vitest';
import type { SandboxDescriptor } from '@/infra/local/sandbox';
import { runSandbox, type RunningSandbox } from '@/scripts/sandbox/run';

const home = mkdtempSync(path.join(tmpdir(), 'tapestry-sandbox-restart-'));
chmodSync(home, 0o711); // as root, the sandbox's PostgreSQL runs as `postgres` and must reach it
let running: RunningSandbox | undefined;

afterAll(async () => {
  await running?.stop();
  rmSync(home, { recursive: true, force: true });
});

const start = () => runSandbox({ home, log: () => undefined, grouparoo: false, timeScale: 0.002 });

function awsClients(d: SandboxDescriptor) {
  const config = {
    endpoint: d.aws.url,
    region: d.aws.region,
    credentials: { accessKeyId: d.aws.accessKeyId, secretAccessKey: d.aws.secretAccessKey },
  };
  return { cfn: new CloudFormationClient(config), ec2: new EC2Client(config) };
}

const TEMPLATE = JSON.stringify({
  Resources: {
    Vpc: { Type: 'AWS::EC2::VPC', Properties: { CidrBlock: '10.40.0.0/16' } },
    Subnet: { Type: 'AWS::EC2::Subnet', Properties: { VpcId: { Ref: 'Vpc' }, CidrBlock: '10.40.1.0/24' } },
    Airbyte: {
      Type: 'AWS::EC2::Instance',
      Properties: { ImageId: 'ami-0123456789abcdef0', InstanceType: 't3.large', SubnetId: { Ref: 'Subnet' }, Monitoring: true },
    },
  },
  Outputs: { InstanceId: { Value: { Ref: 'Airbyte' } } },
});

async function airbyteToken(d: SandboxDescriptor): Promise<string> {
  const response = await fetch(`${d.airbyte.apiUrl}/applications/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ client_id: d.airbyte.clientId, client_secret: d.airbyte.clientSecret }),
  });
  return ((await response.json()) as { access_token: string }).access_token;
}

describe('a restarted sandbox', () => {
  it('keeps its credentials, stacks, instances and Airbyte workspaces, and honours tokens issued before', async () => {
    running = await start();
    const before = running.descriptor();
    const { cfn } = awsClients(before);
    await cfn.send(new CreateStackCommand({ StackName: 'tapestry-restart', TemplateBody: TEMPLATE, ClientRequestToken: 'tap-restart-1' }));
    await waitUntilStackCreateComplete({ client: cfn, maxWaitTime: 60, minDelay: 1, maxDelay: 1 }, { StackName: 'tapestry-restart' });
    const token = await airbyteToken(before);
    const created = await fetch(`${before.airbyte.apiUrl}/workspaces`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'kept across restarts' }),
    });
    expect(created.status).toBe(200);
    const workspaceId = ((await created.json()) as { workspaceId: string }).workspaceId;
    await running.stop();
    running = undefined;

    running = await start();
    const after = running.descriptor();
    expect(after.airbyte.clientSecret).toBe(before.airbyte.clientSecret);
    expect(after.dbtCloud.apiToken).toBe(before.dbtCloud.apiToken);
    expect(after.snowflake.password).toBe(before.snowflake.password);
    expect(after.aws.accountId).toBe(before.aws.accountId);

    const { cfn: cfnAfter, ec2 } = awsClients(after);
    const stack = (await cfnAfter.send(new DescribeStacksCommand({ StackName: 'tapestry-restart' }))).Stacks?.[0];
    expect(stack?.StackStatus).toBe('CREATE_COMPLETE');
    const instanceId = stack?.Outputs?.find((o) => o.OutputKey === 'InstanceId')?.OutputValue;
    const reservations = (await ec2.send(new DescribeInstancesCommand({ InstanceIds: [instanceId ?? 'missing'] }))).Reservations ?? [];
    expect(reservations.flatMap((r) => r.Instances ?? []).map((i) => [i.InstanceId, i.State?.Name, i.InstanceType])).toEqual([
      [instanceId, 'running', 't3.large'],
    ]);

    const workspace = await fetch(`${after.airbyte.apiUrl}/workspaces/${workspaceId}`, { headers: { authorization: `Bearer ${token}` } });
    expect(workspace.status).toBe(200);
    expect(((await workspace.json()) as { name: string }).name).toBe('kept across restarts');
  });
});
