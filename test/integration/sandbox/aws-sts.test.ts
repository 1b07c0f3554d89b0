// STS stand-in and the sandbox's callers, driven by the real @aws-sdk/client-sts (and client-ec2 for
// permission failures): each access key is its own account, the documented bad keys fail as AWS fails,
// AssumeRole hands out working temporary keys that expire, and the control route forces each failure
// class "Test connection" must tell apart.
import { EC2Client, DescribeInstancesCommand } from '@aws-sdk/client-ec2';
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEc2Service } from '@/infra/local/aws/ec2';
import { awsAdapter } from '@/infra/local/aws/server';
import { createStsService, guarded, SandboxIdentities, withCaller } from '@/infra/local/aws/sts';
import { startStandIn, type StandIn } from '@/infra/local/core/stand-in-server';
import { SandboxWorld } from '@/infra/local/core/world';

const clock = { t: Date.parse('2026-11-20T12:00:00Z'), now() { return this.t; } };
const world = new SandboxWorld(clock);
const identities = new SandboxIdentities(clock);
let server: StandIn;
const clients: { destroy(): void }[] = [];

function sts(accessKeyId: string, sessionToken?: string): STSClient {
  const client = new STSClient({ endpoint: server.url, region: 'us-east-1', maxAttempts: 1, credentials: { accessKeyId, secretAccessKey: 'secret', sessionToken } });
  clients.push(client);
  return client;
}

function ec2(accessKeyId: string): EC2Client {
  const client = new EC2Client({ endpoint: server.url, region: 'us-east-1', maxAttempts: 1, credentials: { accessKeyId, secretAccessKey: 'secret' } });
  clients.push(client);
  return client;
}

async function forceFailure(body: unknown): Promise<Response> {
  return fetch(`${server.url}/__sandbox/sts/auth-failures`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
}

beforeAll(async () => {
  const adapter = awsAdapter({ query: [createStsService(identities), guarded(createEc2Service(world), identities)], json: [] });
  server = await startStandIn({ name: 'aws', adapter: withCaller(adapter) });
});

afterAll(async () => {
  for (const client of clients) client.destroy();
  await server?.close();
});

describe('GetCallerIdentity', () => {
  it('gives each access key its own stable account', async () => {
    const one = await sts('AKIAEXAMPLEKEY000001').send(new GetCallerIdentityCommand({}));
    const two = await sts('AKIAEXAMPLEKEY000002').send(new GetCallerIdentityCommand({}));
    const again = await sts('AKIAEXAMPLEKEY000001').send(new GetCallerIdentityCommand({}));
    expect(one.Account).toMatch(/^\d{12}$/);
    expect(two.Account).toMatch(/^\d{12}$/);
    expect(one.Account).not.toBe(two.Account);
    expect(again).toMatchObject({ Account: one.Account, UserId: one.UserId, Arn: one.Arn });
    expect(one.Arn).toBe(`arn:aws:iam::${one.Account}:user/sandbox`);
    expect(one.UserId).toMatch(/^AIDA[A-Z2-7]{17}$/);
  });

  it('refuses an AKIAINVALID key with InvalidClientTokenId (403), on every service', async () => {
    await expect(sts('AKIAINVALID000000001').send(new GetCallerIdentityCommand({}))).rejects.toMatchObject({
      name: 'InvalidClientTokenId',
      message: 'The security token included in the request is invalid.',
      $metadata: { httpStatusCode: 403 },
    });
    await expect(ec2('AKIAINVALID000000001').send(new DescribeInstancesCommand({}))).rejects.toMatchObject({ name: 'AuthFailure', $metadata: { httpStatusCode: 401 } });
  });

  it('lets an AKIADENIED key identify itself but refuses it everything else', async () => {
    const me = await sts('AKIADENIED0000000001').send(new GetCallerIdentityCommand({}));
    await expect(ec2('AKIADENIED0000000001').send(new DescribeInstancesCommand({}))).rejects.toMatchObject({
      name: 'UnauthorizedOperation',
      message: `You are not authorized to perform this operation. User: ${me.Arn} is not authorized to perform: ec2:DescribeInstances because no identity-based policy allows the ec2:DescribeInstances action`,
    });
  });
});

describe('forced failures', () => {
  it('fails the next call with the class asked for, then recovers', async () => {
    expect((await forceFailure({ failure: 'signature', services: ['sts'], times: 1 })).status).toBe(201);
    const client = sts('AKIAEXAMPLEKEY000001');
    await expect(client.send(new GetCallerIdentityCommand({}))).rejects.toMatchObject({ name: 'SignatureDoesNotMatch', $metadata: { httpStatusCode: 403 } });
    await expect(client.send(new GetCallerIdentityCommand({}))).resolves.toMatchObject({ Arn: expect.stringContaining(':user/sandbox') });

    await forceFailure({ failure: 'denied', services: ['ec2'] });
    await expect(ec2('AKIAEXAMPLEKEY000001').send(new DescribeInstancesCommand({}))).rejects.toMatchObject({ name: 'UnauthorizedOperation' });
    await expect(client.send(new GetCallerIdentityCommand({}))).resolves.toBeDefined();
    expect((await fetch(`${server.url}/__sandbox/sts/auth-failures`, { method: 'DELETE' })).status).toBe(204);
    await expect(ec2('AKIAEXAMPLEKEY000001').send(new DescribeInstancesCommand({}))).resolves.toMatchObject({ Reservations: [] });
  });

  it('refuses a malformed rule', async () => {
    expect((await forceFailure({ failure: 'sometimes' })).status).toBe(400);
  });
});

describe('AssumeRole', () => {
  it('hands out temporary keys that act as the role in its account until they expire', async () => {
    const roleArn = 'arn:aws:iam::210987654321:role/TapestryDeploy';
    const out = await sts('AKIAEXAMPLEKEY000001').send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'tapestry-test', DurationSeconds: 900 }));
    const credentials = out.Credentials;
    expect(credentials?.AccessKeyId).toMatch(/^ASIA/);
    expect(credentials?.Expiration).toEqual(new Date(clock.t + 900_000));
    expect(out.AssumedRoleUser?.Arn).toBe('arn:aws:sts::210987654321:assumed-role/TapestryDeploy/tapestry-test');

    const asRole = sts(credentials?.AccessKeyId as string, credentials?.SessionToken);
    await expect(asRole.send(new GetCallerIdentityCommand({}))).resolves.toMatchObject({
      Account: '210987654321',
      Arn: 'arn:aws:sts::210987654321:assumed-role/TapestryDeploy/tapestry-test',
      UserId: expect.stringMatching(/^AROA[A-Z2-7]{17}:tapestry-test$/),
    });
    clock.t += 901_000;
    await expect(asRole.send(new GetCallerIdentityCommand({}))).rejects.toMatchObject({ name: 'ExpiredToken' });
    await expect(sts('ASIAUNKNOWNSESSION01').send(new GetCallerIdentityCommand({}))).rejects.toMatchObject({ name: 'InvalidClientTokenId' });
  });

  it('refuses a role ARN that is not one and a duration out of range', async () => {
    const client = sts('AKIAEXAMPLEKEY000001');
    await expect(client.send(new AssumeRoleCommand({ RoleArn: 'arn:aws:iam::12:user/x', RoleSessionName: 's1' }))).rejects.toMatchObject({ name: 'ValidationError' });
    await expect(
      client.send(new AssumeRoleCommand({ RoleArn: 'arn:aws:iam::210987654321:role/R', RoleSessionName: 's1', DurationSeconds: 60 })),
    ).rejects.toMatchObject({ name: 'ValidationError' });
  });
});
