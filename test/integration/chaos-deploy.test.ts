// REL-2, crash-resume: the real worker process (`npm run worker`) deploys a Kickstart pipeline to
// the sandbox and runs its first run, and is killed with SIGKILL at 27 points of the way: inside
// external calls (a stand-in holds the call; the kill comes while it is in flight, and the stand-in
// then carries the request out, as a cloud does with a request whose caller died) and right after
// the database shows a step, event, ledger row or job committed. A new worker is started after
// each kill; with a 3 s lease it takes the work up within seconds. At the end there must be one of
// everything: one change set, executed once, one stack whose events Tapestry stored once each and
// in order, one Airbyte workspace, destination, source and connection per source and one sync per
// connection, one dbt task, one run with one job per source, and rows in the warehouse. The resume
// times (kill → the next change in the database) are printed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resetEnvForTests } from '@/lib/env';
import { confirmDeployment, requestDeploy } from '@/lib/services/deployments/request-deployment';
import { airbyteNames } from '@/lib/services/deployments/steps/airbyte';
import { airbyteHoldings } from '../support/airbyte-listing';
import { sql } from '../support/database';
import { ownerDb } from '../support/owner-db';
import { hurry, sagaProgress, seededRandom, type SagaProgress } from '../support/saga-progress';
import { setWatched, standInStack, startSandboxPipelines, storedEventIds, type SandboxPipelines } from '../support/sandbox-pipeline';
import { startWorker, type WorkerProcess } from '../support/worker-process';

const LEASE_SECONDS = 3;
/** How long a held call stays in flight: well under the adapters' 10 s call timeout. */
const HOLD_MS = 5_000;
/** Set TAPESTRY_CHAOS_SEED to replay a run's choices (printed at the end). */
const SEED = Number(process.env.TAPESTRY_CHAOS_SEED ?? 20261126);
const random = seededRandom(SEED);

type StandInName = 'aws' | 'airbyte';

interface KillPoint {
  name: string;
  /** Hold the next call of this operation in flight, and kill while it is. */
  hold?: { standIn: StandInName; operation: string };
  /**
   * Kill once the database shows this (and the held call, if any, is in flight). `since` is when
   * the last worker was killed; a point is only reached after the new worker has taken over.
   */
  after?: (p: SagaProgress, since: number) => boolean;
  /** What happens while no worker runs (the admin confirms). */
  thenWhileDown?: () => Promise<void>;
}

let s: SandboxPipelines;
let worker: WorkerProcess | undefined;
let deploymentId: string;
let pipelineId: string;

const stepState = (p: SagaProgress, name: string) => p.steps[name]?.state;
const ledgerCount = (p: SagaProgress, entry: string) => p.ledger.filter((e) => e === entry).length;
const job = (p: SagaProgress, key: string) => p.run?.jobs.find((j) => j.key === key);

const POINTS: KillPoint[] = [
  // Planning.
  { name: 'template saved, first DescribeStacks in flight', hold: { standIn: 'aws', operation: 'DescribeStacks' }, after: (p) => stepState(p, 'template') === 'SUCCEEDED' },
  { name: 'CreateChangeSet in flight', hold: { standIn: 'aws', operation: 'CreateChangeSet' } },
  { name: 'change set id saved, DescribeChangeSet in flight', hold: { standIn: 'aws', operation: 'DescribeChangeSet' }, after: (p) => typeof p.steps.change_set?.detail.changeSetId === 'string' },
  { name: 'plan done, awaiting confirmation', after: (p) => p.state === 'AWAITING_CONFIRMATION', thenWhileDown: () => confirmDeployment(s.admin, { deploymentId }) },
  // The stack (held at its start by a stall until the stack points are done, so they find it creating).
  { name: 'ExecuteChangeSet in flight', hold: { standIn: 'aws', operation: 'ExecuteChangeSet' } },
  { name: 'execution saved, DescribeStackEvents in flight', hold: { standIn: 'aws', operation: 'DescribeStackEvents' }, after: (p) => p.steps.stack?.detail.executed === true },
  { name: 'first events stored', after: (p) => p.events > 0 },
  { name: 'DescribeStackEvents in flight while creating', hold: { standIn: 'aws', operation: 'DescribeStackEvents' } },
  { name: 'a poll of the creating stack saved', after: (p, since) => 'statusCursor' in (p.steps.stack?.detail ?? {}) && p.updatedAt > since },
  { name: 'stack released, DescribeStacks in flight', hold: { standIn: 'aws', operation: 'DescribeStacks' } },
  { name: 'stack created, outputs read', hold: { standIn: 'aws', operation: 'DescribeStacks' }, after: (p) => stepState(p, 'stack') === 'SUCCEEDED' },
  // Warehouse and Airbyte.
  { name: 'stack in the ledger', after: (p) => ledgerCount(p, 'cloudformation/stack') === 1 },
  { name: 'warehouse bootstrapped, Airbyte token in flight', hold: { standIn: 'airbyte', operation: 'createAccessToken' }, after: (p) => ledgerCount(p, 'warehouse/plan') === 1 },
  { name: 'createWorkspace in flight', hold: { standIn: 'airbyte', operation: 'createWorkspace' } },
  { name: 'workspace recorded, createDestination in flight', hold: { standIn: 'airbyte', operation: 'createDestination' }, after: (p) => ledgerCount(p, 'airbyte/workspace') === 1 },
  { name: 'createSource in flight', hold: { standIn: 'airbyte', operation: 'createSource' } },
  { name: 'two sources recorded', after: (p) => ledgerCount(p, 'airbyte/source') >= 2 },
  { name: 'createConnection in flight', hold: { standIn: 'airbyte', operation: 'createConnection' } },
  { name: 'three connections recorded', after: (p) => ledgerCount(p, 'airbyte/connection') >= 3 },
  { name: 'Airbyte step done', after: (p) => stepState(p, 'airbyte') === 'SUCCEEDED' },
  // The first run.
  { name: 'run created, first sync start in flight', hold: { standIn: 'airbyte', operation: 'createJob' }, after: (p) => p.run !== undefined },
  { name: 'two syncs recorded as started', after: (p) => (p.run?.jobs.filter((j) => j.externalId !== null).length ?? 0) >= 2 },
  { name: 'getJob in flight', hold: { standIn: 'airbyte', operation: 'getJob' } },
  { name: 'ingest done, RunTask in flight', hold: { standIn: 'aws', operation: 'RunTask' }, after: (p) => p.run?.stages.INGEST === 'SUCCEEDED' },
  { name: 'dbt task recorded, DescribeTasks in flight', hold: { standIn: 'aws', operation: 'DescribeTasks' }, after: (p) => typeof job(p, 'dbt')?.externalId === 'string' },
  { name: 'DescribeTasks in flight again', hold: { standIn: 'aws', operation: 'DescribeTasks' } },
  { name: 'transform done', after: (p) => p.run?.stages.TRANSFORM === 'SUCCEEDED' },
];

const standIn = (name: StandInName) => (name === 'aws' ? s.sandbox.sandbox.aws : s.sandbox.sandbox.airbyte);
const holding = (hold: NonNullable<KillPoint['hold']>) => standIn(hold.standIn).faults.describe().rules.some((r) => r.kind === 'latency' && r.operation === hold.operation);
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function kill(w: WorkerProcess): Promise<void> {
  w.child.kill('SIGKILL');
  await w.exited;
}

/**
 * Waits for a point's moment (bounded, naming where the saga stood), then kills the worker.
 * `onProgress` sees every reading and says whether the new worker has resumed the work yet.
 */
async function killAt(point: KillPoint, w: WorkerProcess, since: number, onProgress: (p: SagaProgress) => boolean): Promise<void> {
  if (point.hold) standIn(point.hold.standIn).faults.addRule({ kind: 'latency', operation: point.hold.operation, latencyMs: HOLD_MS, times: 1 });
  const deadline = Date.now() + 90_000;
  for (;;) {
    const p = await sagaProgress(deploymentId);
    const resumed = onProgress(p);
    const held = !point.hold || !holding(point.hold);
    if (resumed && held && (!point.after || point.after(p, since))) break;
    if (w.child.exitCode !== null) throw new Error(`the worker exited (${w.child.exitCode}) before "${point.name}"`);
    if (Date.now() > deadline) throw new Error(`"${point.name}" never came: ${JSON.stringify({ ...p, fingerprint: undefined })}`);
    await pause(20);
  }
  // Points after a commit kill a moment later, varied by the seed, so runs probe nearby instants.
  if (!point.hold) await pause(Math.floor(random() * 50));
  await kill(w);
}

beforeAll(async () => {
  process.env.TAPESTRY_WORKER_LEASE_SECONDS = String(LEASE_SECONDS);
  s = await startSandboxPipelines({ label: 'chaos', timeScale: 0.01 });
}, 90_000);

afterAll(async () => {
  if (worker && worker.child.exitCode === null && worker.child.signalCode === null) await kill(worker);
  await s?.stop();
  delete process.env.TAPESTRY_WORKER_LEASE_SECONDS;
  resetEnvForTests();
});

describe('a deploy and its first run with the worker killed at 27 points (REL-2)', () => {
  const resumes: { point: string; ms: number }[] = [];

  it('resumes after every kill and ends with the deployment and the run succeeded', async () => {
    pipelineId = await s.readyPipeline();
    ({ deploymentId } = await requestDeploy(s.admin, { pipelineId }));
    await setWatched(deploymentId, true);
    const { stackName } = await ownerDb().deployment.findUniqueOrThrow({ where: { id: deploymentId } });
    const timeline = s.sandbox.sandbox.aws.cloudformation.engine.env.timeline;
    const stopHurrying = hurry(pipelineId);
    try {
      let lastKill: { point: string; at: number; fingerprint: string } | undefined;
      const watchResume = (p: SagaProgress) => {
        if (lastKill && p.fingerprint !== lastKill.fingerprint) {
          resumes.push({ point: lastKill.point, ms: Date.now() - lastKill.at });
          lastKill = undefined;
        }
        return lastKill === undefined;
      };
      for (const point of POINTS) {
        if (point.name === 'ExecuteChangeSet in flight') timeline.stall(stackName);
        if (point.name === 'stack released, DescribeStacks in flight') timeline.release(stackName);
        worker = startWorker();
        await killAt(point, worker, lastKill?.at ?? 0, watchResume);
        // A commit the dead worker had already sent may still land: let it, before taking the mark.
        await pause(100);
        await point.thenWhileDown?.();
        lastKill = { point: point.name, at: Date.now(), fingerprint: (await sagaProgress(deploymentId)).fingerprint };
      }
      worker = startWorker();
      const deadline = Date.now() + 120_000;
      for (;;) {
        const p = await sagaProgress(deploymentId);
        watchResume(p);
        if (p.state !== 'RUNNING' && p.run && !['QUEUED', 'RUNNING'].includes(p.run.state)) break;
        if (Date.now() > deadline) throw new Error(`the saga did not end: ${JSON.stringify({ ...p, fingerprint: undefined })}`);
        await pause(100);
      }
    } finally {
      stopHurrying();
      if (worker && worker.child.exitCode === null && worker.child.signalCode === null) await kill(worker);
    }
    const final = await sagaProgress(deploymentId);
    expect(final.state, JSON.stringify(final.steps)).toBe('SUCCEEDED');
    // Every step done, but Grouparoo's: this sandbox runs without it.
    expect(Object.keys(final.steps)).toHaveLength(9);
    expect(Object.entries(final.steps).filter(([, step]) => step.state !== 'SUCCEEDED').map(([name, step]) => [name, step.state])).toEqual([['grouparoo', 'SKIPPED']]);
    expect(final.run?.state).toBe('SUCCEEDED');

    const sorted = resumes.map((r) => r.ms).sort((a, b) => a - b);
    console.log(
      `chaos seed ${SEED}: ${POINTS.length} kills, resume after a kill (kill → next database change) in ms: min ${sorted[0]}, median ${sorted[Math.floor(sorted.length / 2)]}, max ${sorted.at(-1)}\n` +
        resumes.map((r) => `  ${String(r.ms).padStart(6)}  after "${r.point}"`).join('\n'),
    );
    expect(resumes).toHaveLength(POINTS.length);
    // Generous: the lease, a claim poll, and a new worker's start (REL-2's 75 s is for the 60 s lease).
    for (const r of resumes) expect(r.ms, r.point).toBeLessThan(LEASE_SECONDS * 1000 + 30_000);
  }, 300_000);

  it('made one change set, executed once, one stack, and stored its events once each in order', async () => {
    const { stackName } = await ownerDb().deployment.findUniqueOrThrow({ where: { id: deploymentId } });
    const cfn = standInStack(s.sandbox, stackName);
    expect(cfn).toMatchObject({ stacks: 1, statuses: ['CREATE_COMPLETE'], changeSets: 1, executed: 1 });
    expect(await storedEventIds(pipelineId)).toEqual(cfn.eventIds);
  });

  it('made one Airbyte workspace, destination, source and connection per source, and one sync per connection', async () => {
    const org = await ownerDb().organization.findUniqueOrThrow({ where: { id: s.org.orgId } });
    const pipeline = await ownerDb().pipeline.findUniqueOrThrow({ where: { id: pipelineId } });
    const names = airbyteNames(org.slug, pipeline.slug);
    const held = await airbyteHoldings(s.sandbox.descriptor().airbyte, names.workspace);
    const sources = ['salesforce', 'stripe', 'zendesk', 'zoom'];
    expect(held).toEqual({
      workspaces: [names.workspace],
      destinations: [names.destination],
      sources: sources.map(names.source),
      connections: sources.map(names.connection),
      syncs: Object.fromEntries(sources.map((source) => [names.connection(source), 1])),
    });
    const ledger = await ownerDb().pipelineResource.findMany({ where: { pipelineId } });
    expect(ledger.map((r) => `${r.system}/${r.kind}`).sort()).toEqual(
      ['airbyte/connection', 'airbyte/connection', 'airbyte/connection', 'airbyte/connection', 'airbyte/destination', 'airbyte/source', 'airbyte/source', 'airbyte/source', 'airbyte/source', 'airbyte/workspace', 'cloudformation/stack', 'ecs/task-definition', 'warehouse/plan'].sort(),
    );
  });

  it('ran once: one run, one job per source and one dbt task, and rows in the warehouse', async () => {
    const runs = await ownerDb().pipelineRun.findMany({ where: { pipelineId }, include: { stages: { include: { jobs: true } } } });
    expect(runs.map((r) => [r.trigger, r.state])).toEqual([['DEPLOY', 'SUCCEEDED']]);
    const run = runs[0]!;
    const jobs = run.stages.flatMap((stage) => stage.jobs.map((j) => [stage.stage, j.naturalKey, j.attempt, j.status]));
    expect(jobs.sort()).toEqual([
      ['INGEST', 'salesforce', 1, 'succeeded'],
      ['INGEST', 'stripe', 1, 'succeeded'],
      ['INGEST', 'zendesk', 1, 'succeeded'],
      ['INGEST', 'zoom', 1, 'succeeded'],
      ['TRANSFORM', 'dbt', 1, 'STOPPED'],
    ]);
    const started = [...s.sandbox.sandbox.aws.ecs.tasks.snapshot().tasks.values()].filter((t) => t.startedBy === run.id.slice(0, 36));
    expect(started).toHaveLength(1);
    const ingest = run.stages.find((stage) => stage.stage === 'INGEST');
    expect(Number(ingest?.rows)).toBeGreaterThan(0);
    const [unified] = await sql<{ n: number }>(s.sandbox.descriptor().warehouse.url, 'select count(*)::int as n from analytics.unified_users');
    expect(unified?.n).toBeGreaterThan(0);
  });
});
