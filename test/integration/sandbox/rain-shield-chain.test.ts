// The Kickstart "Rain Shield" preset's data path, end to end in the sandbox: the preset's sources,
// streams, sync modes and prefixes go to the Airbyte stand-in over its public API and sync real
// rows into a PostgreSQL warehouse; the preset's dbt models are then built there by the dbt Cloud
// stand-in. The unified users table is checked against the raw tables, counted independently.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAirbyteStandIn, type AirbyteStandIn } from '@/infra/local/airbyte';
import { SandboxWorld } from '@/infra/local/core/world';
import { startDbtCloudStandIn, type DbtCloudStandIn } from '@/infra/local/dbt-cloud';
import { UNIFIED_USER_COLUMNS } from '@/lib/pipeline/catalog/grouparoo-destinations';
import { rainShieldPreset } from '@/lib/pipeline/presets/rain-shield';
import { UNIFIED_USERS_MODEL_FILES } from '@/lib/pipeline/presets/unified-users';
import { isSecretRef, secretRefsOf, type PipelineSpec, type Source } from '@/lib/pipeline/spec';
import { createDatabase, sql } from '../../support/database';
import type { LooseJson } from '../../support/loose-json';

const TARGET_SCHEMA = 'analytics';
const WAIT_MS = 10_000;

let world: SandboxWorld;
let airbyte: AirbyteStandIn;
let dbt: DbtCloudStandIn;
let warehouseUrl: string;
let spec: PipelineSpec;
let token: string;
let workspaceId: string;
let dbtJobId: number;
const connections = new Map<string, string>();

interface Reply {
  status: number;
  body: LooseJson;
}

async function send(url: string, method: string, headers: Record<string, string>, body?: unknown): Promise<Reply> {
  const res = await fetch(url, {
    method,
    headers: { 'content-type': 'application/json', ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(5000),
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : {}) as LooseJson };
}

/** An Airbyte public API call that must succeed; its body. */
async function airbyteOk(method: string, path: string, body?: unknown): Promise<LooseJson> {
  const res = await send(`${airbyte.apiUrl}${path}`, method, { authorization: `Bearer ${token}` }, body);
  expect(res.status, `${method} ${path}: ${JSON.stringify(res.body)}`).toBe(200);
  return res.body;
}

/** A dbt Cloud v2 call under the account that must succeed; the envelope's `data` (or the artifact). */
async function dbtOk(method: string, route: string, body?: unknown): Promise<LooseJson> {
  const res = await send(`${dbt.url}/api/v2/accounts/${dbt.accountId}${route}`, method, { authorization: `Token ${dbt.apiToken}` }, body);
  expect(res.status, `${method} ${route}: ${JSON.stringify(res.body)}`).toBe(200);
  return route.includes('/artifacts/') ? res.body : res.body.data;
}

/** Polls until `done` holds; bounded, so a stuck job fails the test instead of hanging it. */
async function pollUntil(what: string, read: () => Promise<LooseJson>, done: (value: LooseJson) => boolean): Promise<LooseJson> {
  const deadline = Date.now() + WAIT_MS;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`${what} not finished after ${WAIT_MS} ms: ${JSON.stringify(value).slice(0, 300)}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** The spec's value with every secret reference replaced by its test value. */
function resolveSecrets<T>(value: T, values: Record<string, string>): T {
  if (isSecretRef(value)) {
    const found = values[value.secret];
    if (found === undefined) throw new Error(`no test value for credential ${value.secret}`);
    return found as T;
  }
  if (Array.isArray(value)) return value.map((item: unknown) => resolveSecrets(item, values)) as T;
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolveSecrets(v, values)])) as T;
  }
  return value;
}

function secretValues(warehousePassword: string): Record<string, string> {
  // Connector secrets: any non-empty string satisfies the stand-in's connectors.
  const values = Object.fromEntries(secretRefsOf(spec).map(({ secret }) => [secret, `test-value-of-${secret}`]));
  return { ...values, 'rain-shield-warehouse-password': warehousePassword };
}

/** Syncs every connection to `succeeded`; the rows each job reports, by source name. */
async function syncAll(): Promise<Record<string, number>> {
  const rows: Record<string, number> = {};
  for (const [name, connectionId] of connections) {
    const started = await airbyteOk('POST', '/jobs', { connectionId, jobType: 'sync' });
    const job = await pollUntil(`sync of ${name}`, () => airbyteOk('GET', `/jobs/${String(started.jobId)}`), (j) => ['succeeded', 'failed', 'cancelled'].includes(j.status as string));
    expect(job.status, `${name}: ${JSON.stringify(airbyte.job(Number(started.jobId))?.failure ?? {})}`).toBe('succeeded');
    rows[name] = Number(job.rowsSynced);
  }
  return rows;
}

async function runDbt(): Promise<LooseJson> {
  const run = await dbtOk('POST', `/jobs/${dbtJobId}/run/`, { cause: 'Rain Shield chain test' });
  const finished = await pollUntil('dbt run', () => dbtOk('GET', `/runs/${String(run.id)}/?include_related=run_steps`), (r) => r.is_complete === true);
  const logs = ((finished.run_steps ?? []) as LooseJson[]).map((s) => String(s.logs)).join('\n');
  expect(finished.status_humanized, logs).toBe('Success');
  return dbtOk('GET', `/runs/${String(run.id)}/artifacts/run_results.json`);
}

async function one<T extends Record<string, unknown>>(text: string, params: unknown[] = []): Promise<T> {
  const rows = await sql<T>(warehouseUrl, text, params);
  expect(rows).toHaveLength(1);
  return rows[0] as T;
}

const countOf = async (relation: string) => Number((await one<{ n: string }>(`select count(*)::text as n from ${relation}`)).n);

/** Every non-blank email of the raw tables the staging models read, written without the models. */
const RAW_EMAILS = `
  select e from (
    select email as e from raw.zoom_users
    union all select email from raw.zoom_webinar_registrants
    union all select "Email" from raw."salesforce_Contact"
    union all select email from raw.stripe_customers
    union all select email from raw.zendesk_users
  ) emails where nullif(trim(e), '') is not null`;

/** Distinct people across the raw tables, counted independently of the models. */
const distinctRawEmails = async () => Number((await one<{ n: string }>(`select count(distinct lower(trim(e)))::text as n from (${RAW_EMAILS}) r`)).n);
const rawPeopleRows = async () => Number((await one<{ n: string }>(`select count(*)::text as n from (${RAW_EMAILS}) r`)).n);

/** Checks the built tables against the raw data and the run's results; returns the unified count. */
async function expectUnifiedUsers(results: LooseJson): Promise<number> {
  const columns = await sql<{ column_name: string }>(
    warehouseUrl,
    `select column_name from information_schema.columns where table_schema = $1 and table_name = 'unified_users' order by ordinal_position`,
    [TARGET_SCHEMA],
  );
  expect(columns.map((c) => c.column_name)).toEqual([...UNIFIED_USER_COLUMNS]);
  const unified = await countOf(`${TARGET_SCHEMA}.unified_users`);
  expect(unified).toBe(await distinctRawEmails());
  // The sources share people, so deduplication must have merged rows (195 raw rows in all).
  expect(unified).toBeLessThan(await rawPeopleRows());
  const duplicates = await one<{ n: string }>(`select (count(*) - count(distinct email))::text as n from ${TARGET_SCHEMA}.unified_users`);
  expect(duplicates.n).toBe('0');
  const nodes = results.results as LooseJson[];
  const modelName = (node: LooseJson) => String(node.unique_id).split('.').at(-1) ?? '';
  expect(nodes.map(modelName).sort()).toEqual(UNIFIED_USERS_MODEL_FILES.map((m) => m.name).sort());
  for (const node of nodes) {
    const name = modelName(node);
    expect(node.status, `${name}: ${String(node.message)}`).toBe('success');
    const rows = await countOf(`${TARGET_SCHEMA}.${name}`);
    expect(rows, name).toBeGreaterThan(0);
    // Every model is a table (a view would carry -1), so the adapter response counts its rows.
    expect(node.adapter_response.rows_affected, name).toBe(rows);
  }
  return unified;
}

beforeAll(async () => {
  world = new SandboxWorld();
  warehouseUrl = await createDatabase({ fromTemplate: false });
  const url = new URL(warehouseUrl);
  spec = rainShieldPreset({
    target: 'sandbox',
    warehouse: { host: url.hostname, port: Number(url.port), database: url.pathname.slice(1), username: decodeURIComponent(url.username) },
  });
  airbyte = await startAirbyteStandIn({ world, timeScale: 0.002, clientId: 'tapestry', clientSecret: 'rain-shield-test' });
  dbt = await startDbtCloudStandIn({ world, timeScale: 0.002 });
  const issued = await send(`${airbyte.apiUrl}/applications/token`, 'POST', {}, { client_id: 'tapestry', client_secret: 'rain-shield-test', grant_type: 'client_credentials' });
  expect(issued.status).toBe(200);
  token = issued.body.access_token as string;
  workspaceId = (await airbyteOk('POST', '/workspaces', { name: 'Rain Shield' })).workspaceId as string;
}, 20_000);

afterAll(async () => {
  await airbyte?.close();
  await dbt?.close();
});

describe('Rain Shield preset: Airbyte syncs then dbt builds unified_users', () => {
  let firstCount = 0;

  it("lands every preset source's streams in the warehouse under its prefix", async () => {
    const secrets = secretValues(decodeURIComponent(new URL(warehouseUrl).password));
    const warehouse = resolveSecrets(spec.warehouse, secrets);
    const destination = await airbyteOk('POST', '/destinations', {
      name: 'Rain Shield warehouse',
      workspaceId,
      configuration: { destinationType: warehouse.type, ...warehouse.config, tunnel_method: { tunnel_method: 'NO_TUNNEL' } },
    });
    for (const source of spec.sources) {
      const resolved: Source = resolveSecrets(source, secrets);
      const created = await airbyteOk('POST', '/sources', { name: resolved.name, workspaceId, configuration: { sourceType: resolved.type, ...resolved.config } });
      const connection = await airbyteOk('POST', '/connections', {
        name: `${resolved.name} to warehouse`,
        sourceId: created.sourceId,
        destinationId: destination.destinationId,
        prefix: resolved.prefix,
        configurations: { streams: resolved.streams },
        schedule: { scheduleType: 'manual' },
      });
      expect(connection.prefix).toBe(source.prefix);
      connections.set(resolved.name, connection.connectionId as string);
    }
    expect(await syncAll()).toEqual({ zoom: 70, salesforce: 45, stripe: 40, zendesk: 40 });
    const tables = await sql<{ table_name: string }>(warehouseUrl, `select table_name from information_schema.tables where table_schema = 'raw' order by 1`);
    expect(tables.map((t) => t.table_name)).toEqual(['salesforce_Contact', 'stripe_customers', 'zendesk_users', 'zoom_users', 'zoom_webinar_registrants']);
  });

  it('builds unified_users: one row per lower-cased email, names coalesced across sources', async () => {
    // Alan McCarthy is a Salesforce contact (typed "Alan.mccarthy@…") and a Zoom user and
    // registrant. The CRM entry lost its last name and Zoom never had his first name, as hand-kept
    // data goes: the unified row must take each name from the source that has it.
    await sql(warehouseUrl, `update raw."salesforce_Contact" set "LastName" = null where "Email" = 'Alan.mccarthy@acme.test'`);
    await sql(warehouseUrl, `update raw.zoom_users set first_name = null where email = 'alan.mccarthy@acme.test'`);
    await sql(warehouseUrl, `update raw.zoom_webinar_registrants set first_name = null where email = 'alan.mccarthy@acme.test'`);
    const job = await dbtOk('POST', '/jobs/', {
      account_id: dbt.accountId,
      project_id: dbt.projectId,
      environment_id: dbt.environmentId,
      name: 'Rain Shield unified users',
      execute_steps: ['dbt run'],
      execution: { timeout_seconds: 0 },
      settings: { threads: 1, target_name: 'prod' },
      triggers: { github_webhook: false, schedule: false },
      state: 1,
      generate_docs: false,
      lifecycle_webhooks: false,
      run_compare_changes: false,
      run_generate_sources: false,
      run_lint: false,
      errors_on_lint_failure: false,
    });
    dbtJobId = job.id as number;
    dbt.bind(dbtJobId, { warehouseUrl, schema: TARGET_SCHEMA, models: Object.fromEntries(UNIFIED_USERS_MODEL_FILES.map((m) => [m.name, m.rawCode])) });
    firstCount = await expectUnifiedUsers(await runDbt());
    const alan = await sql(warehouseUrl, `select * from ${TARGET_SCHEMA}.unified_users where email like '%mccarthy@acme.test'`);
    expect(alan).toEqual([{ email: 'alan.mccarthy@acme.test', first_name: 'Alan', last_name: 'McCarthy', full_name: 'Alan McCarthy' }]);
  });

  it('an incremental re-sync with no new records and a second run leave the counts unchanged', async () => {
    const before = await distinctRawEmails();
    // Only Zoom (full refresh, the connector's only mode) sends its rows again.
    expect(await syncAll()).toEqual({ zoom: 70, salesforce: 0, stripe: 0, zendesk: 0 });
    expect(await distinctRawEmails()).toBe(before);
    expect(await countOf(`raw."salesforce_Contact"`)).toBe(45);
    expect(await countOf('raw.stripe_customers')).toBe(40);
    expect(await expectUnifiedUsers(await runDbt())).toBe(firstCount);
  });
});
