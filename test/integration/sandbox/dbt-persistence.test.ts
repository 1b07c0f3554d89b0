// The dbt Cloud stand-in across restarts, driven with plain fetch as Tapestry drives dbt Cloud.
// What was there before a restart reads the same after it (jobs, soft-deleted ones too, the
// binding, a finished run with its steps, logs and artifacts); a run stopped part-way carries on
// and builds each model exactly once, also when the saved state lags behind a COMMIT the warehouse
// already made; ids continue; the token issued before the restart still works.
//
// Resuming is the choice, rather than ending the interrupted run: dbt Cloud is a hosted service,
// so a restart of the sandbox stands for the client's outage, not dbt Cloud's, and dbt Cloud's
// runs carry on through it. Each model builds in its own transaction, so a stop in the middle
// never leaves a half-built model visible; an event trigger in the warehouse counts every
// committed CREATE TABLE AS / CREATE VIEW, which is how "exactly once" is checked.
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startDbtCloudStandIn, type DbtCloudStandIn } from '@/infra/local/dbt-cloud';
import { decodeSnapshot, type Snapshot } from '@/infra/local/core/state-codec';
import { createDatabase, sql } from '../../support/database';
import type { LooseJson } from '../../support/loose-json';

type Json = LooseJson;

/** Runs take about 2 s (queue, start, clone, profile, deps) plus 150 ms between models. */
const TIME_SCALE = 0.1;
const ACCOUNT_ID = 2002;
const TOKEN = 'dbtc_persistence_test_0123456789abcdefghijkl';
const MODELS = ['stg_hubspot_contacts', 'stg_stripe_customers', 'unified_users'] as const;
const modelsDir = path.join(fileURLToPath(new URL('../../..', import.meta.url)), 'test/fixtures/dbt-models');

let dir: string;
/** The state file of the restart test; the write-ahead test has its own. */
let file: string;
let warehouseUrl: string;
const opened: DbtCloudStandIn[] = [];

async function open(credentials: { accountId?: number; apiToken?: string } = {}, stateFile = file): Promise<DbtCloudStandIn> {
  const standIn = await startDbtCloudStandIn({ stateFile, timeScale: TIME_SCALE, ...credentials });
  opened.push(standIn);
  return standIn;
}

async function call(standIn: DbtCloudStandIn, route: string, init: { method?: string; body?: unknown; token?: string } = {}): Promise<{ status: number; body: Json; text: string }> {
  const url = route.startsWith('/__sandbox/') ? route : `/api/v2/accounts/${ACCOUNT_ID}${route}`;
  const res = await fetch(`${standIn.url}${url}`, {
    method: init.method ?? 'GET',
    headers: { authorization: `Token ${init.token ?? TOKEN}`, 'content-type': 'application/json' },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
    signal: AbortSignal.timeout(10_000),
  });
  const text = await res.text();
  return { status: res.status, text, body: text.startsWith('{') ? (JSON.parse(text) as Json) : {} };
}

/** Every wait is bounded: a stand-in that stops making progress fails the test instead of hanging it. */
const WAIT = { timeout: 10_000, interval: 5 };

async function createJob(standIn: DbtCloudStandIn, name: string): Promise<number> {
  const definition = {
    account_id: ACCOUNT_ID, project_id: standIn.projectId, environment_id: standIn.environmentId, name, state: 1,
    execute_steps: ['dbt run'], execution: { timeout_seconds: 0 }, settings: { threads: 2, target_name: 'prod' },
    generate_docs: false, lifecycle_webhooks: false, run_compare_changes: false, run_generate_sources: false, run_lint: false,
    errors_on_lint_failure: true, triggers: { github_webhook: false, schedule: false },
  };
  const res = await call(standIn, '/jobs/', { method: 'POST', body: definition });
  expect(res.status).toBe(200);
  return res.body.data.id as number;
}

async function trigger(standIn: DbtCloudStandIn, jobId: number): Promise<number> {
  const res = await call(standIn, `/jobs/${jobId}/run/`, { method: 'POST', body: { cause: 'Triggered by Tapestry' } });
  expect(res.status).toBe(200);
  return res.body.data.id as number;
}

async function run(standIn: DbtCloudStandIn, runId: number): Promise<Json> {
  return (await call(standIn, `/runs/${runId}/?include_related=trigger,job,environment,run_steps,debug_logs`)).body.data as Json;
}

async function finished(standIn: DbtCloudStandIn, runId: number): Promise<Json> {
  return vi.waitUntil(async () => {
    const found = await run(standIn, runId);
    return found.is_complete ? found : undefined;
  }, WAIT);
}

/** A run as any two reads agree on: ages ("3 seconds ago") move with the clock, `href` names the port. */
function stable(view: Json, standIn: DbtCloudStandIn): Json {
  const { created_at_humanized: _created, finished_at_humanized: _finished, ...rest } = view;
  return { ...rest, href: String(view.href).replace(standIn.url, '') };
}

/** Committed builds of each model so far (the event trigger writes inside the model's transaction). */
async function builds(schema = 'analytics'): Promise<Record<string, number>> {
  const rows = await sql<{ relation: string; n: number }>(warehouseUrl, 'select relation, count(*)::int as n from audit.builds group by relation');
  return Object.fromEntries(MODELS.map((m) => [m, rows.find((r) => r.relation === `${schema}.${m}`)?.n ?? 0]));
}

function dbtRunLogs(view: Json): string {
  return (view.run_steps as Json[]).find((s) => s.name === 'Invoke dbt with `dbt run`')?.logs as string;
}

function occurrences(text: string, needle: string): number {
  return text.split(needle).length - 1;
}

/** A client holding ACCESS EXCLUSIVE on a raw table: a model reading it waits until released. */
async function lockTable(table: string): Promise<{ release(): Promise<void> }> {
  const client = new pg.Client({ connectionString: warehouseUrl });
  await client.connect();
  await client.query(`set lock_timeout = '10s'`);
  await client.query('begin');
  await client.query(`lock table ${table} in access exclusive mode`);
  return {
    async release() {
      await client.query('rollback');
      await client.end();
    },
  };
}

function fileMode(of = file): number {
  return statSync(of).mode & 0o777;
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'dbt-persistence-'));
  file = path.join(dir, 'dbt-cloud.json');
  warehouseUrl = await createDatabase({ fromTemplate: false });
  await sql(
    warehouseUrl,
    `create schema raw;
     create table raw.stripe_customers (id, email, name) as
       values (1, 'mary@example.com', 'Mary Shelley'), (2, 'Percy@example.com', 'Percy Shelley');
     create table raw.hubspot_contacts (id, email, first_name, last_name) as
       values (7, 'MARY@example.com', 'Mary', 'Godwin'), (8, 'john@example.com', 'John', 'Polidori'), (9, null, 'No', 'Email');
     create schema audit;
     create table audit.builds (id serial primary key, tag text not null, relation text not null);
     create function audit.record_build() returns event_trigger language plpgsql as $$
     declare c record;
     begin
       for c in select * from pg_event_trigger_ddl_commands() loop
         insert into audit.builds (tag, relation) values (c.command_tag, c.object_identity);
       end loop;
     end $$;
     create event trigger record_builds on ddl_command_end when tag in ('CREATE TABLE AS', 'CREATE VIEW') execute function audit.record_build();`,
  );
});

afterAll(async () => {
  for (const standIn of opened) await standIn.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('dbt Cloud stand-in with a state file', () => {
  it('keeps jobs, bindings, runs and artifacts, and carries an interrupted run on, building each model once', async () => {
    const first = await open({ accountId: ACCOUNT_ID, apiToken: TOKEN });
    const jobId = await createJob(first, 'Pipeline 7: transform');
    // On disk before the answer, as a real service commits before it answers (a crash now loses nothing).
    expect(readFileSync(file, 'utf8')).toContain('"Pipeline 7: transform"');
    const bound = await call(first, `/__sandbox/dbt/jobs/${jobId}/binding`, { method: 'PUT', body: { warehouseUrl, schema: 'analytics', modelsDir } });
    expect(bound.status).toBe(200);
    const retired = await createJob(first, 'Pipeline 3: retired');
    expect((await call(first, `/jobs/${retired}/`, { method: 'DELETE' })).status).toBe(204);
    const planned = await createJob(first, 'Pipeline 8: told to fail');
    await call(first, `/__sandbox/dbt/jobs/${planned}/next-run`, { method: 'PUT', body: { outcome: 'fail', message: 'permission denied for schema analytics' } });

    const done = await finished(first, await trigger(first, jobId));
    expect(done.status).toBe(10);
    const reads = async (standIn: DbtCloudStandIn) => ({
      jobs: (await call(standIn, '/jobs/?state=all&order_by=id')).body.data as Json[],
      job: (await call(standIn, `/jobs/${jobId}/`)).body.data as Json,
      binding: (await call(standIn, `/__sandbox/dbt/jobs/${jobId}/binding`)).body,
      run: stable(await run(standIn, done.id as number), standIn),
      artifacts: (await call(standIn, `/runs/${done.id as number}/artifacts/`)).body.data as string[],
      runResults: (await call(standIn, `/runs/${done.id as number}/artifacts/run_results.json`)).text,
      manifest: (await call(standIn, `/runs/${done.id as number}/artifacts/manifest.json`)).text,
      latest: (await call(standIn, `/jobs/${jobId}/artifacts/run_results.json`)).text,
    });
    const before = await reads(first);
    expect(before.jobs.map((j) => [j.name, j.state])).toEqual([['Pipeline 7: transform', 1], ['Pipeline 3: retired', 2], ['Pipeline 8: told to fail', 1]]);
    expect(before.artifacts).toEqual(['manifest.json', 'run_results.json']);
    expect(await builds()).toEqual({ stg_hubspot_contacts: 1, stg_stripe_customers: 1, unified_users: 1 });

    // The second run builds its first model, then waits on a lock for its second: stop there.
    const lock = await lockTable('raw.stripe_customers');
    const interrupted = await trigger(first, jobId);
    try {
      const waiting = `select 1 from pg_stat_activity where application_name = 'dbt-cloud-sandbox' and wait_event_type = 'Lock'`;
      await vi.waitUntil(async () => (await sql(warehouseUrl, waiting)).length > 0, WAIT);
      const midway = await run(first, interrupted);
      expect(midway.status).toBe(3);
      expect(dbtRunLogs(midway)).toContain('1 of 3 OK created sql table model analytics.stg_hubspot_contacts');
      await first.close();
    } finally {
      await lock.release();
    }
    // Stopped: the first model of run 2 is committed, the second rolled back; nothing half-built shows.
    expect(await builds()).toEqual({ stg_hubspot_contacts: 2, stg_stripe_customers: 1, unified_users: 1 });
    expect(await sql(warehouseUrl, 'select count(*)::int as n from analytics.unified_users join analytics.stg_stripe_customers using (email)')).toEqual([{ n: 2 }]);
    expect(fileMode()).toBe(0o600);

    // Reopened on another port with no credentials given: the account and token come from the file.
    const second = await open();
    expect([second.accountId, second.apiToken]).toEqual([ACCOUNT_ID, TOKEN]);
    expect((await call(second, '/jobs/', { token: 'dbtc_not_the_token' })).status).toBe(401);
    expect(await reads(second)).toEqual(before);

    const resumed = await finished(second, interrupted);
    expect(resumed).toMatchObject({ status: 10, is_success: true, run_steps: [{ status: 10 }, { status: 10 }, { status: 10 }, { status: 10 }] });
    const logs = dbtRunLogs(resumed);
    for (const [i, model] of MODELS.entries()) expect(occurrences(logs, `${i + 1} of 3 START`), model).toBe(1);
    expect(logs).toContain('Done. PASS=3 WARN=0 ERROR=0 SKIP=0 TOTAL=3');
    const results = JSON.parse((await call(second, `/runs/${interrupted}/artifacts/run_results.json`)).text) as { results: Json[] };
    expect(results.results.map((r) => [r.unique_id, r.status, r.adapter_response.rows_affected])).toEqual([
      ['model.tapestry.stg_hubspot_contacts', 'success', 2],
      ['model.tapestry.stg_stripe_customers', 'success', -1],
      ['model.tapestry.unified_users', 'success', 3],
    ]);
    expect(await builds()).toEqual({ stg_hubspot_contacts: 2, stg_stripe_customers: 2, unified_users: 2 });

    // Ids continue, and the next-run plan made before the restart still applies.
    const newJob = await createJob(second, 'Pipeline 9: after the restart');
    expect(newJob).toBe(planned + 1);
    const failing = await trigger(second, planned);
    expect(failing).toBe(interrupted + 1);
    const failed = await finished(second, failing);
    expect(failed.status).toBe(20);
    expect(dbtRunLogs(failed)).toContain('permission denied for schema analytics');
    const stepIds = [...(resumed.run_steps as Json[]), ...(failed.run_steps as Json[])].map((s) => s.id as number);
    expect(new Set(stepIds).size).toBe(stepIds.length);
    await second.close();
    expect(fileMode()).toBe(0o600);
  });

  it('does not build again a model whose COMMIT landed after the last save (a stop right after the write-ahead)', async () => {
    const own = path.join(dir, 'write-ahead.json');
    const third = await open({ accountId: ACCOUNT_ID, apiToken: TOKEN }, own);
    const jobId = await createJob(third, 'Pipeline 10: marts');
    third.bind(jobId, { warehouseUrl, schema: 'marts', modelsDir });
    const runId = await trigger(third, jobId);
    // The state file as it stands between the second model's write-ahead record and its COMMIT.
    const writeAhead = await vi.waitUntil(() => {
      if (!existsSync(own)) return undefined; // not written yet (saves are debounced)
      const text = readFileSync(own, 'utf8');
      const saved = JSON.parse(text) as { state: Snapshot<{ records: { runs: Map<number, Json> } }> };
      const record = decodeSnapshot(saved.state).records.runs.get(runId);
      return record?.build?.committing?.result?.relationName?.endsWith('"stg_stripe_customers"') ? text : undefined;
    }, WAIT);
    // Hold the third model back (the lock is granted once the second model's COMMIT releases its table).
    const lock = await lockTable('raw.stripe_customers');
    try {
      expect((await builds('marts')).stg_stripe_customers).toBe(1);
      await third.close();
    } finally {
      await lock.release();
    }
    // As after a crash: the last write on disk is the write-ahead, which does not know the COMMIT landed.
    writeFileSync(own, writeAhead, { mode: 0o600 });
    const fourth = await open({}, own);
    const resumed = await finished(fourth, runId);
    expect(resumed.status).toBe(10);
    const logs = dbtRunLogs(resumed);
    expect([occurrences(logs, '2 of 3 START'), occurrences(logs, '2 of 3 OK created'), occurrences(logs, '3 of 3 OK created')]).toEqual([1, 1, 1]);
    expect(await builds('marts')).toEqual({ stg_hubspot_contacts: 1, stg_stripe_customers: 1, unified_users: 1 });
    await fourth.close();
  });

  it('starts empty on a state file it cannot read, and keeps that file aside instead of overwriting it', async () => {
    const broken = path.join(dir, 'broken.json');
    const text = JSON.stringify({ format: 1, state: { account: { id: 5 }, records: {} } });
    writeFileSync(broken, text, { mode: 0o600 });
    const standIn = await open({ accountId: ACCOUNT_ID, apiToken: TOKEN }, broken);
    expect((await call(standIn, '/jobs/')).body.data).toEqual([]);
    expect(readFileSync(`${broken}.unreadable`, 'utf8')).toBe(text);
    await standIn.close();
    expect(fileMode(broken)).toBe(0o600);
  });
});
