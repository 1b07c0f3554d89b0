// The sandbox as `npm run sandbox` and `npm start` run it: its own embedded PostgreSQL (warehouse
// and Grouparoo databases), every stand-in on 127.0.0.1, and a descriptor file the app reads.
// Each service is reached with the client Tapestry will use (AWS SDK, snowflake-sdk, fetch, pg).
// Grouparoo itself is proved in grouparoo.test.ts; here it is left out to keep this file quick.
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import pg from 'pg';
import snowflake from 'snowflake-sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SandboxDescriptor } from '@/infra/local/sandbox';
import { runSandbox, type RunningSandbox } from '@/scripts/sandbox/run';

let home: string;
let running: RunningSandbox;
let descriptor: SandboxDescriptor & { warehouse: { url: string } };

function portOpen(url: string): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = net.connect(Number(port), hostname);
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });
}

beforeAll(async () => {
  home = mkdtempSync(path.join(tmpdir(), 'tapestry-sandbox-'));
  chmodSync(home, 0o711); // as root, the sandbox's PostgreSQL runs as `postgres` and must reach it
  running = await runSandbox({ home, log: () => undefined, grouparoo: false });
  descriptor = JSON.parse(readFileSync(running.descriptorFile, 'utf8')) as typeof descriptor;
}, 60_000);

afterAll(async () => {
  await running?.stop();
  rmSync(home, { recursive: true, force: true });
});

describe('the sandbox started as a whole', () => {
  it('writes what the app needs to reach it into a file only its owner can read', () => {
    expect(statSync(running.descriptorFile).mode & 0o077).toBe(0);
    expect(descriptor).toEqual(running.descriptor());
    for (const url of [descriptor.aws.url, descriptor.airbyte.url, descriptor.dbtCloud.url, descriptor.snowflake.url]) {
      expect(new URL(url).hostname).toBe('127.0.0.1');
    }
  });

  it('answers AWS calls made with the real SDK and the sandbox key', async () => {
    const sts = new STSClient({
      endpoint: descriptor.aws.url,
      region: descriptor.aws.region,
      credentials: { accessKeyId: descriptor.aws.accessKeyId, secretAccessKey: descriptor.aws.secretAccessKey },
    });
    const identity = await sts.send(new GetCallerIdentityCommand({}));
    expect(identity.Account).toBe(descriptor.aws.accountId);
  });

  it('issues an Airbyte application token for its own client credentials, and dbt Cloud knows its token', async () => {
    const token = await fetch(`${descriptor.airbyte.apiUrl}/applications/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ client_id: descriptor.airbyte.clientId, client_secret: descriptor.airbyte.clientSecret }),
    });
    expect(token.status).toBe(200);
    const accessToken = ((await token.json()) as { access_token?: string }).access_token;
    expect(accessToken).toBeTruthy();
    // Like a fresh `abctl` install, it has a workspace for connection checks to run in.
    const workspaces = await fetch(`${descriptor.airbyte.apiUrl}/workspaces`, { headers: { authorization: `Bearer ${accessToken}` } });
    expect(((await workspaces.json()) as { data: Array<{ name: string }> }).data.map((w) => w.name)).toEqual(['Default Workspace']);

    const jobs = await fetch(`${descriptor.dbtCloud.url}/api/v2/accounts/${descriptor.dbtCloud.accountId}/jobs/`, {
      headers: { authorization: `Token ${descriptor.dbtCloud.apiToken}` },
    });
    expect(jobs.status).toBe(200);
  });

  it('lets the Snowflake SDK sign in as the sandbox admin and run a query', async () => {
    snowflake.configure({ logLevel: 'OFF' });
    const connection = snowflake.createConnection({
      account: descriptor.snowflake.account,
      username: descriptor.snowflake.username,
      password: descriptor.snowflake.password,
      accessUrl: descriptor.snowflake.url,
    });
    await connection.connectAsync(() => undefined);
    const rows = await new Promise<unknown[]>((resolve, reject) =>
      connection.execute({ sqlText: 'SELECT 1 AS ONE', complete: (err, _stmt, r) => (err ? reject(err) : resolve(r ?? [])) }),
    );
    expect(rows).toEqual([{ ONE: 1 }]);
    await new Promise<void>((resolve) => connection.destroy(() => resolve()));
  });

  it('offers a real PostgreSQL warehouse of its own', async () => {
    const client = new pg.Client({ connectionString: descriptor.warehouse.url });
    await client.connect();
    const { rows } = await client.query<{ db: string }>('SELECT current_database() AS db');
    await client.end();
    expect(rows[0]?.db).toBe('warehouse');
  });

  it('stops every service and removes the descriptor', async () => {
    const urls = [descriptor.aws.url, descriptor.airbyte.url, descriptor.dbtCloud.url, descriptor.snowflake.url];
    await running.stop();
    expect(existsSync(running.descriptorFile)).toBe(false);
    for (const url of urls) expect(await portOpen(url)).toBe(false);
    const warehouse = new pg.Client({ connectionString: descriptor.warehouse.url, connectionTimeoutMillis: 2000 });
    await expect(warehouse.connect()).rejects.toThrow();
  });
});
