// The dbt Cloud stand-in driven over HTTP with plain fetch, as the product's client drives dbt
// Cloud: jobs, runs that build real models in a PostgreSQL warehouse, artifacts, cancellation,
// forced failures and stalls, and bad input. The last block checks every exchange of this file
// against the official OpenAPI document and run_results.json against dbt's schema.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Ajv from 'ajv';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import YAML from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SandboxWorld } from '@/infra/local/core/world';
import { startDbtCloudStandIn, type DbtCloudStandIn } from '@/infra/local/dbt-cloud';
import { buildDbtCloudContract, generatedContractFile, serializeContract } from '@/scripts/contracts/dbt-cloud';
import { loadOpenApi } from '../../support/openapi-validator';
import { createDatabase, sql } from '../../support/database';

const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));
const specsDir = path.resolve(repoRoot, '../shared/specs');
const specsPresent = existsSync(path.join(specsDir, 'dbt-cloud-api-v2.yaml'));
if (!specsPresent) console.warn(`${specsDir} not found: contract comparison not run`);
const modelsDir = path.join(repoRoot, 'test/fixtures/dbt-models');

type Json = Record<string, unknown>;
interface Envelope {
  status: { code: number; is_success: boolean; user_message: string; developer_message: string };
  data: unknown;
  extra?: { filters: Json; order_by: string; pagination: { count: number; total_count: number } };
}
interface Run extends Json {
  id: number;
  status: number;
  status_humanized: string;
  is_complete: boolean;
  run_steps?: Array<{ index: number; name: string; status: number; logs: string }>;
}
interface NodeResult {
  unique_id: string;
  status: string;
  message: string | null;
  adapter_response: { rows_affected?: number };
  compiled_code: string | null;
  relation_name: string;
}

let dbt: DbtCloudStandIn;
let warehouseUrl: string;
const world = new SandboxWorld();

async function call(route: string, init: RequestInit & { token?: string | null } = {}): Promise<{ status: number; body: Envelope; headers: Headers }> {
  const { token, ...rest } = init;
  const headers = new Headers(rest.headers);
  if (token !== null) headers.set('authorization', `Token ${token ?? dbt.apiToken}`);
  if (rest.body !== undefined && !headers.has('content-type')) headers.set('content-type', 'application/json');
  const url = route.startsWith('/api/') || route.startsWith('/__sandbox/') ? route : `/api/v2/accounts/${dbt.accountId}${route}`;
  const res = await fetch(`${dbt.url}${url}`, { ...rest, headers, redirect: 'manual', signal: AbortSignal.timeout(5000) });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: (text ? JSON.parse(text) : null) as Envelope };
}

function jobBody(name: string, overrides: Json = {}): Json {
  return {
    account_id: dbt.accountId,
    project_id: dbt.projectId,
    environment_id: dbt.environmentId,
    name,
    execute_steps: ['dbt run'],
    execution: { timeout_seconds: 0 },
    generate_docs: false,
    lifecycle_webhooks: false,
    run_compare_changes: false,
    run_generate_sources: false,
    run_lint: false,
    errors_on_lint_failure: true,
    settings: { threads: 4, target_name: 'prod' },
    state: 1,
    triggers: { github_webhook: false, schedule: false },
    ...overrides,
  };
}

async function createJob(name: string, overrides: Json = {}): Promise<number> {
  const res = await call('/jobs/', { method: 'POST', body: JSON.stringify(jobBody(name, overrides)) });
  expect(res.status).toBe(200);
  return (res.body.data as { id: number }).id;
}

async function trigger(jobId: number, body: Json = { cause: 'Triggered by Tapestry' }): Promise<Run> {
  const res = await call(`/jobs/${jobId}/run/`, { method: 'POST', body: JSON.stringify(body) });
  expect(res.status).toBe(200);
  return res.body.data as Run;
}

async function getRun(id: number, include = 'run_steps'): Promise<Run> {
  const res = await call(`/runs/${id}/?include_related=${include}`);
  expect(res.status).toBe(200);
  return res.body.data as Run;
}

/** Polls until the predicate holds; bounded, so a broken stand-in fails the test instead of hanging it. */
async function waitForRun(id: number, until: (run: Run) => boolean, timeoutMs = 10_000): Promise<Run> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const run = await getRun(id);
    if (until(run)) return run;
    if (Date.now() > deadline) throw new Error(`run ${id} still ${run.status_humanized} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function runResults(runId: number): Promise<{ results: NodeResult[] } & Json> {
  const res = await call(`/runs/${runId}/artifacts/run_results.json`);
  expect(res.status).toBe(200);
  return res.body as unknown as { results: NodeResult[] } & Json;
}

beforeAll(async () => {
  warehouseUrl = await createDatabase({ fromTemplate: false });
  await sql(
    warehouseUrl,
    `create schema raw;
     create table raw.stripe_customers (id int primary key, email text, name text);
     create table raw.hubspot_contacts (id int primary key, email text, first_name text, last_name text);
     insert into raw.stripe_customers values (1, 'Ada@Example.com', 'Ada Lovelace'), (2, 'grace@example.com', ' '), (3, 'linus@example.com', 'Linus Torvalds');
     insert into raw.hubspot_contacts values (10, 'ada@example.com', 'Ada', 'L'), (11, 'GRACE@example.com', 'Grace', 'Hopper'),
       (12, 'ken@example.com', 'Ken', 'Thompson'), (13, null, 'No', 'Email');`,
  );
  dbt = await startDbtCloudStandIn({ recordBodies: true, timeScale: 0.002, world });
});

afterAll(async () => {
  await dbt?.close();
});

describe('authentication', () => {
  it('refuses a missing or wrong token with 401, accepts Token and Bearer, and refuses another account with 403', async () => {
    const none = await call('/jobs/', { token: null });
    expect(none.status).toBe(401);
    expect(none.body.status).toEqual({ code: 401, is_success: false, user_message: 'Authentication credentials were not provided.', developer_message: '' });
    expect(none.body.data).toBeNull();
    const wrong = await call('/jobs/', { token: 'dbtc_wrong' });
    expect(wrong.status).toBe(401);
    expect(wrong.body.status.user_message).toBe('Invalid token.');
    expect((await call('/jobs/', { token: null, headers: { authorization: `Bearer ${dbt.apiToken}` } })).status).toBe(200);
    const other = await call(`/api/v2/accounts/${dbt.accountId + 1}/jobs/`);
    expect(other.status).toBe(403);
    expect(other.body.status.is_success).toBe(false);
  });
});

describe('bad input', () => {
  it('answers unknown ids, bad JSON, wrong types, bad queries and wrong methods in dbt Cloud envelope, never 500', async () => {
    const unknownRun = await call('/runs/123/');
    expect(unknownRun.status).toBe(404);
    expect(unknownRun.body.status).toMatchObject({ code: 404, is_success: false });
    expect((await call('/runs/abc/')).status).toBe(404);
    expect((await call('/jobs/99/run/', { method: 'POST', body: JSON.stringify({ cause: 'x' }) })).status).toBe(404);

    const badJson = await call('/jobs/', { method: 'POST', body: '{"name": ' });
    expect(badJson.status).toBe(400);
    expect(badJson.body.status.developer_message).toContain('JSON parse error');

    const wrongTypes = await call('/jobs/', {
      method: 'POST',
      body: JSON.stringify(jobBody('typed', { name: '', settings: { threads: 'many' }, generate_docs: 'yes', state: undefined })),
    });
    expect(wrongTypes.status).toBe(400);
    expect(wrongTypes.body.data).toEqual({
      name: ['This field may not be blank.'],
      settings: { threads: ['A valid integer is required.'], target_name: ['This field is required.'] },
      generate_docs: ['Must be a valid boolean.'],
      state: ['This field is required.'],
    });
    const unknownEnv = await call('/jobs/', { method: 'POST', body: JSON.stringify(jobBody('env', { environment_id: 5 })) });
    expect(unknownEnv.body.data).toEqual({ environment_id: ['Invalid pk "5" - object does not exist.'] });

    const jobId = await createJob('bad input');
    const noCause = await call(`/jobs/${jobId}/run/`, { method: 'POST', body: JSON.stringify({ steps_override: 'dbt run' }) });
    expect(noCause.status).toBe(400);
    expect(noCause.body.data).toEqual({ cause: ['This field is required.'], steps_override: ['Expected a list of items but got type "str".'] });
    const arrayBody = await call(`/jobs/${jobId}/run/`, { method: 'POST', body: '[]' });
    expect(arrayBody.body.data).toEqual({ non_field_errors: ['Invalid data. Expected a dictionary, but got list.'] });
    const text = await call(`/jobs/${jobId}/run/`, { method: 'POST', body: 'cause=x', headers: { 'content-type': 'text/plain' } });
    expect(text.status).toBe(415);
    const form = await call(`/jobs/${jobId}/run/`, { method: 'POST', body: 'cause=From+a+form&threads_override=2', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(form.status).toBe(200);
    expect((form.body.data as { trigger: Json }).trigger).toMatchObject({ cause: 'From a form', threads_override: 2 });

    const badQuery = await call('/runs/?limit=ten&status__in=10,x');
    expect(badQuery.status).toBe(400);
    expect(badQuery.body.data).toEqual({ limit: ['Enter a whole number.'], status__in: ['Enter a whole number.'] });
    expect((await call('/runs/?limit=500')).body.data).toEqual({ limit: ['Ensure this value is less than or equal to 100.'] });
    expect((await call('/runs/?order_by=colour')).status).toBe(400);

    const wrongMethod = await call('/runs/', { method: 'PUT', body: '{}' });
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.get('allow')).toBe('GET');
    const noSlash = await call(`/jobs/${jobId}?include_related=environment`);
    expect(noSlash.status).toBe(301);
    expect(noSlash.headers.get('location')).toBe(`/api/v2/accounts/${dbt.accountId}/jobs/${jobId}/?include_related=environment`);
    expect((await call('/api/v2/nothing/here/')).status).toBe(404);
    expect(dbt.log.list().filter((e) => e.status >= 500)).toEqual([]);
  });

  it('refuses a bad binding on the control route and never echoes the warehouse password', async () => {
    const jobId = await createJob('binding checks');
    const route = `/__sandbox/dbt/jobs/${jobId}/binding`;
    expect((await call(route, { method: 'PUT', body: JSON.stringify({ warehouseUrl: 'mysql://x/y', models: {} }) })).status).toBe(400);
    expect((await call(route, { method: 'PUT', body: JSON.stringify({ warehouseUrl, modelsDir: 'relative/dir' }) })).status).toBe(400);
    expect((await call(route, { method: 'PUT', body: JSON.stringify({ warehouseUrl, models: { 'bad name': 'select 1' } }) })).status).toBe(400);
    expect((await call('/__sandbox/dbt/jobs/1/binding', { method: 'PUT', body: JSON.stringify({ warehouseUrl, modelsDir }) })).status).toBe(404);
    const ok = await call(route, { method: 'PUT', body: JSON.stringify({ warehouseUrl, modelsDir }) });
    expect(ok.status).toBe(200);
    const password = new URL(warehouseUrl).password;
    expect(JSON.stringify(ok.body)).not.toContain(password);
    expect(JSON.stringify((await call(route)).body)).not.toContain(password);
    expect(() => dbt.bind(424242, { warehouseUrl, modelsDir })).toThrow(/no job 424242/);
  });
});

describe('a bound job builds its models', () => {
  let runId: number;

  it('runs the models in ref() order, creates the tables, and reports their row counts', async () => {
    const jobId = await createJob('Pipeline 1: transform');
    const bound = await call(`/__sandbox/dbt/jobs/${jobId}/binding`, { method: 'PUT', body: JSON.stringify({ warehouseUrl, schema: 'analytics', modelsDir }) });
    expect(bound.status).toBe(200);
    const queued = await trigger(jobId);
    expect(queued).toMatchObject({ status: 1, status_humanized: 'Queued', in_progress: true, is_complete: false, job_definition_id: jobId });
    runId = queued.id;
    const run = await waitForRun(runId, (r) => r.is_complete);
    expect(run).toMatchObject({ status: 10, status_humanized: 'Success', is_success: true, is_error: false, is_cancelled: false, in_progress: false });
    expect(run.finished_at).toEqual(expect.stringMatching(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{6}\+00:00$/));
    expect(run.run_duration).toMatch(/^\d\d:\d\d:\d\d$/);
    expect(run.git_sha).toMatch(/^[0-9a-f]{40}$/);
    expect(run.run_steps?.map((s) => [s.name, s.status])).toEqual([
      ['Clone git repository', 10],
      ['Create profile from deployment credentials', 10],
      ['Invoke dbt with `dbt deps`', 10],
      ['Invoke dbt with `dbt run`', 10],
    ]);
    const dbtRunLogs = run.run_steps?.[3]?.logs ?? '';
    expect(dbtRunLogs).toContain('Found 3 models, 2 sources');
    expect(dbtRunLogs).toContain('Done. PASS=3 WARN=0 ERROR=0 SKIP=0 TOTAL=3');

    const results = (await runResults(runId)).results;
    expect(results.map((r) => [r.unique_id, r.status])).toEqual([
      ['model.tapestry.stg_hubspot_contacts', 'success'],
      ['model.tapestry.stg_stripe_customers', 'success'],
      ['model.tapestry.unified_users', 'success'],
    ]);
    const counts = await sql<{ hubspot: number; unified: number }>(
      warehouseUrl,
      'select (select count(*)::int from analytics.stg_hubspot_contacts) as hubspot, (select count(*)::int from analytics.unified_users) as unified',
    );
    expect(results[0]?.adapter_response.rows_affected).toBe(counts[0]?.hubspot);
    expect(results[2]?.adapter_response.rows_affected).toBe(counts[0]?.unified);
    expect(counts[0]).toEqual({ hubspot: 3, unified: 4 });
    expect(results[1]?.adapter_response.rows_affected).toBe(-1); // a view, as dbt-postgres reports it
    expect(results[2]?.compiled_code).toContain('"analytics"."stg_stripe_customers"');
    expect(results[2]?.relation_name).toMatch(/^"t_[0-9a-f]+"\."analytics"\."unified_users"$/);

    const users = await sql<{ email: string; full_name: string; source_records: string }>(warehouseUrl, 'select * from analytics.unified_users order by email');
    expect(users.map((u) => [u.email, u.full_name, Number(u.source_records)])).toEqual([
      ['ada@example.com', 'Ada Lovelace', 2],
      ['grace@example.com', 'Grace Hopper', 2],
      ['ken@example.com', 'Ken Thompson', 1],
      ['linus@example.com', 'Linus Torvalds', 1],
    ]);
    const kinds = await sql<{ relname: string; relkind: string }>(
      warehouseUrl,
      `select relname, relkind::text from pg_class c join pg_namespace n on n.oid = c.relnamespace where nspname = 'analytics' order by relname`,
    );
    expect(kinds).toEqual([
      { relname: 'stg_hubspot_contacts', relkind: 'r' },
      { relname: 'stg_stripe_customers', relkind: 'v' },
      { relname: 'unified_users', relkind: 'r' },
    ]);
    expect(world.activitiesOn('ecs:dbt', 0, Date.now() + 1000).some((a) => a.label === 'dbt run Pipeline 1: transform' && a.end !== undefined)).toBe(true);
  });

  it('lists the artifacts and serves a manifest with the lineage', async () => {
    const list = await call(`/runs/${runId}/artifacts/`);
    expect(list.body.data).toEqual(['manifest.json', 'run_results.json']);
    const manifest = (await call(`/runs/${runId}/artifacts/manifest.json`)).body as unknown as { parent_map: Record<string, string[]> };
    expect(manifest.parent_map['model.tapestry.unified_users']).toEqual(['model.tapestry.stg_hubspot_contacts', 'model.tapestry.stg_stripe_customers']);
    expect(manifest.parent_map['model.tapestry.stg_hubspot_contacts']).toEqual(['source.tapestry.raw.hubspot_contacts']);
    expect((await call(`/runs/${runId}/artifacts/catalog.json`)).status).toBe(404);
    expect((await call(`/runs/${runId}/artifacts/run_results.json?step=1`)).status).toBe(404);
  });

  it('rebuilds on the next run, replacing the previous relations', async () => {
    await sql(warehouseUrl, `insert into raw.hubspot_contacts values (14, 'new@example.com', 'New', 'Person')`);
    const run = await trigger((await getRun(runId, 'job')).job_definition_id as number);
    await waitForRun(run.id, (r) => r.is_complete);
    const results = (await runResults(run.id)).results;
    expect(results.map((r) => r.adapter_response.rows_affected)).toEqual([4, -1, 5]);
    const job = await call(`/jobs/${run.job_definition_id as number}/artifacts/run_results.json`);
    expect(job.status).toBe(200);
    expect((job.body as unknown as { results: NodeResult[] }).results[2]?.adapter_response.rows_affected).toBe(5);
  });
});

describe('failures', () => {
  const source = (name: string) => readFileSync(path.join(modelsDir, name), 'utf8');
  const models = {
    stg_stripe_customers: source('staging/stg_stripe_customers.sql'),
    stg_hubspot_contacts: source('staging/stg_hubspot_contacts.sql'),
    unified_users: source('unified_users.sql'),
    broken_scores: "{{ config(materialized='table') }}\nselect email, no_such_column as score\nfrom {{ ref('unified_users') }}",
    score_report: "select * from {{ ref('broken_scores') }}",
    score_summary: "{{ config(materialized='table') }} select count(*) as n from {{ ref('score_report') }}",
  };

  it('a failing model fails the run, skips what depends on it, and reports the database error', async () => {
    const jobId = await createJob('broken model');
    dbt.bind(jobId, { warehouseUrl, schema: 'broken', models });
    const run = await waitForRun((await trigger(jobId)).id, (r) => r.is_complete);
    expect(run).toMatchObject({ status: 20, status_humanized: 'Error', is_error: true, is_success: false });
    const step = run.run_steps?.find((s) => s.name === 'Invoke dbt with `dbt run`');
    expect(step?.status).toBe(20);
    expect(step?.logs).toContain('column "no_such_column" does not exist');
    expect(step?.logs).toContain('Done. PASS=3 WARN=0 ERROR=1 SKIP=2 TOTAL=6');
    const results = (await runResults(run.id)).results;
    const byName = Object.fromEntries(results.map((r) => [r.unique_id.split('.')[2], r]));
    expect(byName.broken_scores?.status).toBe('error');
    expect(byName.broken_scores?.message).toContain('Database Error in model broken_scores (models/broken_scores.sql)');
    expect(byName.broken_scores?.message).toContain('column "no_such_column" does not exist');
    expect([byName.score_report?.status, byName.score_summary?.status]).toEqual(['skipped', 'skipped']);
    expect(byName.unified_users?.status).toBe('success');
    const built = await sql<{ relname: string }>(warehouseUrl, `select relname from pg_class c join pg_namespace n on n.oid = c.relnamespace where nspname = 'broken' order by 1`);
    expect(built.map((r) => r.relname)).toEqual(['stg_hubspot_contacts', 'stg_stripe_customers', 'unified_users']);
  });

  it('a cycle fails the run before anything is built, with no run_results.json', async () => {
    const jobId = await createJob('cyclic');
    dbt.bind(jobId, { warehouseUrl, schema: 'cyclic', models: { a: "select * from {{ ref('b') }}", b: "select * from {{ ref('a') }}" } });
    const run = await waitForRun((await trigger(jobId)).id, (r) => r.is_complete);
    expect(run.status).toBe(20);
    expect(run.run_steps?.at(-1)?.logs).toContain('Found a cycle: model.tapestry.a --> model.tapestry.b --> model.tapestry.a');
    expect((await call(`/runs/${run.id}/artifacts/run_results.json`)).status).toBe(404);
    expect(await sql(warehouseUrl, `select 1 from pg_namespace where nspname = 'cyclic'`)).toEqual([]);
  });

  it('an unbound job succeeds as an empty project and says so in its logs', async () => {
    const run = await waitForRun((await trigger(await createJob('unbound'))).id, (r) => r.is_complete);
    expect(run.status).toBe(10);
    expect(run.run_steps?.at(-1)?.logs).toContain('not bound to a warehouse');
    expect((await runResults(run.id)).results).toEqual([]);
  });

  it('a forced failure fails the next run only', async () => {
    const jobId = await createJob('forced failure');
    const forced = await call(`/__sandbox/dbt/jobs/${jobId}/next-run`, { method: 'PUT', body: JSON.stringify({ outcome: 'fail', message: 'permission denied for schema analytics' }) });
    expect(forced.status).toBe(200);
    const failed = await waitForRun((await trigger(jobId)).id, (r) => r.is_complete);
    expect(failed.status).toBe(20);
    expect(failed.run_steps?.at(-1)?.logs).toContain('permission denied for schema analytics');
    const next = await waitForRun((await trigger(jobId)).id, (r) => r.is_complete);
    expect(next.status).toBe(10);
  });

  it('cancels a running run, and a second cancel changes nothing', async () => {
    const jobId = await createJob('stalls');
    await call(`/__sandbox/dbt/jobs/${jobId}/next-run`, { method: 'PUT', body: JSON.stringify({ outcome: 'stall' }) });
    const running = await waitForRun((await trigger(jobId)).id, (r) => r.status === 3 && (r.run_steps?.length ?? 0) === 4);
    const heartbeat = running.last_heartbeat_at;
    await new Promise((r) => setTimeout(r, 100));
    expect((await getRun(running.id)).last_heartbeat_at).toBe(heartbeat); // stalled: no progress signal
    const cancelled = await call(`/runs/${running.id}/cancel/`, { method: 'POST' });
    expect(cancelled.body.data).toMatchObject({ status: 30, status_humanized: 'Cancelled', is_cancelled: true, is_complete: true, in_progress: false });
    const again = await call(`/runs/${running.id}/cancel/`, { method: 'POST' });
    expect(again.status).toBe(200);
    expect((again.body.data as Run).finished_at).toBe((cancelled.body.data as Run).finished_at);
    const after = await getRun(running.id);
    expect(after.run_steps?.at(-1)?.status).toBe(30);
    const done = await call(`/runs/${(await waitForRun((await trigger(jobId)).id, (r) => r.is_complete)).id}/cancel/`, { method: 'POST' });
    expect((done.body.data as Run).status).toBe(10);
  });

  it('a second run of a job waits in the queue, blocked by the first, until it ends', async () => {
    const jobId = await createJob('one at a time');
    await call(`/__sandbox/dbt/jobs/${jobId}/next-run`, { method: 'PUT', body: JSON.stringify({ outcome: 'stall' }) });
    const first = await waitForRun((await trigger(jobId)).id, (r) => r.status === 3);
    const second = await trigger(jobId);
    await new Promise((r) => setTimeout(r, 150));
    expect(await getRun(second.id)).toMatchObject({ status: 1, blocked_by: [first.id] });
    await call(`/runs/${first.id}/cancel/`, { method: 'POST' });
    expect(await waitForRun(second.id, (r) => r.is_complete)).toMatchObject({ status: 10, blocked_by: [] });
  });

  it('cancelling a run stops the statement it is executing in the warehouse', async () => {
    const jobId = await createJob('slow model');
    dbt.bind(jobId, { warehouseUrl, schema: 'slow', models: { slow: "{{ config(materialized='table') }} select 1 as x from pg_sleep(20)" } });
    const run = await trigger(jobId);
    const sleeping = async () =>
      (await sql(warehouseUrl, `select 1 from pg_stat_activity where application_name = 'dbt-cloud-sandbox' and query like '%pg_sleep(20)%' and state = 'active'`)).length > 0;
    const deadline = Date.now() + 10_000;
    while (!(await sleeping())) {
      if (Date.now() > deadline) throw new Error('the slow model never started');
      await new Promise((r) => setTimeout(r, 20));
    }
    const cancelled = await call(`/runs/${run.id}/cancel/`, { method: 'POST' });
    expect((cancelled.body.data as Run).status).toBe(30);
    const stopBy = Date.now() + 5_000;
    while (await sleeping()) {
      if (Date.now() > stopBy) throw new Error('the statement was still running 5 s after the cancel');
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(await sql(warehouseUrl, `select 1 from pg_class c join pg_namespace n on n.oid = c.relnamespace where nspname = 'slow' and relname = 'slow'`)).toEqual([]);
    expect((await getRun(run.id)).status).toBe(30);
    expect((await call(`/runs/${run.id}/artifacts/run_results.json`)).status).toBe(404);
  });

  it('cancels a queued run, and a stalled running run ends at the job timeout', async () => {
    const queuedJob = await createJob('stuck in queue');
    await call(`/__sandbox/dbt/jobs/${queuedJob}/next-run`, { method: 'PUT', body: JSON.stringify({ outcome: 'stall', at: 'queued' }) });
    const queued = await trigger(queuedJob);
    await new Promise((r) => setTimeout(r, 100));
    expect((await getRun(queued.id)).status).toBe(1);
    expect(((await call(`/runs/${queued.id}/cancel/`, { method: 'POST' })).body.data as Run).status).toBe(30);

    const timedJob = await createJob('times out', { execution: { timeout_seconds: 10 } });
    await call(`/__sandbox/dbt/jobs/${timedJob}/next-run`, { method: 'PUT', body: JSON.stringify({ outcome: 'stall' }) });
    const timed = await waitForRun((await trigger(timedJob)).id, (r) => r.is_complete);
    expect(timed).toMatchObject({ status: 20, status_message: 'This run timed out after running for 10 seconds.' });
  });
});

describe('lists', () => {
  it('filters, orders and pages runs and jobs, and soft-deletes jobs', async () => {
    const jobId = await createJob('Listed job');
    const ids = [(await trigger(jobId)).id, (await trigger(jobId)).id, (await trigger(jobId)).id];
    await Promise.all(ids.map((id) => waitForRun(id, (r) => r.is_complete)));
    const page = await call(`/runs/?job_definition_id=${jobId}&order_by=-id&limit=2&offset=0&include_related=trigger`);
    expect((page.body.data as Run[]).map((r) => r.id)).toEqual([ids[2], ids[1]]);
    expect(page.body.extra).toMatchObject({ order_by: '-id', pagination: { count: 2, total_count: 3 }, filters: { job_definition_id: jobId, limit: 2, offset: 0 } });
    expect((page.body.data as Run[])[0]?.trigger).toMatchObject({ cause: 'Triggered by Tapestry', job_definition_id: jobId });
    const next = await call(`/runs/?job_definition_id=${jobId}&order_by=-id&limit=2&offset=2`);
    expect((next.body.data as Run[]).map((r) => r.id)).toEqual([ids[0]]);
    const succeeded = await call(`/runs/?job_definition_id=${jobId}&status__in=[10,20]`);
    expect(succeeded.body.extra?.pagination.total_count).toBe(3);
    expect((await call(`/runs/?job_definition_id=${jobId}&status=20`)).body.extra?.pagination.total_count).toBe(0);

    const byName = await call('/jobs/?name__icontains=listed');
    expect((byName.body.data as Json[]).map((j) => j.id)).toEqual([jobId]);
    const fetched = await call(`/jobs/${jobId}/`);
    expect(fetched.body.data).toMatchObject({ id: jobId, name: 'Listed job', state: 1, execute_steps: ['dbt run'], environment: { name: 'Production', type: 'deployment' } });
    const updated = await call(`/jobs/${jobId}/`, { method: 'POST', body: JSON.stringify(jobBody('Listed job, renamed')) });
    expect((updated.body.data as Json).name).toBe('Listed job, renamed');
    expect((await call(`/jobs/${jobId}/`, { method: 'DELETE' })).status).toBe(204);
    expect((await call(`/jobs/${jobId}/`)).status).toBe(404);
    expect((await call(`/jobs/${jobId}/run/`, { method: 'POST', body: JSON.stringify({ cause: 'x' }) })).status).toBe(404);
    const deleted = await call('/jobs/?state=deleted&name__icontains=renamed');
    expect((deleted.body.data as Json[]).map((j) => [j.id, j.state])).toEqual([[jobId, 2]]);
    const envs = await call('/environments/');
    expect((envs.body.data as Json[]).map((e) => [e.id, e.project_id, e.type])).toEqual([[dbt.environmentId, dbt.projectId, 'deployment']]);
  });

  it('answers an injected throttle with 429 in the envelope', async () => {
    dbt.faults.addRule({ kind: 'throttle', operation: 'List Runs', times: 1 });
    const throttled = await call('/runs/');
    expect(throttled.status).toBe(429);
    expect(throttled.headers.get('retry-after')).toBe('1');
    expect(throttled.body.status.is_success).toBe(false);
    expect((await call('/runs/')).status).toBe(200);
  });
});

type SpecDoc = {
  components: object;
  paths: Record<string, Record<string, { operationId?: string; parameters?: Array<{ name: string; description?: string }>; responses: Record<string, { content?: object }> }>>;
};
let parsedSpec: SpecDoc | undefined;
const specDoc = (): SpecDoc => (parsedSpec ??= YAML.parse(readFileSync(path.join(specsDir, 'dbt-cloud-api-v2.yaml'), 'utf8')) as SpecDoc);

describe.skipIf(!specsPresent)('contracts (../shared/specs)', () => {
  it('the committed contract file is what the generator makes from the official document', () => {
    const fresh = serializeContract(buildDbtCloudContract(path.join(specsDir, 'dbt-cloud-api-v2.yaml')));
    expect(readFileSync(generatedContractFile, 'utf8')).toBe(fresh);
  });

  it('run statuses are the ones the document names', () => {
    const parameters = specDoc().paths['/api/v2/accounts/{account_id}/runs/']?.get?.parameters ?? [];
    const text = parameters.find((p) => p.name === 'status__in')?.description ?? '';
    for (const pair of ['1: Queued', '2: Starting', '3: Running', '10: Success', '20: Error', '30: Cancelled']) expect(text).toContain(pair);
  });

  it('run_results.json of each finished run validates against run-results v6', async () => {
    const schema = JSON.parse(readFileSync(path.join(specsDir, 'dbt/run-results-v6.json'), 'utf8')) as object;
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    const validate = ajv.compile(schema);
    const runs = (await call('/runs/?status__in=10,20&limit=100')).body.data as Run[];
    let checked = 0;
    for (const run of runs) {
      const res = await call(`/runs/${run.id}/artifacts/run_results.json`);
      if (res.status !== 200) continue;
      const ok = validate(res.body);
      expect(validate.errors ?? [], `run ${run.id}`).toEqual([]);
      expect(ok).toBe(true);
      expect((res.body as unknown as Json).metadata).toMatchObject({ dbt_schema_version: 'https://schemas.getdbt.com/dbt/run-results/v6.json' });
      checked++;
    }
    expect(checked).toBeGreaterThanOrEqual(5);
  });

  it('every request and response this file exchanged conforms to the official document', () => {
    const file = path.join(specsDir, 'dbt-cloud-api-v2.yaml');
    const openapi = loadOpenApi(file);
    const doc = specDoc();
    // Error statuses are not documented per operation; every dbt Cloud error still carries the
    // document's ResponseStatus in its envelope.
    const ajv = new Ajv({ strict: false, allErrors: true });
    addFormats(ajv);
    ajv.addSchema(doc, 'dbt');
    const errorEnvelope = ajv.compile({ type: 'object', required: ['status', 'data'], properties: { status: { $ref: 'dbt#/components/schemas/ResponseStatus' } } });
    const problems: string[] = [];
    const seen = new Set<string>();
    const exchanges = dbt.log.list();
    for (const e of exchanges) {
      const where = `${e.method} ${e.path} → ${e.status}`;
      if (e.status === 301 || e.status === 0) continue;
      const body = e.responseBody ? (JSON.parse(e.responseBody) as unknown) : undefined;
      if (e.status >= 400) {
        if (!errorEnvelope(body)) problems.push(`${where}: ${JSON.stringify(errorEnvelope.errors)}`);
        if ((body as Envelope).status.code !== e.status) problems.push(`${where}: envelope code ${(body as Envelope).status.code}`);
        continue;
      }
      seen.add(e.operation);
      const json = (e.requestHeaders?.['content-type'] ?? '').startsWith('application/json');
      if (e.method === 'POST' && json && e.requestBody) {
        const request = openapi.checkRequest(e.method, e.path, JSON.parse(e.requestBody));
        if (request.operationId !== 'Cancel Run') problems.push(...request.errors.map((p) => `${where}: ${p}`));
      }
      const response = openapi.checkResponse(e.method, e.path, e.status, body);
      const template = Object.keys(doc.paths).find((t) => openapi.operationFor(e.method, e.path) === doc.paths[t]?.[e.method.toLowerCase()]?.operationId);
      const documented = template ? doc.paths[template]?.[e.method.toLowerCase()]?.responses[String(e.status)] : undefined;
      if (documented && !documented.content) {
        // Documented without a body schema (a raw artifact file, or 204): nothing more to check here.
        expect(response.errors.every((p) => p.startsWith('no JSON schema'))).toBe(true);
        continue;
      }
      problems.push(...response.errors.map((p) => `${where}: ${p}`));
    }
    expect(problems).toEqual([]);
    expect([...seen].sort()).toEqual(
      [
        'Cancel Run', 'Create Job', 'Destroy Job', 'List Environments', 'List Jobs', 'List Run Artifacts', 'List Runs',
        'Retrieve Job', 'Retrieve Job Artifact', 'Retrieve Run', 'Retrieve Run Artifact', 'Trigger Job Run', 'Update Job',
      ].sort(),
    );
    expect(exchanges.length).toBeGreaterThan(100);
  });
});
