// dbtCloudPort against the dbt Cloud stand-in over HTTP: ensureJob run twice (and concurrently,
// in one process or from two) leaves one job, changed steps are applied, a run triggered on a job
// bound to a real PostgreSQL warehouse succeeds with its models' rows read from
// run_results.json, a stalled run is cancelled (twice, harmlessly), recentRuns lists runs newest
// first with their cause, reads are retried through throttling and 5xx while a trigger is not,
// and a wrong token is an auth error that never carries the token. The last block checks every
// request the port sent against dbt Cloud's official document when ../shared/specs is present.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startDbtCloudStandIn, type DbtCloudStandIn } from '@/infra/local/dbt-cloud';
import { dbtCloudPort, type DbtCloudPort, type DbtRun } from '@/lib/integrations/dbt-cloud';
import type { IntegrationError } from '@/lib/integrations/errors';
import { failureOf } from '../support/integration-results';
import { createDatabase, sql } from '../support/database';
import { loadOpenApi } from '../support/openapi-validator';
import { until } from '../support/until';

const repoRoot = path.resolve(import.meta.dirname, '../..');
const specFile = path.resolve(repoRoot, '../shared/specs/dbt-cloud-api-v2.yaml');
const specsPresent = existsSync(specFile);
if (!specsPresent) console.warn(`${specFile} not found: the dbt Cloud port's requests are not checked against the official document`);

let dbt: DbtCloudStandIn;
let port: DbtCloudPort;
let warehouseUrl: string;
let mark = 0;

const newPort = (apiToken = dbt.apiToken) => dbtCloudPort({ baseUrl: dbt.url, accountId: dbt.accountId, apiToken });
const markLog = () => {
  mark = dbt.log.list().at(-1)?.seq ?? 0;
};
const statuses = (operation: string) => dbt.log.list({ operation, after: mark }).map((e) => e.status);

async function jobsNamed(name: string): Promise<({ id: number; execute_steps: string[] } & Record<string, unknown>)[]> {
  const res = await fetch(`${dbt.url}/api/v2/accounts/${dbt.accountId}/jobs/?limit=100`, { headers: { authorization: `Token ${dbt.apiToken}` } });
  return ((await res.json()) as { data: ({ id: number; name: string; execute_steps: string[] } & Record<string, unknown>)[] }).data.filter((j) => j.name === name);
}

function finished(runId: number): Promise<DbtRun> {
  return until(`run ${runId} to finish`, async () => {
    const run = await port.getRun(runId);
    return run.finished ? run : undefined;
  });
}


/** The error a call rejected with, checked for the canary in every text it carries (failureOf). */
const rejection = async (work: Promise<unknown>) => failureOf(await work.then(() => ({ ok: true as const }), (error: IntegrationError) => ({ ok: false as const, error })), dbt.apiToken);

beforeAll(async () => {
  warehouseUrl = await createDatabase({ fromTemplate: false });
  dbt = await startDbtCloudStandIn({ timeScale: 0.002, recordBodies: true });
  port = newPort();
});

afterAll(async () => {
  await dbt?.close();
});

beforeEach(() => {
  dbt.faults.clear();
  markLog();
});

describe('ensureJob', () => {
  it('run twice makes one job, in the account’s deployment environment, with schedule and webhooks off', async () => {
    const first = await port.ensureJob({ name: 'tapestry p1 transform', steps: ['dbt build'] });
    const second = await port.ensureJob({ name: 'tapestry p1 transform', steps: ['dbt build'] });
    expect(first.created).toBe(true);
    expect(second).toEqual({ jobId: first.jobId, created: false });
    expect(statuses('Create Job')).toEqual([200]);
    expect(statuses('Update Job')).toEqual([]);
    const [job] = await jobsNamed('tapestry p1 transform');
    expect(job).toMatchObject({ project_id: dbt.projectId, environment_id: dbt.environmentId, triggers: { schedule: false, github_webhook: false }, execution: { timeout_seconds: 7200 } });
  });

  it('applies changed steps to the existing job', async () => {
    const again = await port.ensureJob({ name: 'tapestry p1 transform', steps: ['dbt deps', 'dbt build --select tag:p1'] });
    expect(again.created).toBe(false);
    expect(statuses('Update Job')).toEqual([200]);
    expect((await jobsNamed('tapestry p1 transform')).map((j) => j.execute_steps)).toEqual([['dbt deps', 'dbt build --select tag:p1']]);
  });

  it('concurrent ensures in one process make one job', async () => {
    const both = await Promise.all([0, 1].map(() => port.ensureJob({ name: 'tapestry p2 transform', steps: ['dbt build'] })));
    expect(both[0]?.jobId).toBe(both[1]?.jobId);
    expect(statuses('Create Job')).toEqual([200]);
  });

  it('concurrent ensures from two processes settle on the older job and delete the younger', async () => {
    dbt.faults.addRule({ kind: 'latency', operation: 'List Jobs', latencyMs: 100, times: 2 });
    const both = await Promise.all([newPort(), newPort()].map((p) => p.ensureJob({ name: 'tapestry p3 transform', steps: ['dbt build'] })));
    expect(both[0]?.jobId).toBe(both[1]?.jobId);
    expect(both.map((b) => b.created).sort()).toEqual([false, true]);
    expect(statuses('Create Job')).toEqual([200, 200]);
    expect(statuses('Destroy Job')).toEqual([204]);
    expect((await jobsNamed('tapestry p3 transform')).map((j) => j.id)).toEqual([both[0]?.jobId]);
  });

  it('a create whose answer was lost is found by name on the next ensure', async () => {
    dbt.faults.addRule({ kind: 'lose-response', operation: 'Create Job', times: 1 });
    expect(await rejection(port.ensureJob({ name: 'tapestry p4 transform', steps: ['dbt build'] }))).toMatchObject({ provider: 'dbt_cloud', failureClass: 'network', step: 'provision' });
    expect(await port.ensureJob({ name: 'tapestry p4 transform', steps: ['dbt build'] })).toMatchObject({ created: false });
    expect(statuses('Create Job')).toEqual([0]);
    expect(await jobsNamed('tapestry p4 transform')).toHaveLength(1);
  });
});

describe('a run', () => {
  let jobId: number;
  let runId: number;

  it('triggered on a bound job succeeds, with its steps and logs', async () => {
    jobId = (await port.ensureJob({ name: 'tapestry p5 transform', steps: ['dbt run'] })).jobId;
    dbt.bind(jobId, {
      warehouseUrl,
      schema: 'analytics',
      models: { people: "{{ config(materialized='table') }} select * from (values (1, 'ada'), (2, 'grace'), (3, 'linus')) as t(id, name)", people_names: "select name from {{ ref('people') }}" },
    });
    runId = (await port.triggerRun(jobId, 'Pipeline p5: run 1')).runId;
    const run = await finished(runId);
    expect(run).toMatchObject({ runId, status: 'success', finished: true });
    expect(run.durationSeconds).toBeGreaterThanOrEqual(0);
    expect(run.steps.map((s) => [s.name, s.status])).toContainEqual(['Invoke dbt with `dbt run`', 'success']);
    expect(run.steps.at(-1)?.logs).toContain('PASS=2');
  });

  it('reports its models and rows from run_results.json', async () => {
    const results = await port.runResults(runId);
    expect(results).toEqual({ rowsAffected: 3, models: [{ name: 'people', status: 'success', rows: 3 }, { name: 'people_names', status: 'success' }] });
    expect(await sql(warehouseUrl, 'select count(*)::int as n from analytics.people')).toEqual([{ n: 3 }]);
  });

  it('is listed first among the job’s recent runs, with its cause', async () => {
    const later = (await port.triggerRun(jobId, 'Pipeline p5: run 2')).runId;
    await finished(later);
    const recent = await port.recentRuns(jobId, 5);
    expect(recent.map((r) => [r.runId, r.status, r.cause])).toEqual([
      [later, 'success', 'Pipeline p5: run 2'],
      [runId, 'success', 'Pipeline p5: run 1'],
    ]);
    expect(Date.parse(recent[0]?.createdAt ?? '')).toBeGreaterThan(Date.now() - 60_000);
  });

  it('stalled, is cancelled; a second cancel is harmless, and it has no run_results.json', async () => {
    const res = await fetch(`${dbt.url}/__sandbox/dbt/jobs/${jobId}/next-run`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ outcome: 'stall', at: 'queued' }) });
    expect(res.status).toBe(200);
    const stalled = (await port.triggerRun(jobId, 'Pipeline p5: run 3')).runId;
    await port.cancelRun(stalled);
    await port.cancelRun(stalled);
    expect(await port.getRun(stalled)).toMatchObject({ status: 'cancelled', finished: true });
    expect(await port.runResults(stalled)).toBeUndefined();
    expect(statuses('Cancel Run')).toEqual([200, 200]);
  });

  it('an unknown run is not_found', async () => {
    expect(await rejection(port.getRun(987654))).toMatchObject({ failureClass: 'not_found', step: 'transform' });
    expect(await rejection(port.cancelRun(987654))).toMatchObject({ failureClass: 'not_found' });
  });
});

describe('throttling, failures and credentials', () => {
  it('retries a throttled or failing read and succeeds', async () => {
    const [latest] = await port.recentRuns((await port.ensureJob({ name: 'tapestry p5 transform', steps: ['dbt run'] })).jobId, 1);
    markLog();
    dbt.faults.addRule({ kind: 'throttle', operation: 'Retrieve Run', times: 1 });
    dbt.faults.addRule({ kind: 'server-error', operation: 'Retrieve Run', status: 502, times: 1 });
    expect((await port.getRun(latest?.runId ?? 0)).status).toBe('cancelled');
    expect(statuses('Retrieve Run')).toEqual([429, 502, 200]);
  });

  it('a persistent 5xx ends in an unavailable error after three attempts', async () => {
    dbt.faults.addRule({ kind: 'server-error', operation: 'List Runs', status: 503 });
    expect(await rejection(port.recentRuns(1, 5))).toMatchObject({ provider: 'dbt_cloud', failureClass: 'unavailable', code: 'HTTP 503' });
    expect(statuses('List Runs')).toEqual([503, 503, 503]);
  });

  it('a trigger is not retried on 5xx (it is not idempotent)', async () => {
    const { jobId } = await port.ensureJob({ name: 'tapestry p5 transform', steps: ['dbt run'] });
    dbt.faults.addRule({ kind: 'server-error', operation: 'Trigger Job Run', times: 1 });
    expect(await rejection(port.triggerRun(jobId, 'retry me not'))).toMatchObject({ failureClass: 'unavailable' });
    expect(statuses('Trigger Job Run')).toEqual([500]);
  });

  it('a wrong token is an auth error on the token, which no error text carries', async () => {
    const wrong = `${dbt.apiToken}-revoked`;
    const error = await rejection(newPort(wrong).recentRuns(1, 1));
    expect(error).toMatchObject({ failureClass: 'auth', field: 'apiToken', code: 'HTTP 401' });
    expect(JSON.stringify(error)).not.toContain(wrong);
  });
});

describe.skipIf(!specsPresent)('requests against the official document (../shared/specs)', () => {
  it('every request body the port sent validates', () => {
    const spec = loadOpenApi(specFile);
    const sent = dbt.log.list().filter((e) => e.method === 'POST' && e.requestBody);
    expect(new Set(sent.map((e) => e.operation))).toEqual(new Set(['Create Job', 'Update Job', 'Trigger Job Run']));
    const problems = sent.map((e) => ({ op: e.operation, errors: spec.checkRequest(e.method, e.path, JSON.parse(e.requestBody ?? '{}')).errors })).filter((p) => p.errors.length > 0);
    expect(problems).toEqual([]);
    expect(spec.checkRequest('POST', `/api/v2/accounts/${dbt.accountId}/jobs/`, { name: 'no account' }).errors).not.toEqual([]);
  });
});
