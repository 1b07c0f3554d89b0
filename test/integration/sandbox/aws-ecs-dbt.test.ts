// The AWS stand-in's ECS, given the sandbox warehouse, runs tasks of the dbt Core image for real:
// after provisioning and the image pull, the task stays RUNNING while the unified users models are
// built in PostgreSQL, then stops with dbt's exit code and a short container reason. Driven by the
// real @aws-sdk/client-ecs and by Tapestry's own ECS port; the raw tables are seeded here and the
// unified users counted from them independently of the models. Other images keep the simulated
// lifecycle; StopTask kills dbt; a task the stand-in's restart interrupted stops as failed.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  DescribeTasksCommand,
  ECSClient,
  RegisterTaskDefinitionCommand,
  RunTaskCommand,
  StopTaskCommand,
  type KeyValuePair,
  type Task,
} from '@aws-sdk/client-ecs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DBT_IMAGES } from '@/infra/cloudformation/template/versions';
import { startAwsStandIn, type AwsStandIn } from '@/infra/local/aws';
import { SANDBOX_ACCESS_KEY_ID } from '@/infra/local/aws/sts';
import { SandboxWorld } from '@/infra/local/core/world';
import { ecsPort } from '@/lib/integrations/aws/ecs';
import { UNIFIED_USERS_MODEL_FILES } from '@/lib/pipeline/presets/unified-users';
import { createDatabase, sql } from '../../support/database';
import { until } from '../../support/until';

const CLUSTER = 'tapestry-dbt';
const SUBNETS = ['subnet-0123456789abcdef0'];
const credentials = { accessKeyId: SANDBOX_ACCESS_KEY_ID, secretAccessKey: 'sandbox-secret' };
const dir = mkdtempSync(path.join(tmpdir(), 'aws-ecs-dbt-'));
/** People across the seeded raw tables: user1…user70 and cust1…cust10 (see `seedRaw`). */
const SEEDED_PEOPLE = 80;

let warehouseUrl: string;
let aws: AwsStandIn;
let ecs: ECSClient;

/**
 * Raw tables as Airbyte lands them, with the mess the staging models clean up: the same people in
 * several sources, emails in other case and with spaces, and blank or missing emails.
 */
async function seedRaw(schema: string): Promise<void> {
  const people = (table: string, from: number, to: number, email: string, columns = 'email, first_name, last_name', names = `'First' || i, 'Last' || i`) =>
    `insert into ${schema}.${table} (${columns}) select ${email}, ${names} from generate_series(${from}, ${to}) i;`;
  await sql(
    warehouseUrl,
    `create schema ${schema};
     create table ${schema}.zoom_users (email text, first_name text, last_name text);
     create table ${schema}.zoom_webinar_registrants (email text, first_name text, last_name text);
     create table ${schema}."salesforce_Contact" ("Email" text, "FirstName" text, "LastName" text);
     create table ${schema}.stripe_customers (email text, name text);
     create table ${schema}.zendesk_users (email text, name text);
     ${people('zoom_users', 1, 30, `'user' || i || '@acme.test'`)}
     ${people('zoom_webinar_registrants', 20, 45, `'  USER' || i || '@ACME.TEST '`)}
     ${people('"salesforce_Contact"', 40, 60, `'User' || i || '@Acme.test'`, '"Email", "FirstName", "LastName"')}
     ${people('stripe_customers', 1, 10, `'cust' || i || '@shop.test'`, 'email, name', `'Cust ' || i || ' Omer'`)}
     ${people('stripe_customers', 1, 5, `'user' || i || '@acme.test'`, 'email, name', `'First' || i`)}
     ${people('zendesk_users', 55, 70, `'user' || i || '@acme.test'`, 'email, name', `'First' || i || ' Last' || i`)}
     insert into ${schema}.zendesk_users (email, name) values ('', 'No Email'), (null, 'Null Email'), ('   ', 'Blank Email');`,
  );
}

/** Distinct people in a schema's raw tables, counted without the models. */
async function distinctPeople(schema: string): Promise<number> {
  const [row] = await sql<{ n: number }>(
    warehouseUrl,
    `with everyone(address) as (
       select email from ${schema}.zoom_users union all select email from ${schema}.zoom_webinar_registrants
       union all select "Email" from ${schema}."salesforce_Contact" union all select email from ${schema}.stripe_customers
       union all select email from ${schema}.zendesk_users)
     select count(distinct lower(trim(address)))::int as n from everyone where trim(address) <> ''`,
  );
  return row?.n ?? -1;
}

async function rowCount(relation: string): Promise<number> {
  const [row] = await sql<{ n: number }>(warehouseUrl, `select count(*)::int as n from ${relation}`);
  return row?.n ?? -1;
}

async function relationExists(schema: string, name: string): Promise<boolean> {
  return (await sql(warehouseUrl, `select 1 from pg_class c join pg_namespace n on n.oid = c.relnamespace where n.nspname = $1 and c.relname = $2`, [schema, name])).length > 0;
}

function client(url: string): ECSClient {
  return new ECSClient({ endpoint: url, region: 'us-east-1', credentials, maxAttempts: 1 });
}

async function register(on: ECSClient, family: string, image: string, environment: KeyValuePair[] = []): Promise<string> {
  const out = await on.send(
    new RegisterTaskDefinitionCommand({
      family,
      requiresCompatibilities: ['FARGATE'],
      networkMode: 'awsvpc',
      cpu: '1024',
      memory: '2048',
      containerDefinitions: [{ name: 'dbt', image, essential: true, environment }],
    }),
  );
  return out.taskDefinition?.taskDefinitionArn as string;
}

async function run(on: ECSClient, taskDefinition: string, command: string[], environment: KeyValuePair[]): Promise<string> {
  const out = await on.send(
    new RunTaskCommand({
      cluster: CLUSTER,
      taskDefinition,
      launchType: 'FARGATE',
      networkConfiguration: { awsvpcConfiguration: { subnets: SUBNETS, assignPublicIp: 'DISABLED' } },
      overrides: { containerOverrides: [{ name: 'dbt', command, environment }] },
    }),
  );
  return out.tasks?.[0]?.taskArn as string;
}

async function describe1(on: ECSClient, arn: string): Promise<Task> {
  const task = (await on.send(new DescribeTasksCommand({ cluster: CLUSTER, tasks: [arn] }))).tasks?.[0];
  if (!task) throw new Error(`task ${arn} is not described`);
  return task;
}

/** Polls until the task stops, returning each lastStatus seen in order. */
async function untilStopped(on: ECSClient, arn: string, timeoutMs = 15_000): Promise<{ task: Task; seen: string[] }> {
  const seen: string[] = [];
  const task = await until(
    `task ${arn} stopping`,
    async () => {
      const t = await describe1(on, arn);
      if (seen.at(-1) !== t.lastStatus) seen.push(t.lastStatus as string);
      return t.lastStatus === 'STOPPED' ? t : undefined;
    },
    timeoutMs,
  );
  return { task, seen };
}

interface DbtRecord {
  argv: string[];
  exitCode: number;
  reason: string;
  models: { model: string; status: string; rows: number | null; error?: string }[];
  logs: string[];
  runResults?: string;
}

async function dbtRecord(standIn: AwsStandIn, arn: string): Promise<{ status: number; body: DbtRecord }> {
  const res = await fetch(`${standIn.url}/__sandbox/ecs/tasks/${arn.split('/').at(-1) ?? ''}/dbt`);
  return { status: res.status, body: (await res.json()) as DbtRecord };
}

const env = (target: string, source: string): { name: string; value: string }[] => [
  { name: 'DBT_TARGET_SCHEMA', value: target },
  { name: 'DBT_SOURCE_SCHEMA', value: source },
];

beforeAll(async () => {
  warehouseUrl = await createDatabase({ fromTemplate: false });
  await seedRaw('raw');
  aws = await startAwsStandIn({ world: new SandboxWorld(), port: 0, timeScale: 0.01, dbtWarehouseUrl: warehouseUrl });
  ecs = client(aws.url);
  aws.ecs.registry.createCluster(CLUSTER);
});

afterAll(async () => {
  ecs?.destroy();
  await aws?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('ECS tasks of the dbt Core image, with the sandbox warehouse', () => {
  it('build the unified users models after the pull, then exit 0 with the rows in the reason', async () => {
    const definition = await register(ecs, 'dbt-core', DBT_IMAGES.postgres);
    const arn = await run(ecs, definition, ['dbt', 'build'], env('analytics', 'raw'));
    const { task, seen } = await untilStopped(ecs, arn);
    expect(seen[0]).toBe('PROVISIONING');
    expect(seen).toContain('RUNNING');
    const container = task.containers?.[0];
    expect({ exitCode: container?.exitCode, stopCode: task.stopCode, stoppedReason: task.stoppedReason }).toEqual({
      exitCode: 0,
      stopCode: 'EssentialContainerExited',
      stoppedReason: 'Essential container in task exited',
    });

    const expected = await distinctPeople('raw');
    expect(expected).toBe(SEEDED_PEOPLE);
    expect(await rowCount('analytics.unified_users')).toBe(expected);
    expect(container?.reason).toBe(`built ${UNIFIED_USERS_MODEL_FILES.length} models, ${expected} rows in unified_users`);

    // Rows per model, as the stand-in keeps them, are the tables' own counts.
    const { status, body } = await dbtRecord(aws, arn);
    expect(status).toBe(200);
    expect(body.models.map((m) => m.model).sort()).toEqual(UNIFIED_USERS_MODEL_FILES.map((m) => m.name).sort());
    for (const m of body.models) {
      expect(m.status, m.model).toBe('success');
      expect(m.rows, m.model).toBe(await rowCount(`analytics.${m.model}`));
    }
    expect(body.logs).toContain('Completed successfully');

    // dbt ran while the task was RUNNING: after the pull, before the container exited.
    const results = JSON.parse(body.runResults ?? '{}') as { results: { timing: { name: string; started_at: string; completed_at: string }[] }[] };
    const times = results.results.flatMap((r) => r.timing.flatMap((t) => [Date.parse(t.started_at), Date.parse(t.completed_at)]));
    expect(Math.min(...times)).toBeGreaterThanOrEqual((task.startedAt as Date).getTime());
    expect(Math.max(...times)).toBeLessThanOrEqual((task.executionStoppedAt as Date).getTime());
  });

  it("runs Tapestry's own RunTask (ECS port: `dbt build --select …`, schemas from the environment) against any tag of the image", async () => {
    await sql(warehouseUrl, `create schema landing; ${['zoom_users', 'zoom_webinar_registrants', '"salesforce_Contact"', 'stripe_customers', 'zendesk_users'].map((t) => `create table landing.${t} as table raw.${t};`).join(' ')}`);
    await sql(warehouseUrl, `delete from landing.zendesk_users where substring(email from 'user(\\d+)@')::int > 60`);
    const definition = await register(ecs, 'dbt-core-next', DBT_IMAGES.postgres.replace(/:[^:/]+$/, ':1.10.2'));
    const port = ecsPort({ region: 'us-east-1', ...credentials, endpoint: aws.url });
    try {
      const { taskArn } = await port.runTask({
        cluster: CLUSTER,
        taskDefinition: definition,
        subnets: SUBNETS,
        securityGroups: [],
        startedBy: 'run-1',
        clientToken: 'stage-1-1',
        command: ['dbt', 'build', '--select', 'unified_users', 'stg_zoom_people'],
        environment: env('marts', 'landing'),
      });
      const view = await until('the dbt task stopping', async () => {
        const v = await port.describeTask(CLUSTER, taskArn);
        return v?.lastStatus === 'STOPPED' ? v : undefined;
      }, 15_000);
      expect(view.exitCode).toBe(0);
    } finally {
      port.destroy();
    }
    // Zendesk's user61…user70, in no other source, are gone from `landing`.
    expect(await distinctPeople('landing')).toBe(SEEDED_PEOPLE - 10);
    expect(await rowCount('marts.unified_users')).toBe(SEEDED_PEOPLE - 10);
  });

  it('exits 1 when a model fails, the reason naming the model and the error; downstream models are skipped', async () => {
    await sql(warehouseUrl, `create schema partial; create table partial.zoom_users as table raw.zoom_users; create table partial.zoom_webinar_registrants as table raw.zoom_webinar_registrants;
      create table partial."salesforce_Contact" as table raw."salesforce_Contact"; create table partial.stripe_customers as table raw.stripe_customers;`);
    const arn = await run(ecs, 'dbt-core', ['build'], env('failed_marts', 'partial'));
    const { task } = await untilStopped(ecs, arn);
    const container = task.containers?.[0];
    expect(container?.exitCode).toBe(1);
    expect(task.stopCode).toBe('EssentialContainerExited');
    expect(container?.reason).toMatch(/^model stg_zendesk_users failed: relation "partial\.zendesk_users" does not exist; 1 skipped$/);
    expect((container?.reason ?? '').length).toBeLessThanOrEqual(255);
    const { body } = await dbtRecord(aws, arn);
    expect(body.models.find((m) => m.model === 'unified_users')?.status).toBe('skipped');
    expect(body.models.filter((m) => m.status === 'success')).toHaveLength(3);
    expect(await relationExists('failed_marts', 'unified_users')).toBe(false);
    expect(await relationExists('failed_marts', 'stg_zoom_people')).toBe(true);
  });

  it('exits 2 for a command dbt does not have, without touching the warehouse', async () => {
    const arn = await run(ecs, 'dbt-core', ['dbt', 'frobnicate'], env('never_built', 'raw'));
    const { task } = await untilStopped(ecs, arn);
    expect(task.containers?.[0]?.exitCode).toBe(2);
    expect(task.containers?.[0]?.reason).toBe("Error: No such command 'frobnicate'.");
    expect(await sql(warehouseUrl, `select 1 from pg_namespace where nspname = 'never_built'`)).toEqual([]);
  });

  it('leaves tasks of other images simulated: a clean exit with no reason, and nothing in the warehouse', async () => {
    const definition = await register(ecs, 'dbt-snowflake', DBT_IMAGES.snowflake, env('snowflake_marts', 'raw'));
    const arn = await run(ecs, definition, ['dbt', 'build'], env('snowflake_marts', 'raw'));
    const { task, seen } = await untilStopped(ecs, arn);
    expect(seen).toContain('RUNNING');
    expect(task.containers?.[0]?.exitCode).toBe(0);
    expect(task.containers?.[0]?.reason).toBeUndefined();
    expect((await dbtRecord(aws, arn)).status).toBe(404);
    expect(await sql(warehouseUrl, `select 1 from pg_namespace where nspname = 'snowflake_marts'`)).toEqual([]);
  });

  it('follows an outcome queued through the control route instead of running dbt', async () => {
    const queued = await fetch(`${aws.url}/__sandbox/ecs/next-tasks`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ exitCode: 3, reason: 'told to fail', runSeconds: 1 }),
    });
    expect(queued.status).toBe(201);
    const arn = await run(ecs, 'dbt-core', ['build'], env('forced_marts', 'raw'));
    const { task } = await untilStopped(ecs, arn);
    expect({ exitCode: task.containers?.[0]?.exitCode, reason: task.containers?.[0]?.reason }).toEqual({ exitCode: 3, reason: 'told to fail' });
    expect(await sql(warehouseUrl, `select 1 from pg_namespace where nspname = 'forced_marts'`)).toEqual([]);
  });
});

describe('dbt tasks stopped part-way', () => {
  /** Slow enough (a model every 150 ms) to act while dbt is building. */
  const SLOW = 0.1;

  it('StopTask kills dbt: exit 143, UserInitiated, and the models after the stop are never built', async () => {
    const slow = await startAwsStandIn({ world: new SandboxWorld(), port: 0, timeScale: SLOW, dbtWarehouseUrl: warehouseUrl });
    const on = client(slow.url);
    try {
      slow.ecs.registry.createCluster(CLUSTER);
      const definition = await register(on, 'dbt-core', DBT_IMAGES.postgres);
      const arn = await run(on, definition, ['build'], env('stopped_marts', 'raw'));
      await until('the dbt task running', async () => ((await describe1(on, arn)).lastStatus === 'RUNNING' ? true : undefined), 10_000);
      await on.send(new StopTaskCommand({ cluster: CLUSTER, task: arn, reason: 'Cancelled by the run' }));
      const { task } = await untilStopped(on, arn);
      expect({ exitCode: task.containers?.[0]?.exitCode, stopCode: task.stopCode, stoppedReason: task.stoppedReason }).toEqual({
        exitCode: 143,
        stopCode: 'UserInitiated',
        stoppedReason: 'Cancelled by the run',
      });
      // Well past when dbt would have finished: nothing more was built after the stop.
      await new Promise((resolve) => setTimeout(resolve, 1500 * SLOW * UNIFIED_USERS_MODEL_FILES.length + 500));
      expect(await relationExists('stopped_marts', 'unified_users')).toBe(false);
    } finally {
      on.destroy();
      await slow.close();
    }
  });

  it('a task RUNNING when the stand-in stopped is STOPPED on resume with exit 137: its container went with its host', async () => {
    const stateFile = path.join(dir, 'aws.json');
    const world = new SandboxWorld();
    const first = await startAwsStandIn({ world, port: 0, timeScale: SLOW, dbtWarehouseUrl: warehouseUrl, stateFile });
    let on = client(first.url);
    first.ecs.registry.createCluster(CLUSTER);
    const definition = await register(on, 'dbt-core', DBT_IMAGES.postgres);
    const arn = await run(on, definition, ['build'], env('restart_marts', 'raw'));
    await until('the dbt task running', async () => ((await describe1(on, arn)).lastStatus === 'RUNNING' ? true : undefined), 10_000);
    on.destroy();
    await first.close();

    const next = new SandboxWorld();
    next.restore(world.snapshot(), Date.now());
    const second = await startAwsStandIn({ world: next, port: 0, timeScale: SLOW, dbtWarehouseUrl: warehouseUrl, stateFile });
    on = client(second.url);
    try {
      const { task } = await untilStopped(on, arn);
      expect({ exitCode: task.containers?.[0]?.exitCode, stopCode: task.stopCode }).toEqual({ exitCode: 137, stopCode: 'EssentialContainerExited' });
      expect(task.containers?.[0]?.reason).toMatch(/stopped with its host/);
      expect((await dbtRecord(second, arn)).body.exitCode).toBe(137);
      // Not built again behind the caller's back.
      await new Promise((resolve) => setTimeout(resolve, 1500 * SLOW * UNIFIED_USERS_MODEL_FILES.length + 500));
      expect(await relationExists('restart_marts', 'unified_users')).toBe(false);
    } finally {
      on.destroy();
      await second.close();
    }
  });
});
