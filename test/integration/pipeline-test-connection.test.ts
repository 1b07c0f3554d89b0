// The wizard's "Test connection" service (UX-1) on a real pipeline draft with stored credentials,
// against the sandbox's stand-ins (AWS STS, Airbyte, Snowflake) and a real PostgreSQL warehouse,
// found through a sandbox descriptor file as the app finds them: for the target, the warehouse and
// a source, a success, a forced failure naming its draft field, a credential never stored, and a
// Cancel that ends the call in flight (the stand-in sees the request end). No answer ever holds a
// secret; viewers and other organizations are refused.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startAirbyteStandIn, type AirbyteStandIn } from '@/infra/local/airbyte';
import { startAwsStandIn, type AwsStandIn } from '@/infra/local/aws';
import { SANDBOX_ACCESS_KEY_ID } from '@/infra/local/aws/sts';
import { SandboxWorld } from '@/infra/local/core/world';
import { startSnowflakeStandIn, type SnowflakeStandIn } from '@/infra/local/snowflake';
import type { Actor } from '@/lib/authz/actor';
import { generateKeyEntry } from '@/lib/crypto/secrets';
import { resetEnvForTests } from '@/lib/env';
import { AppError } from '@/lib/errors';
import { createPipeline } from '@/lib/services/pipelines/create-pipeline';
import { putCredential } from '@/lib/secrets/credentials';
import { setDraftSecret } from '@/lib/services/pipelines/draft-secret';
import { testDraftConnection, type DraftTestResult, type TestFailure } from '@/lib/services/pipelines/test-connection';
import { updateDraft } from '@/lib/services/pipelines/update-draft';
import { createDatabase } from '../support/database';
import { anotherOrg, firstRunOrg, type TestOrg } from '../support/factories';
import { eventually } from '../support/integration-results';

const CANARY = 'canary-Draft-Secret-5e1f-do-not-leak';
const START = '2024-01-01T00:00:00Z';

let aws: AwsStandIn;
let airbyte: AirbyteStandIn;
let sf: SnowflakeStandIn;
let warehouseUrl: string;
let descriptorDir: string;
let descriptorFile: string;
let acme: TestOrg;
let editor: Actor;
let counter = 0;

const useEnv = (name: string, value: string | undefined) => {
  if (value === undefined) delete process.env[name];
  else process.env[name] = value;
  resetEnvForTests();
};

interface DraftParts {
  target?: Record<string, unknown>;
  warehouse?: Record<string, unknown>;
  sources?: Record<string, unknown>[];
}

/** A pipeline made through the services: its draft parts, then each secret typed into its field. */
async function pipelineWith(parts: DraftParts, secrets: Record<string, string> = {}): Promise<string> {
  counter += 1;
  const { id } = await createPipeline(editor, { name: `Test ${counter}`, slug: `test-${counter}` });
  let version = 1;
  for (const step of ['target', 'warehouse', 'sources'] as const) {
    if (parts[step] !== undefined) version = (await updateDraft(editor, { id, version, step, parts: { [step]: parts[step] } })).version;
  }
  for (const [where, value] of Object.entries(secrets)) version = (await setDraftSecret(editor, { id, version, path: where, value })).version;
  return id;
}

async function test(id: string, subject: string, signal?: AbortSignal, actor: Actor = editor): Promise<DraftTestResult> {
  const result = await testDraftConnection(actor, { id, subject }, signal);
  // Whatever happened, the answer is plain JSON without a secret in it.
  expect(JSON.parse(JSON.stringify(result))).toEqual(result);
  for (const secret of [CANARY, sf.adminPassword, airbyte.clientSecret]) expect(JSON.stringify(result)).not.toContain(secret);
  return result;
}

async function failure(id: string, subject: string, signal?: AbortSignal): Promise<TestFailure> {
  const result = await test(id, subject, signal);
  if (result.ok) throw new Error(`expected ${subject} to fail, got: ${result.summary}`);
  expect(result.hint.length).toBeGreaterThan(10);
  return result;
}

const code = (promise: Promise<unknown>) =>
  promise.then(
    () => 'OK',
    (e: unknown) => (e instanceof AppError ? e.code : `unexpected ${String(e)}`),
  );

const cancelAfter = (ms: number) => {
  const cancel = new AbortController();
  setTimeout(() => cancel.abort(), ms);
  return cancel.signal;
};

const awsTarget = (overrides: Record<string, unknown> = {}) => ({ kind: 'aws', accountId: aws.accountId, region: 'us-east-1', accessKeyId: SANDBOX_ACCESS_KEY_ID, ...overrides });

function postgresWarehouse(overrides: Record<string, unknown> = {}) {
  const url = new URL(warehouseUrl);
  return {
    type: 'postgres',
    config: { host: url.hostname, port: Number(url.port), database: url.pathname.slice(1), username: decodeURIComponent(url.username), schema: 'raw', ssl_mode: { mode: 'disable' }, ...overrides },
  };
}

const snowflakeWarehouse = (overrides: Record<string, unknown> = {}) => ({
  type: 'snowflake',
  config: {
    host: `${sf.account}.snowflakecomputing.com`,
    role: 'ACCOUNTADMIN',
    warehouse: 'COMPUTE_WH',
    database: 'RAW',
    schema: 'PUBLIC',
    username: sf.adminUser,
    credentials: { auth_type: 'Username and Password' },
    ...overrides,
  },
});

const stripeSource = (config: Record<string, unknown> = {}) => ({
  name: 'stripe',
  type: 'stripe',
  config: { account_id: 'acct_123', start_date: START, ...config },
  schedule: { kind: 'manual' },
});

beforeAll(async () => {
  useEnv('TAPESTRY_SECRET_KEY', generateKeyEntry('kA').entry);
  aws = await startAwsStandIn({ world: new SandboxWorld() });
  airbyte = await startAirbyteStandIn({ timeScale: 0.01 });
  sf = await startSnowflakeStandIn();
  warehouseUrl = await createDatabase({ fromTemplate: false });
  // As `npm start` does: the app finds the sandbox through a descriptor file (0600).
  descriptorDir = mkdtempSync(path.join(tmpdir(), 'tapestry-sandbox-'));
  descriptorFile = path.join(descriptorDir, 'sandbox.json');
  const descriptor = {
    aws: { url: aws.url, region: aws.region, accountId: aws.accountId, accessKeyId: SANDBOX_ACCESS_KEY_ID, secretAccessKey: 'sandbox-secret' },
    airbyte: { url: airbyte.url, apiUrl: airbyte.apiUrl, clientId: airbyte.clientId, clientSecret: airbyte.clientSecret },
    dbtCloud: { url: 'http://127.0.0.1:9', accountId: 1, apiToken: 'unused' },
    snowflake: { url: sf.url, account: sf.account, username: sf.adminUser, password: sf.adminPassword },
    warehouse: { url: warehouseUrl },
  };
  writeFileSync(descriptorFile, JSON.stringify(descriptor), { mode: 0o600 });
  useEnv('TAPESTRY_SANDBOX_FILE', descriptorFile);
  // Checks run in a workspace, as on any Airbyte that has been set up.
  const token = await fetch(`${airbyte.apiUrl}/applications/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ client_id: airbyte.clientId, client_secret: airbyte.clientSecret }),
    signal: AbortSignal.timeout(5_000),
  });
  const { access_token } = (await token.json()) as { access_token: string };
  const workspace = await fetch(`${airbyte.apiUrl}/workspaces`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${access_token}` },
    body: JSON.stringify({ name: 'default' }),
    signal: AbortSignal.timeout(5_000),
  });
  expect(workspace.status).toBe(200);
  acme = await firstRunOrg();
  editor = await acme.member('EDITOR');
});

afterAll(async () => {
  useEnv('TAPESTRY_SANDBOX_FILE', undefined);
  useEnv('TAPESTRY_SECRET_KEY', undefined);
  if (descriptorDir) rmSync(descriptorDir, { recursive: true, force: true });
  await Promise.all([aws?.close(), airbyte?.close(), sf?.close()]);
});

describe('target', () => {
  it('answers at once for the sandbox, which needs no credentials', async () => {
    const id = await pipelineWith({ target: { kind: 'sandbox' } });
    aws.log.clear();
    expect(await test(id, 'target')).toMatchObject({ ok: true, summary: 'The sandbox needs no credentials' });
    expect(aws.log.count('GetCallerIdentity')).toBe(0);
  });

  it('signs in with the stored secret key of the sandbox’s access key', async () => {
    const id = await pipelineWith({ target: awsTarget() }, { 'target.credentials': CANARY });
    const result = await test(id, 'target');
    expect(result).toMatchObject({ ok: true, summary: expect.stringMatching(new RegExp(`^Signed in as arn:aws:iam::${aws.accountId}:`)) });
  });

  it('puts a refused signature on the secret key’s field, with the provider code', async () => {
    const id = await pipelineWith({ target: awsTarget() }, { 'target.credentials': CANARY });
    const forced = await fetch(`${aws.url}/__sandbox/sts/auth-failures`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ failure: 'signature', services: ['sts'], times: 1 }),
      signal: AbortSignal.timeout(5_000),
    });
    expect(forced.status).toBe(201);
    const result = await failure(id, 'target');
    expect(result).toMatchObject({ failureClass: 'auth', code: 'SignatureDoesNotMatch', field: 'target.credentials' });
    expect(result.log?.join('\n')).toContain('SignatureDoesNotMatch');
  });

  it('says so when the keys belong to another account than the draft names', async () => {
    const id = await pipelineWith({ target: awsTarget({ accountId: '111122223333' }) }, { 'target.credentials': CANARY });
    const result = await failure(id, 'target');
    expect(result).toMatchObject({ failureClass: 'config', field: 'target.accountId' });
    expect(result.message).toContain(aws.accountId);
  });

  it('asks for the secret first when none is stored, without calling AWS', async () => {
    aws.log.clear();
    const unset = await pipelineWith({ target: awsTarget() });
    expect(await failure(unset, 'target')).toMatchObject({ failureClass: 'config', field: 'target.credentials', message: 'Set the secret first.' });
    const dangling = await pipelineWith({ target: awsTarget({ credentials: { secret: 'never-stored' } }) });
    const result = await failure(dangling, 'target');
    expect(result).toMatchObject({ failureClass: 'config', field: 'target.credentials' });
    expect(result.message).toMatch(/^Set the secret first: .*"never-stored"/);
    expect(aws.log.count('GetCallerIdentity')).toBe(0);
  });

  it('stops on Cancel and the stand-in sees the request dropped', async () => {
    const id = await pipelineWith({ target: awsTarget() }, { 'target.credentials': CANARY });
    aws.log.clear();
    aws.faults.addRule({ kind: 'hang', operation: 'GetCallerIdentity', times: 1 });
    const result = await failure(id, 'target', cancelAfter(150));
    expect(result.failureClass).toBe('cancelled');
    expect(result.ms).toBeLessThan(2_000);
    await eventually(() => expect(aws.log.list({ operation: 'GetCallerIdentity' }).at(-1)).toMatchObject({ status: 0, fault: 'hang' }));
  });
});

describe('PostgreSQL warehouse', () => {
  it('logs in with the stored password and finds it may create tables in the schema', async () => {
    const password = decodeURIComponent(new URL(warehouseUrl).password);
    const id = await pipelineWith({ target: { kind: 'sandbox' }, warehouse: postgresWarehouse() }, { 'warehouse.config.password': password });
    expect(await test(id, 'warehouse')).toMatchObject({ ok: true, summary: expect.stringMatching(/^Connected to PostgreSQL \d+\.\d+ as postgres; can create tables in raw$/) });
  });

  it('puts a wrong password on the password field with SQLSTATE 28P01', async () => {
    const id = await pipelineWith({ warehouse: postgresWarehouse() }, { 'warehouse.config.password': CANARY });
    expect(await failure(id, 'warehouse')).toMatchObject({ failureClass: 'auth', code: '28P01', field: 'warehouse.config.password' });
  });

  it('puts an unknown database and a closed port on their own fields', async () => {
    const password = decodeURIComponent(new URL(warehouseUrl).password);
    const unknown = await pipelineWith({ warehouse: postgresWarehouse({ database: 'no_such_db' }) }, { 'warehouse.config.password': password });
    expect(await failure(unknown, 'warehouse')).toMatchObject({ failureClass: 'not_found', code: '3D000', field: 'warehouse.config.database' });
    const closed = await pipelineWith({ warehouse: postgresWarehouse({ port: 9 }) }, { 'warehouse.config.password': CANARY });
    expect(await failure(closed, 'warehouse')).toMatchObject({ failureClass: 'network', code: 'ECONNREFUSED', field: 'warehouse.config.port' });
  });

  it('opens an organization-wide credential only for those who manage credentials', async () => {
    const password = decodeURIComponent(new URL(warehouseUrl).password);
    await putCredential(acme.owner, acme.slug, { name: 'shared-warehouse', kind: 'POSTGRES_PASSWORD', value: password });
    const id = await pipelineWith({ target: { kind: 'sandbox' }, warehouse: postgresWarehouse({ password: { secret: 'shared-warehouse' } }) });
    // An editor pointing a draft at an admin's secret (and perhaps at a host of their own) gets nothing opened.
    expect(await failure(id, 'warehouse')).toMatchObject({ failureClass: 'permission', field: 'warehouse.config.password' });
    expect(await test(id, 'warehouse', undefined, acme.owner)).toMatchObject({ ok: true });
  });

  it('asks for the password first when its credential is not stored', async () => {
    const id = await pipelineWith({ warehouse: postgresWarehouse({ password: { secret: 'not-there' } }) });
    expect(await failure(id, 'warehouse')).toMatchObject({ failureClass: 'config', field: 'warehouse.config.password', message: expect.stringMatching(/^Set the secret first/) });
  });

  /** A PostgreSQL that accepts connections and never answers (reading what it is sent, or frozen and not even reading). */
  async function hungServer(reads: boolean, check: (id: string, closed: string[]) => Promise<void>): Promise<void> {
    const closed: string[] = [];
    const sockets = new Set<net.Socket>();
    const held = net.createServer((socket) => {
      sockets.add(socket);
      if (reads) socket.resume();
      socket.on('error', () => undefined);
      socket.on('close', () => closed.push('closed'));
    });
    await new Promise<void>((resolve) => held.listen(0, '127.0.0.1', resolve));
    try {
      const port = (held.address() as net.AddressInfo).port;
      await check(await pipelineWith({ warehouse: postgresWarehouse({ port }) }, { 'warehouse.config.password': CANARY }), closed);
    } finally {
      for (const socket of sockets) socket.destroy();
      held.close();
    }
  }

  it('stops on Cancel while the server holds the login, and the connection is closed', async () => {
    await hungServer(true, async (id, closed) => {
      const result = await failure(id, 'warehouse', cancelAfter(150));
      expect(result).toMatchObject({ failureClass: 'cancelled', message: 'The test was cancelled before it finished.' });
      expect(result.ms).toBeLessThan(2_000);
      await eventually(() => expect(closed).toEqual(['closed']));
    });
  });

  it('answers a Cancel at once even when a frozen server keeps the driver waiting', async () => {
    await hungServer(false, async (id) => {
      const result = await failure(id, 'warehouse', cancelAfter(150));
      expect(result.failureClass).toBe('cancelled');
      expect(result.ms).toBeLessThan(2_000);
    });
  });
});

describe('Snowflake warehouse (sandbox target: the sandbox’s Snowflake)', () => {
  it('signs in with the stored password and reports role and warehouse', async () => {
    const id = await pipelineWith({ target: { kind: 'sandbox' }, warehouse: snowflakeWarehouse() }, { 'warehouse.config.credentials.password': sf.adminPassword });
    expect(await test(id, 'warehouse')).toMatchObject({ ok: true, summary: expect.stringMatching(/^Signed in to Snowflake \d+\.\d+.* with role ACCOUNTADMIN, using warehouse COMPUTE_WH$/) });
  });

  it('puts a role not granted on the role field (390189) and a wrong password on the password (390100)', async () => {
    const role = await pipelineWith({ target: { kind: 'sandbox' }, warehouse: snowflakeWarehouse({ role: 'NO_SUCH_ROLE' }) }, { 'warehouse.config.credentials.password': sf.adminPassword });
    expect(await failure(role, 'warehouse')).toMatchObject({ failureClass: 'permission', code: '390189', field: 'warehouse.config.role' });
    const password = await pipelineWith({ target: { kind: 'sandbox' }, warehouse: snowflakeWarehouse() }, { 'warehouse.config.credentials.password': CANARY });
    expect(await failure(password, 'warehouse')).toMatchObject({ failureClass: 'auth', code: '390100', field: 'warehouse.config.credentials.password' });
  });

  it('asks for the password first when none is stored', async () => {
    const id = await pipelineWith({ target: { kind: 'sandbox' }, warehouse: snowflakeWarehouse() });
    expect(await failure(id, 'warehouse')).toMatchObject({ failureClass: 'config', field: 'warehouse.config.credentials.password', message: 'Set the secret first.' });
  });

  it('says a key pair cannot be tested yet instead of trying a password', async () => {
    const id = await pipelineWith({ target: { kind: 'sandbox' }, warehouse: snowflakeWarehouse({ credentials: { auth_type: 'Key Pair Authentication' } }) });
    expect(await failure(id, 'warehouse')).toMatchObject({ failureClass: 'config', field: 'warehouse.config.credentials', message: expect.stringMatching(/key pair/) });
  });

  it('stops on Cancel during a held login; the stand-in sees the login request end', async () => {
    const id = await pipelineWith({ target: { kind: 'sandbox' }, warehouse: snowflakeWarehouse() }, { 'warehouse.config.credentials.password': sf.adminPassword });
    sf.log.clear();
    sf.faults.addRule({ kind: 'hang', operation: 'login', times: 1 });
    const result = await failure(id, 'warehouse', cancelAfter(150));
    expect(result.failureClass).toBe('cancelled');
    expect(result.ms).toBeLessThan(2_000);
    // snowflake-sdk cannot abort a login in flight: the request ends at the SDK's own 10 s call deadline.
    await vi.waitFor(() => expect(sf.log.list({ operation: 'login' }).at(-1)).toMatchObject({ status: 0, fault: 'hang' }), { timeout: 15_000, interval: 100 });
  });
});

describe('sources (through the sandbox’s Airbyte)', () => {
  const force = (rule: object) =>
    fetch(`${airbyte.url}/__sandbox/airbyte/checks`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(rule), signal: AbortSignal.timeout(5_000) });

  it('checks the source with its stored secret', async () => {
    const id = await pipelineWith({ sources: [stripeSource()] }, { 'sources[0].config.client_secret': CANARY });
    expect(await test(id, 'sources[0]')).toMatchObject({ ok: true, summary: 'Airbyte connected to the stripe source' });
  });

  it('puts a refused credential on the source’s secret field, with the provider code', async () => {
    const id = await pipelineWith({ sources: [stripeSource()] }, { 'sources[0].config.client_secret': CANARY });
    expect((await force({ failure: 'auth', sourceType: 'stripe', times: 1 })).status).toBe(200);
    expect(await failure(id, 'sources[0]')).toMatchObject({ failureClass: 'auth', code: 'HTTP 401', field: 'sources[0].config.client_secret' });
  });

  it('asks for the secret first when its credential is not stored', async () => {
    const id = await pipelineWith({ sources: [stripeSource({ client_secret: { secret: 'gone' } })] });
    expect(await failure(id, 'sources[0]')).toMatchObject({ failureClass: 'config', field: 'sources[0].config.client_secret', message: expect.stringMatching(/^Set the secret first/) });
  });

  it('stops on Cancel during a slow check; the stand-in sees the request end', async () => {
    const id = await pipelineWith({ sources: [stripeSource()] }, { 'sources[0].config.client_secret': CANARY });
    airbyte.log.clear();
    expect((await force({ failure: 'timeout', sourceType: 'stripe', times: 1, delayMs: 60_000 })).status).toBe(200);
    const result = await failure(id, 'sources[0]', cancelAfter(100));
    expect(result.failureClass).toBe('cancelled');
    expect(result.ms).toBeLessThan(2_000);
    await eventually(() => expect(airbyte.log.list({ operation: 'executeSourceCheckConnection' }).at(-1)).toMatchObject({ status: 0 }));
  });

  it('without a sandbox, says where source checks run instead of inventing an Airbyte', async () => {
    const id = await pipelineWith({ sources: [stripeSource()] }, { 'sources[0].config.client_secret': CANARY });
    useEnv('TAPESTRY_SANDBOX_FILE', undefined);
    try {
      expect(await failure(id, 'sources[0]')).toMatchObject({ failureClass: 'unavailable', message: 'Source checks run through Airbyte; start the sandbox, or deploy first.' });
    } finally {
      useEnv('TAPESTRY_SANDBOX_FILE', descriptorFile);
    }
  });
});

describe('who may test', () => {
  it('refuses viewers, hides other organizations’ pipelines, and refuses unknown subjects', async () => {
    const id = await pipelineWith({ target: { kind: 'sandbox' } });
    const viewer = await acme.member('VIEWER');
    const other = await anotherOrg('Elsewhere');
    expect(await code(testDraftConnection(viewer, { id, subject: 'target' }))).toBe('FORBIDDEN');
    expect(await code(testDraftConnection(other.owner, { id, subject: 'target' }))).toBe('NOT_FOUND');
    expect(await code(testDraftConnection(editor, { id, subject: 'destinations[0]' }))).toBe('VALIDATION');
    expect(await code(testDraftConnection(editor, { id, subject: 'sources[0]' }))).toBe('VALIDATION');
    expect(await code(testDraftConnection(acme.owner, { id, subject: 'target' }))).toBe('OK');
  });
});
