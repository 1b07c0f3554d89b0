// testConnection('aws') against the sandbox's AWS stand-in: a valid key answers with its account,
// each failure class the stand-in can force maps to its class and field with a hint, throttling is
// retried, a hang is cut at the timeout, a Cancel drops the request (the stand-in logs status 0),
// and the secret key never appears in any error text.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAwsStandIn, type AwsStandIn } from '@/infra/local/aws';
import { SandboxWorld } from '@/infra/local/core/world';
import type { IntegrationError } from '@/lib/integrations/errors';
import { testConnection } from '@/lib/integrations/test-connection';
import { eventually, failureOf } from '../support/integration-results';

const CANARY = 'canary-Secret-7f3a9c1e-do-not-leak';
let aws: AwsStandIn;

const creds = (accessKeyId = 'AKIATAPESTRYTEST0001') => ({ region: 'us-east-1', endpoint: aws.url, accessKeyId, secretAccessKey: CANARY });


async function failed(accessKeyId: string, timeoutMs?: number, signal?: AbortSignal): Promise<IntegrationError> {
  const result = await testConnection('aws', creds(accessKeyId), { timeoutMs, signal });
  return failureOf(result, CANARY);
}


beforeAll(async () => {
  aws = await startAwsStandIn({ world: new SandboxWorld() });
});

afterAll(async () => {
  await aws?.close();
});

describe('AWS credentials (STS GetCallerIdentity)', () => {
  it('answers with the account and ARN of a valid key', async () => {
    const result = await testConnection('aws', creds());
    expect(result).toMatchObject({ ok: true, detail: { accountId: expect.stringMatching(/^\d{12}$/), arn: expect.stringMatching(/^arn:aws:iam::\d{12}:user\//) } });
  });

  it('maps an unknown key to auth on the access key field', async () => {
    const error = await failed('AKIAINVALID000000001');
    expect(error).toMatchObject({ failureClass: 'auth', code: 'InvalidClientTokenId', field: 'accessKeyId', provider: 'aws' });
    expect(error.hint).toMatch(/access key/i);
  });

  it('maps each forced failure (signature, expired) to auth with the field to fix', async () => {
    const force = (failure: string) =>
      fetch(`${aws.url}/__sandbox/sts/auth-failures`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ failure, services: ['sts'], times: 1 }), signal: AbortSignal.timeout(5_000) });
    expect((await force('signature')).status).toBe(201);
    expect(await failed('AKIATAPESTRYTEST0001')).toMatchObject({ failureClass: 'auth', code: 'SignatureDoesNotMatch', field: 'secretAccessKey' });
    expect((await force('expired')).status).toBe(201);
    expect(await failed('AKIATAPESTRYTEST0001')).toMatchObject({ failureClass: 'auth', code: 'ExpiredToken', field: 'sessionToken' });
  });

  it('retries a throttled call and succeeds', async () => {
    aws.log.clear();
    aws.faults.addRule({ kind: 'throttle', operation: 'GetCallerIdentity', times: 1 });
    const result = await testConnection('aws', creds());
    expect(result.ok).toBe(true);
    expect(aws.log.list({ operation: 'GetCallerIdentity' }).map((e) => e.status)).toEqual([400, 200]);
  });

  it('reports throttling that outlasts the retries as throttled, after at most 3 attempts', async () => {
    aws.log.clear();
    aws.faults.addRule({ kind: 'throttle', operation: 'GetCallerIdentity', times: 5 });
    expect(await failed('AKIATAPESTRYTEST0001')).toMatchObject({ failureClass: 'throttled', code: 'Throttling' });
    expect(aws.log.count('GetCallerIdentity')).toBe(3);
    aws.faults.clear();
  });

  it('cuts a hang at the timeout and reports timeout; the stand-in sees the request dropped', async () => {
    aws.log.clear();
    aws.faults.addRule({ kind: 'hang', operation: 'GetCallerIdentity', times: 1 });
    const started = Date.now();
    const error = await failed('AKIATAPESTRYTEST0001', 400);
    expect(error.failureClass).toBe('timeout');
    expect(Date.now() - started).toBeLessThan(3_000);
    await eventually(() => expect(aws.log.list({ operation: 'GetCallerIdentity' }).at(-1)).toMatchObject({ status: 0, fault: 'hang' }));
  });

  it('stops at once on Cancel and the stand-in logs the dropped request', async () => {
    aws.log.clear();
    aws.faults.addRule({ kind: 'hang', operation: 'GetCallerIdentity', times: 1 });
    const cancel = new AbortController();
    setTimeout(() => cancel.abort(), 150);
    const started = Date.now();
    const error = await failed('AKIATAPESTRYTEST0001', undefined, cancel.signal);
    expect(error.failureClass).toBe('cancelled');
    expect(Date.now() - started).toBeLessThan(2_000);
    await eventually(() => expect(aws.log.list({ operation: 'GetCallerIdentity' }).at(-1)).toMatchObject({ status: 0, fault: 'hang' }));
  });

  it('reports a closed port as network', async () => {
    const result = await testConnection('aws', { ...creds(), endpoint: 'http://127.0.0.1:9' });
    expect(result).toMatchObject({ ok: false, error: { failureClass: 'network', code: 'ECONNREFUSED' } });
  });
});
