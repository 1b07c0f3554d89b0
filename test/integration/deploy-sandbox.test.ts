// Deploying a Kickstart pipeline to the sandbox, as the worker does it: the real AWS SDK against
// the CloudFormation stand-in (change set, confirmation, execution, events), the warehouse
// bootstrapped in the sandbox's PostgreSQL, Airbyte's workspace, destination, sources and
// connections registered over its public API, and the first run started. Then the same saga is
// re-run and raced to show it creates nothing twice (REL-1), and a rolled-back creation fails
// with CloudFormation's reason and recovers on retry (REL-3).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '@/lib/authz/actor';
import { AppError } from '@/lib/errors';
import { ownerDb } from '../support/owner-db';
import { claimDue, runClaimed } from '@/lib/jobs/stepper';
import { logger } from '@/lib/logger';
import { advanceDeployment } from '@/lib/services/deployments/advance-deployment';
import { confirmDeployment, requestDeploy, requestResize, requestTeardown, retryDeployment } from '@/lib/services/deployments/request-deployment';
import { pausePipeline, resumePipeline } from '@/lib/services/pipelines/pause-resume';
import { cancelRun, triggerRun } from '@/lib/services/runs/trigger-run';
import { scheduleDueRuns } from '@/lib/services/runs/schedule-runs';
import { pipelineDetail } from '@/lib/dal/pipelines/read';
import { sql } from '../support/database';
import type { TestOrg } from '../support/factories';
import { startSandboxPipelines, type SandboxPipelines } from '../support/sandbox-pipeline';
import { driveDeploymentWhile, driveRunWhile as driveRun, readDeployment } from '../support/saga-driver';

let box: SandboxPipelines;
let sandbox: SandboxPipelines['sandbox'];
let org: TestOrg;
let admin: Actor;
let editor: Actor;

const deployment = readDeployment;
const driveWhile = (id: string, states: string[], limitMs?: number) => driveDeploymentWhile(org.orgId, id, states, limitMs);
const driveRunWhile = (id: string, states: string[], limitMs?: number) => driveRun(org.orgId, id, states, limitMs);

const readyPipeline = () => box.readyPipeline();

const code = (promise: Promise<unknown>) => promise.then(() => 'OK', (e: unknown) => (e instanceof AppError ? e.code : String(e)));

beforeAll(async () => {
  box = await startSandboxPipelines({ label: 'deploy', timeScale: 0.002 });
  ({ sandbox, org, admin, editor } = box);
}, 90_000);

afterAll(() => box?.stop());

describe('deploying a Kickstart pipeline to the sandbox', () => {
  let pipelineId: string;
  let deploymentId: string;

  it('plans a change set and stops for an admin; editors may not deploy', async () => {
    pipelineId = await readyPipeline();
    expect(await code(requestDeploy(editor, { pipelineId }))).toBe('FORBIDDEN');
    ({ deploymentId } = await requestDeploy(admin, { pipelineId }));
    expect(await code(requestDeploy(admin, { pipelineId }))).toBe('CONFLICT');
    const planned = await driveWhile(deploymentId, ['PLANNING']);
    expect(planned.state, JSON.stringify(planned.error)).toBe('AWAITING_CONFIRMATION');
    expect(planned.templateBody).toContain('AWS::EC2::Instance');
    const changes = planned.changes as { action: string; resourceType: string }[];
    expect(changes.length).toBeGreaterThan(20);
    expect(changes.every((c) => c.action === 'Add')).toBe(true);
    // Nothing exists yet but the change set's REVIEW_IN_PROGRESS stack.
    expect(sandbox.sandbox.aws.log.count('ExecuteChangeSet')).toBe(0);
  }, 60_000);

  it('carries out every step after confirmation, storing each stack event once and in order', async () => {
    await confirmDeployment(admin, { deploymentId });
    const done = await driveWhile(deploymentId, ['RUNNING'], 90_000);
    expect(done.steps.map((s) => [s.name, s.state])).toEqual([
      ['template', 'SUCCEEDED'],
      ['change_set', 'SUCCEEDED'],
      ['stack', 'SUCCEEDED'],
      ['outputs', 'SUCCEEDED'],
      ['warehouse', 'SUCCEEDED'],
      ['airbyte', 'SUCCEEDED'],
      ['transformation', 'SUCCEEDED'],
      ['grouparoo', 'SKIPPED'],
      ['first_run', 'SUCCEEDED'],
    ]);
    expect(done.state).toBe('SUCCEEDED');
    expect((await pipelineDetail(editor, pipelineId)).status).toBe('ACTIVE');
    const stored = await ownerDb().stackEvent.findMany({ where: { deploymentId }, orderBy: { id: 'asc' } });
    const stackName = done.stackName;
    const standIn = sandbox.sandbox.aws.cloudformation.engine.env.store.require(stackName).events;
    expect(stored.map((e) => e.eventId)).toEqual(standIn.map((e) => e.eventId));
    expect(stored.at(-1)?.status).toBe('CREATE_COMPLETE');
    const runs = await ownerDb().pipelineRun.findMany({ where: { pipelineId } });
    expect(runs.map((r) => r.trigger)).toEqual(['DEPLOY']);
  }, 120_000);

  it('created exactly one of each outside object, and running the saga again creates none', async () => {
    const counts = () => ({
      stacks: sandbox.sandbox.aws.log.count('ExecuteChangeSet'),
      sources: sandbox.sandbox.airbyte.log.count('createSource'),
      connections: sandbox.sandbox.airbyte.log.count('createConnection'),
      workspaces: sandbox.sandbox.airbyte.log.count('createWorkspace'),
    });
    expect(counts()).toEqual({ stacks: 1, sources: 4, connections: 4, workspaces: 1 });
    const before = counts();
    // Every step again, twice concurrently: the ledger and the names find what exists.
    await ownerDb().deploymentStep.updateMany({ where: { deploymentId, name: { in: ['warehouse', 'airbyte', 'transformation', 'first_run'] } }, data: { state: 'PENDING' } });
    await ownerDb().deployment.update({ where: { id: deploymentId }, data: { state: 'RUNNING', finishedAt: null } });
    await Promise.all([advanceDeployment({ id: deploymentId, orgId: org.orgId }), advanceDeployment({ id: deploymentId, orgId: org.orgId })]);
    await driveWhile(deploymentId, ['RUNNING']);
    expect(counts()).toEqual(before);
    expect(await ownerDb().pipelineRun.count({ where: { pipelineId } })).toBe(1);
    const roles = await sql<{ rolname: string }>(sandbox.descriptor().warehouse.url, `select rolname from pg_roles where rolname like 'tapestry_%' order by 1`);
    expect(roles.map((r) => r.rolname)).toEqual(expect.arrayContaining([expect.stringMatching(/^tapestry_.*_svc$/)]));
  }, 90_000);

  it('runs the first run: Airbyte syncs land rows, dbt Core on ECS builds unified users, and the history keeps per-stage figures', async () => {
    const [run] = await ownerDb().pipelineRun.findMany({ where: { pipelineId } });
    if (!run) throw new Error('the deployment started no run');
    const finished = await driveRunWhile(run.id, ['QUEUED', 'RUNNING']);
    expect(finished.state, JSON.stringify(finished.stages.map((s) => [s.stage, s.state, s.error]))).toBe('SUCCEEDED');
    const byStage = Object.fromEntries(finished.stages.map((s) => [s.stage, s]));
    expect(byStage.INGEST?.state).toBe('SUCCEEDED');
    expect(Number(byStage.INGEST?.rows)).toBeGreaterThan(0);
    expect(Number(byStage.INGEST?.bytes)).toBeGreaterThan(0);
    expect(byStage.TRANSFORM?.state).toBe('SUCCEEDED');
    expect(byStage.TRANSFORM?.logs).toMatch(/built \d+ models/);
    expect(byStage.SYNC?.state).toBe('SKIPPED');
    const jobs = await ownerDb().runJob.findMany({ where: { runStageId: byStage.INGEST?.id }, orderBy: { naturalKey: 'asc' } });
    expect(jobs.map((j) => [j.naturalKey, j.status])).toEqual([['salesforce', 'succeeded'], ['stripe', 'succeeded'], ['zendesk', 'succeeded'], ['zoom', 'succeeded']]);
    expect(jobs.reduce((sum, j) => sum + Number(j.rows), 0)).toBe(Number(byStage.INGEST?.rows));
    const [unified] = await sql<{ n: number }>(sandbox.descriptor().warehouse.url, 'select count(*)::int as n from analytics.unified_users');
    expect(unified?.n).toBeGreaterThan(0);
    // The stage's rows are dbt's own count of unified users.
    expect(Number(byStage.TRANSFORM?.rows)).toBe(unified?.n);
  }, 120_000);

  it('answers twenty concurrent "Run now" presses with one run (REL-5)', async () => {
    const answers = await Promise.all(Array.from({ length: 20 }, () => triggerRun(editor, { pipelineId })));
    const created = answers.filter((a) => a.created);
    expect(created).toHaveLength(1);
    expect(new Set(answers.map((a) => a.runId)).size).toBe(1);
    expect(await code(triggerRun(await org.member('VIEWER'), { pipelineId }))).toBe('FORBIDDEN');
    await cancelRun(editor, { runId: created[0]!.runId });
    expect((await driveRunWhile(created[0]!.runId, ['QUEUED', 'RUNNING'])).state).toBe('CANCELLED');
  }, 60_000);

  it('makes one run per schedule tick, however often the scheduler fires it', async () => {
    const tick = new Date('2030-01-07T10:00:00Z');
    const fired = await Promise.all([scheduleDueRuns(new Date(tick.getTime() + 5_000)), scheduleDueRuns(new Date(tick.getTime() + 20_000))]);
    expect(fired.reduce((sum, f) => sum + f.created, 0)).toBe(1);
    expect(await scheduleDueRuns(new Date(tick.getTime() + 90_000))).toEqual({ created: 0, skipped: 0 });
    const scheduled = await ownerDb().pipelineRun.findMany({ where: { pipelineId, trigger: 'SCHEDULE' } });
    expect(scheduled.map((r) => [r.scheduledFor?.toISOString(), (r.sources as string[]).length])).toEqual([[tick.toISOString(), 4]]);
    await cancelRun(editor, { runId: scheduled[0]!.id });
    await driveRunWhile(scheduled[0]!.id, ['QUEUED', 'RUNNING']);
  }, 60_000);

  it('lets one worker at a time hold a due deployment', async () => {
    await ownerDb().deployment.updateMany({ where: { id: deploymentId }, data: { nextTickAt: new Date(Date.now() - 1000) } });
    const [first, second] = await Promise.all([claimDue('deployment', 'worker-a', 10), claimDue('deployment', 'worker-b', 10)]);
    expect([...first, ...second].filter((r) => r.id === deploymentId)).toHaveLength(1);
    const owner = first.some((r) => r.id === deploymentId) ? 'worker-a' : 'worker-b';
    await runClaimed({ table: 'deployment', tick: advanceDeployment }, { id: deploymentId, orgId: org.orgId }, owner, logger);
    const released = await deployment(deploymentId);
    expect([released.leaseOwner, released.nextTickAt]).toEqual([null, null]);
  });

  it('resizes a paused pipeline through a confirmed change set and leaves it paused', async () => {
    await pausePipeline(editor, { pipelineId });
    const { deploymentId: resizeId } = await requestResize(admin, { pipelineId, instanceType: 'm6i.xlarge' });
    const planned = await driveWhile(resizeId, ['PLANNING']);
    const changes = planned.changes as { action: string; logicalId: string }[];
    expect(changes.map((c) => [c.action, c.logicalId])).toEqual(expect.arrayContaining([['Modify', 'AirbyteInstance']]));
    await confirmDeployment(admin, { deploymentId: resizeId });
    expect((await driveWhile(resizeId, ['RUNNING'], 90_000)).state).toBe('SUCCEEDED');
    const detail = await pipelineDetail(admin, pipelineId);
    expect(detail.status).toBe('PAUSED');
    expect((await ownerDb().pipeline.findUniqueOrThrow({ where: { id: pipelineId } })).infrastructure).toMatchObject({ airbyte: { instanceType: 'm6i.xlarge' } });
    await resumePipeline(editor, { pipelineId });
  }, 120_000);

  it('tears everything down after the name is typed, and reports what it removed', async () => {
    expect(await code(requestTeardown(admin, { pipelineId, confirmName: 'wrong', dropWarehouseData: true }))).toBe('VALIDATION');
    const { deploymentId: teardownId } = await requestTeardown(admin, { pipelineId, confirmName: (await pipelineDetail(admin, pipelineId)).name, dropWarehouseData: true });
    const done = await driveWhile(teardownId, ['RUNNING'], 90_000);
    expect(done.steps.map((s) => [s.name, s.state])).toEqual([
      ['remove_grouparoo', 'SKIPPED'],
      ['remove_airbyte', 'SUCCEEDED'],
      ['remove_transformation', 'SKIPPED'],
      ['remove_warehouse', 'SUCCEEDED'],
      ['delete_stack', 'SUCCEEDED'],
    ]);
    expect((await pipelineDetail(admin, pipelineId)).status).toBe('TORN_DOWN');
    const removed = done.steps.flatMap((s) => ((s.detail as { removed?: string[] } | null)?.removed ?? []));
    expect(removed).toEqual(expect.arrayContaining([expect.stringMatching(/^Airbyte connection /), expect.stringMatching(/^CloudFormation stack /)]));
    expect(await ownerDb().pipelineResource.count({ where: { pipelineId } })).toBe(0);
    const roles = await sql<{ rolname: string }>(sandbox.descriptor().warehouse.url, `select rolname from pg_roles where rolname like 'tapestry_%'`);
    expect(roles).toEqual([]);
  }, 120_000);
});

describe('a stack creation that rolls back', () => {
  it('fails with the resource CloudFormation blamed, and a retry deletes the failed stack and plans again', async () => {
    const pipelineId = await readyPipeline();
    const { deploymentId } = await requestDeploy(admin, { pipelineId });
    await driveWhile(deploymentId, ['PLANNING']);
    sandbox.sandbox.aws.cloudformation.engine.env.failures.add({ resourceType: 'AWS::RDS::DBInstance', reason: 'DB instance quota exceeded', phases: ['create'], times: 1 });
    await confirmDeployment(admin, { deploymentId });
    const failed = await driveWhile(deploymentId, ['RUNNING'], 90_000);
    expect(failed.state).toBe('FAILED');
    const error = failed.error as { cause: string; hint: string; step: string };
    expect(error.step).toBe('stack');
    expect(error.cause).toContain('DB instance quota exceeded');
    expect(error.hint).toMatch(/retry/i);
    expect((await pipelineDetail(admin, pipelineId)).status).toBe('FAILED');
    await retryDeployment(admin, { deploymentId });
    const replanned = await driveWhile(deploymentId, ['PLANNING'], 90_000);
    expect(replanned.state).toBe('AWAITING_CONFIRMATION');
    await confirmDeployment(admin, { deploymentId });
    expect((await driveWhile(deploymentId, ['RUNNING'], 90_000)).state).toBe('SUCCEEDED');
  }, 240_000);
});
