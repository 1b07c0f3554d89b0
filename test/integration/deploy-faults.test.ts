// Faults at the saga level (REL-1, REL-3; issue 5 "stand-ins set to throttle, fail or go slow"):
// the deployment and run engines driven in-process, as the worker drives them, against stand-ins
// told to throttle, fail with 5xx, hang, or act and then lose their answer. Transient trouble is
// retried (by the adapter, then by the step with backoff) and the deploy finishes with one of
// everything; trouble that does not end fails the deployment or the run with a reason in our words,
// and nothing is recorded that does not exist. The adapters' own retries and timeouts are proved
// in their tests (integrations-cloudformation, integrations-aws, integrations-airbyte-jobs).
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Prisma } from '@/lib/generated/prisma/client';
import { claimDue } from '@/lib/jobs/stepper';
import { advanceDeployment, MAX_ATTEMPTS } from '@/lib/services/deployments/advance-deployment';
import { deploymentFacts } from '@/lib/services/deployments/facts';
import { pipelineLedger } from '@/lib/services/deployments/ledger';
import { deployEnvironment } from '@/lib/services/deployments/environment';
import { firstRunStep } from '@/lib/services/deployments/steps/first-run';
import { confirmDeployment, requestDeploy, retryDeployment } from '@/lib/services/deployments/request-deployment';
import { triggerRun } from '@/lib/services/runs/trigger-run';
import { ownerDb } from '../support/owner-db';
import { driveDeploymentWhile, driveRunWhile, readDeployment } from '../support/saga-driver';
import { standInStack, startSandboxPipelines, storedEventIds, type SandboxPipelines } from '../support/sandbox-pipeline';

let s: SandboxPipelines;

beforeAll(async () => {
  s = await startSandboxPipelines({ label: 'faults', timeScale: 0.002 });
}, 90_000);

afterAll(async () => {
  await s?.stop();
});

beforeEach(() => {
  s.sandbox.sandbox.aws.faults.clear();
  s.sandbox.sandbox.airbyte.faults.clear();
});

const aws = () => s.sandbox.sandbox.aws;
const stepOf = async (deploymentId: string, name: string) => (await readDeployment(deploymentId)).steps.find((step) => step.name === name);
const finish = (deploymentId: string) => driveDeploymentWhile(s.org.orgId, deploymentId, ['RUNNING'], 120_000);
const describeSteps = (d: Awaited<ReturnType<typeof readDeployment>>) => JSON.stringify(d.steps.map((step) => [step.name, step.state, step.error]));

/** A succeeded deployment made exactly one stack, one change set executed once, and mirrored its events. */
async function expectOneOfEverything(deploymentId: string) {
  const d = await readDeployment(deploymentId);
  expect(d.state, describeSteps(d)).toBe('SUCCEEDED');
  const cfn = standInStack(s.sandbox, d.stackName);
  expect(cfn).toMatchObject({ stacks: 1, statuses: ['CREATE_COMPLETE'], executed: 1 });
  expect(await storedEventIds(d.pipelineId)).toEqual(cfn.eventIds);
  return cfn;
}

describe('CloudFormation throttling for a while', () => {
  it('the deploy retries, backing off, and still ends with one stack and every event once', async () => {
    const { deploymentId } = await s.confirmedDeploy();
    // More refusals than the adapter's three attempts: the step itself must come back for them.
    aws().faults.addRule({ kind: 'throttle', operation: 'ExecuteChangeSet', times: 4 });
    aws().faults.addRule({ kind: 'throttle', operation: 'DescribeStackEvents', times: 5 });
    aws().faults.addRule({ kind: 'throttle', operation: 'DescribeStacks', times: 4 });
    await finish(deploymentId);
    const cfn = await expectOneOfEverything(deploymentId);
    expect(cfn.changeSets).toBe(1);
    const stack = await stepOf(deploymentId, 'stack');
    expect(stack?.attempts).toBeGreaterThanOrEqual(1);
    expect(stack?.error).toBeNull();
    expect(aws().log.list({ operation: 'ExecuteChangeSet' }).filter((e) => e.fault === 'throttle')).toHaveLength(4);
  }, 150_000);
});

describe('CloudFormation refusing for good', () => {
  it('throttled without end: the deployment fails saying CloudFormation kept refusing, and records nothing that does not exist', async () => {
    const { deploymentId, pipelineId } = await s.confirmedDeploy();
    aws().faults.addRule({ kind: 'throttle', operation: 'ExecuteChangeSet' });
    const failed = await finish(deploymentId);
    expect(failed.state).toBe('FAILED');
    const error = failed.error as { title: string; cause: string; hint: string; step: string };
    expect(error.step).toBe('stack');
    expect(error.title).toMatch(/^CloudFormation kept refusing/);
    expect(error.cause).toMatch(/Throttling/);
    expect(error.cause).toContain(`${MAX_ATTEMPTS} times`);
    expect(error.hint).toMatch(/Retry/);
    const stack = await stepOf(deploymentId, 'stack');
    expect(stack).toMatchObject({ state: 'FAILED', attempts: MAX_ATTEMPTS });
    expect(stack?.error).toEqual(failed.error);
    // The change set exists (REVIEW_IN_PROGRESS) but was never executed; the ledger names nothing.
    expect(standInStack(s.sandbox, failed.stackName)).toMatchObject({ stacks: 1, statuses: ['REVIEW_IN_PROGRESS'], changeSets: 1, executed: 0 });
    expect(await ownerDb().pipelineResource.count({ where: { pipelineId } })).toBe(0);
    expect((await ownerDb().pipeline.findUniqueOrThrow({ where: { id: pipelineId } })).status).toBe('FAILED');
  }, 120_000);

  it('5xx without end while the stack is created: FAILED with the reason, and Retry follows the same stack to the end', async () => {
    const { deploymentId, pipelineId } = await s.confirmedDeploy();
    aws().faults.addRule({ kind: 'server-error', status: 503, operation: 'DescribeStackEvents' });
    const failed = await finish(deploymentId);
    expect(failed.state).toBe('FAILED');
    const error = failed.error as { title: string; cause: string; step: string };
    expect(error).toMatchObject({ step: 'stack', title: expect.stringMatching(/^CloudFormation kept failing/) });
    expect(error.cause).toContain('ServiceUnavailable');
    // CloudFormation went on creating the stack; Tapestry stored no event it did not read and
    // recorded no stack in the ledger before reading its outputs.
    expect(await storedEventIds(pipelineId)).toEqual([]);
    expect(await ownerDb().pipelineResource.count({ where: { pipelineId } })).toBe(0);

    aws().faults.clear();
    await retryDeployment(s.admin, { deploymentId });
    const retried = await readDeployment(deploymentId);
    // Nothing went wrong with the stack itself, so there is nothing new to plan and confirm.
    expect(retried.state).toBe('RUNNING');
    await finish(deploymentId);
    await expectOneOfEverything(deploymentId);
  }, 150_000);
});

describe('answers lost after CloudFormation acted (REL-3)', () => {
  it('a change set and an execution whose answers were lost again and again make one change set and one stack', async () => {
    const pipelineId = await s.readyPipeline();
    const { deploymentId } = await requestDeploy(s.admin, { pipelineId });
    // Three lost answers outlast the adapter's attempts: the next tick asks again with the same token.
    aws().faults.addRule({ kind: 'lose-response', operation: 'CreateChangeSet', times: 3 });
    const planned = await driveDeploymentWhile(s.org.orgId, deploymentId, ['PLANNING']);
    expect(planned.state, describeSteps(planned)).toBe('AWAITING_CONFIRMATION');
    expect((await stepOf(deploymentId, 'change_set'))?.attempts).toBe(1);
    aws().faults.addRule({ kind: 'lose-response', operation: 'ExecuteChangeSet', times: 3 });
    await confirmDeployment(s.admin, { deploymentId });
    await finish(deploymentId);
    const cfn = await expectOneOfEverything(deploymentId);
    expect(cfn.changeSets).toBe(1);
    expect(aws().log.list({ operation: 'CreateChangeSet' }).filter((e) => e.fault === 'lose-response')).toHaveLength(3);
    expect(aws().log.list({ operation: 'ExecuteChangeSet' }).filter((e) => e.fault === 'lose-response')).toHaveLength(3);
  }, 150_000);
});

describe('a CloudFormation that stops answering', () => {
  it('ends the tick at the call timeout with the step waiting to retry, and the deploy then finishes', async () => {
    const { deploymentId } = await s.confirmedDeploy();
    // The first tick executes the change set; the next reads events and meets the hang.
    await advanceDeployment({ id: deploymentId, orgId: s.org.orgId });
    aws().faults.addRule({ kind: 'hang', operation: 'DescribeStackEvents', times: 1 });
    await advanceDeployment({ id: deploymentId, orgId: s.org.orgId });
    const stack = await stepOf(deploymentId, 'stack');
    expect(stack).toMatchObject({ state: 'RUNNING', attempts: 1, error: expect.objectContaining({ code: 'timeout', transient: true }) });
    expect(aws().log.list({ operation: 'DescribeStackEvents' }).at(-1)).toMatchObject({ fault: 'hang', status: 0 });
    await finish(deploymentId);
    await expectOneOfEverything(deploymentId);
  }, 150_000);
});

describe('Airbyte throttling and failing during a run', () => {
  let pipelineId: string;

  it('429s for a while: the ingest stage retries and the run succeeds with one sync per source', async () => {
    const deployed = await s.confirmedDeploy();
    pipelineId = deployed.pipelineId;
    await finish(deployed.deploymentId);
    const run = await ownerDb().pipelineRun.findFirstOrThrow({ where: { pipelineId } });
    s.sandbox.sandbox.airbyte.faults.addRule({ kind: 'throttle', operation: 'getJob', times: 4 });
    const done = await driveRunWhile(s.org.orgId, run.id, ['QUEUED', 'RUNNING'], 120_000);
    expect(done.state, JSON.stringify(done.stages.map((x) => [x.stage, x.state, x.error]))).toBe('SUCCEEDED');
    const ingest = done.stages.find((x) => x.stage === 'INGEST');
    expect(ingest?.attempts).toBeGreaterThanOrEqual(1);
    const jobs = await ownerDb().runJob.findMany({ where: { runStageId: ingest?.id } });
    expect(jobs.map((j) => [j.naturalKey, j.attempt, j.status]).sort()).toEqual([
      ['salesforce', 1, 'succeeded'],
      ['stripe', 1, 'succeeded'],
      ['zendesk', 1, 'succeeded'],
      ['zoom', 1, 'succeeded'],
    ]);
    expect(s.sandbox.sandbox.airbyte.log.count('createJob')).toBe(4);
  }, 180_000);

  it('5xx without end: the ingest stage fails with a clear reason after its retries, and no sync is started twice', async () => {
    const before = s.sandbox.sandbox.airbyte.log.count('createJob');
    const { runId } = await triggerRun(s.editor, { pipelineId });
    s.sandbox.sandbox.airbyte.faults.addRule({ kind: 'server-error', status: 503, operation: 'getJob' });
    const failed = await driveRunWhile(s.org.orgId, runId, ['QUEUED', 'RUNNING'], 120_000);
    expect(failed.state).toBe('FAILED');
    const ingest = failed.stages.find((x) => x.stage === 'INGEST');
    expect(ingest?.state).toBe('FAILED');
    expect(ingest?.attempts).toBeGreaterThanOrEqual(MAX_ATTEMPTS - 1);
    const error = ingest?.error as { title: string; cause: string; hint: string };
    expect(error.title).toMatch(/^Airbyte kept failing/);
    expect(error.cause).toContain('503');
    expect(failed.stages.filter((x) => x.stage !== 'INGEST').map((x) => x.state)).toEqual(['SKIPPED', 'SKIPPED']);
    // Every job recorded is one Airbyte started, once.
    expect(s.sandbox.sandbox.airbyte.log.count('createJob') - before).toBe(4);
    const jobs = await ownerDb().runJob.findMany({ where: { runStageId: ingest?.id } });
    expect(jobs).toHaveLength(4);
    for (const job of jobs) expect(s.sandbox.sandbox.airbyte.job(Number(job.externalId))).toBeDefined();
  }, 120_000);
});

describe('the first run of a deployment that has not finished yet (REL-2)', () => {
  it('is held from workers until the deployment is recorded as succeeded, then starts', async () => {
    const { deploymentId, pipelineId } = await s.confirmedDeploy();
    await finish(deploymentId);
    // As if the worker died after the first_run step made the run and before the deployment ended.
    await ownerDb().pipelineRun.deleteMany({ where: { pipelineId } });
    await ownerDb().deploymentStep.update({ where: { deploymentId_name: { deploymentId, name: 'first_run' } }, data: { state: 'PENDING', detail: Prisma.DbNull } });
    const d = await ownerDb().deployment.update({ where: { id: deploymentId }, data: { state: 'RUNNING', finishedAt: null }, include: { pipeline: { include: { org: true } } } });
    const facts = deploymentFacts(d, { orgSlug: d.pipeline.org.slug, pipelineSlug: d.pipeline.slug });
    const made = await firstRunStep({ deployment: facts, detail: {}, earlier: {}, env: deployEnvironment(facts), ledger: pipelineLedger(d.orgId, pipelineId, deploymentId), save: async () => {} });
    const runId = made.detail?.runId;
    expect(typeof runId).toBe('string');
    const claimable = async () => (await claimDue('pipeline_run', 'test-worker', 50)).map((r) => r.id);
    expect(await claimable()).not.toContain(runId);
    // The next worker finishes the deployment, which lets go of its run.
    await advanceDeployment({ id: deploymentId, orgId: s.org.orgId });
    expect((await readDeployment(deploymentId)).state).toBe('SUCCEEDED');
    expect(await claimable()).toContain(runId);
    expect(await ownerDb().pipelineRun.count({ where: { pipelineId } })).toBe(1);
  }, 120_000);
});
