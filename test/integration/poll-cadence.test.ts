// REL-4, poll cadence, on a simulated clock: the deployment and run engines are driven tick by tick
// as the worker would, and the time between ticks is the delay each tick asked for (next_tick_at),
// not waited for. The stand-ins move on the sandbox's time scale: between two ticks the test lets
// `delay × SCALE` of real time pass, so the sandbox lives through the delay as simulated time.
// A stack creation of over 20 simulated minutes (the stand-in's own creation, held at its start by
// a 14-minute stall, as when a quota request or a slow service keeps CloudFormation quiet) must
// cost at most 300 CloudFormation calls while someone watches (a poll every 5 s), and about a
// twelfth of that while nobody does (every 60 s). Runs poll Airbyte and ECS (dbt) every 60 s with
// nobody watching. Every adapter call's own timeout is proved in the adapter tests
// (integrations-aws: a hang cut at the timeout; integrations-airbyte: a slow check cut at it).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { advanceDeployment } from '@/lib/services/deployments/advance-deployment';
import { advanceRun } from '@/lib/services/runs/advance-run';
import { triggerRun } from '@/lib/services/runs/trigger-run';
import { runDetail } from '@/lib/dal/runs/run-detail';
import type { RequestLog } from '@/infra/local/core/request-log';
import { ownerDb } from '../support/owner-db';
import { driveDeploymentWhile, readDeployment, readRun } from '../support/saga-driver';
import { setWatched, startSandboxPipelines, type SandboxPipelines } from '../support/sandbox-pipeline';

/** Real milliseconds per simulated millisecond, for the stand-ins and for this test's clock. */
const SCALE = 0.05;
const MINUTE = 60_000;
const STALL_MS = 14 * MINUTE;
/** REL-4: a 20-minute stack creation makes at most 300 CloudFormation calls. */
const CALLS_PER_MINUTE_CAP = 300 / 20;

let s: SandboxPipelines;

beforeAll(async () => {
  s = await startSandboxPipelines({ label: 'cadence', timeScale: SCALE });
}, 90_000);

afterAll(async () => {
  await s?.stop();
});

const lastSeq = (log: RequestLog) => log.list().at(-1)?.seq ?? 0;
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Tick {
  /** The delay the tick asked for before the next one (simulated ms). */
  delay: number;
  /** Calls the tick made, by operation. */
  calls: string[];
}

/**
 * One tick, then the simulated delay it asked for. The delay is read back from next_tick_at,
 * rounded up to whole seconds (every cadence is whole seconds; the tick saved it a moment ago).
 * `lived` is the simulated time the sandbox went through meanwhile: the delay, or more when the
 * tick itself took longer than the delay's share of real time (its overrun).
 */
async function tickAndWait(tick: () => Promise<void>, nextTickAt: () => Promise<Date | null>, log: RequestLog, frozen: boolean): Promise<Tick & { lived: number }> {
  const from = lastSeq(log);
  const started = Date.now();
  await tick();
  const next = await nextTickAt();
  const took = Date.now() - started;
  const delay = next ? Math.ceil((next.getTime() - Date.now()) / 1000) * 1000 : 0;
  const calls = log.list({ after: from }).map((e) => e.operation);
  // While the stack is stalled nothing moves, so no real time needs to pass.
  if (!frozen) await pause(Math.max(0, delay * SCALE - took));
  return { delay, calls, lived: frozen ? delay : Math.max(delay, took / SCALE) };
}

/** Follows a confirmed deployment's stack step to its end on the simulated clock. */
async function followStackCreation(deploymentId: string) {
  const aws = s.sandbox.sandbox.aws;
  const timeline = aws.cloudformation.engine.env.timeline;
  const { stackName } = await readDeployment(deploymentId);
  timeline.stall(stackName);
  let simulated = 0;
  let overrun = 0;
  const ticks: Tick[] = [];
  for (;;) {
    const d = await readDeployment(deploymentId);
    if (d.steps.find((step) => step.name === 'stack')?.state === 'SUCCEEDED' || d.state !== 'RUNNING') break;
    if (simulated >= STALL_MS && timeline.isStalled(stackName)) timeline.release(stackName);
    const tick = await tickAndWait(
      () => advanceDeployment({ id: deploymentId, orgId: s.org.orgId }),
      async () => (await readDeployment(deploymentId)).nextTickAt,
      aws.log,
      timeline.isStalled(stackName),
    );
    ticks.push(tick);
    simulated += tick.lived;
    overrun += tick.lived - tick.delay;
  }
  const d = await readDeployment(deploymentId);
  expect(d.steps.find((step) => step.name === 'stack')?.state, JSON.stringify(d.error)).toBe('SUCCEEDED');
  const cloudFormation = ticks.flatMap((t) => t.calls);
  // The last tick went on past the stack (outputs and later steps in the same tick): its delay is theirs.
  const following = ticks.slice(1, -1);
  console.log(`stack creation: ${(simulated / MINUTE).toFixed(1)} simulated min, ${ticks.length} ticks, ${cloudFormation.length} CloudFormation calls, ${(overrun / MINUTE).toFixed(1)} min of overrun`);
  return { simulated, overrun, calls: cloudFormation.length, following };
}

describe('CloudFormation polling during a stack creation of 20 simulated minutes (REL-4)', () => {
  let watchedCalls = 0;

  it('while someone watches: a poll every 5 s, and at most 300 calls in 20 minutes', async () => {
    const { deploymentId } = await s.confirmedDeploy();
    await setWatched(deploymentId, true);
    const { simulated, overrun, calls, following } = await followStackCreation(deploymentId);
    expect(simulated).toBeGreaterThanOrEqual(20 * MINUTE);
    // The simulated clock is honest only if the ticks themselves took a small share of it.
    expect(overrun).toBeLessThan(simulated / 10);
    expect(new Set(following.map((t) => t.delay))).toEqual(new Set([5_000]));
    expect(calls).toBeLessThanOrEqual(CALLS_PER_MINUTE_CAP * (simulated / MINUTE));
    watchedCalls = calls;
  }, 180_000);

  it('with nobody watching: a poll every 60 s, about a twelfth of the calls', async () => {
    const { deploymentId } = await s.confirmedDeploy();
    await setWatched(deploymentId, false);
    const { simulated, calls, following } = await followStackCreation(deploymentId);
    expect(simulated).toBeGreaterThanOrEqual(20 * MINUTE);
    expect(new Set(following.map((t) => t.delay))).toEqual(new Set([60_000]));
    expect(calls).toBeGreaterThan(0);
    expect(calls).toBeLessThanOrEqual(watchedCalls / 8);
    // The deployment goes on to its first run (used below).
    expect((await driveDeploymentWhile(s.org.orgId, deploymentId, ['RUNNING'], 120_000)).state).toBe('SUCCEEDED');
  }, 180_000);
});

describe('run polling (REL-4)', () => {
  it('with nobody watching, Airbyte syncs and the dbt task are looked at once a minute, one read per job', async () => {
    const [run] = await ownerDb().pipelineRun.findMany({ where: { orgId: s.org.orgId }, orderBy: { createdAt: 'desc' }, take: 1 });
    if (!run) throw new Error('the deployment started no run');
    const { airbyte, aws } = s.sandbox.sandbox;
    const waits: { stage: string; delay: number; reads: number }[] = [];
    for (let i = 0; i < 60; i++) {
      const before = await readRun(run.id);
      if (before.state !== 'QUEUED' && before.state !== 'RUNNING') break;
      const stage = before.stages.find((x) => x.state !== 'SUCCEEDED' && x.state !== 'SKIPPED')?.stage ?? 'none';
      const fromAirbyte = lastSeq(airbyte.log);
      const tick = await tickAndWait(() => advanceRun({ id: run.id, orgId: s.org.orgId }), async () => (await readRun(run.id)).nextTickAt, aws.log, false);
      const reads = [...tick.calls, ...airbyte.log.list({ after: fromAirbyte }).map((e) => e.operation)].filter((op) => op === 'getJob' || op === 'DescribeTasks').length;
      const after = await readRun(run.id);
      if (after.stages.find((x) => x.stage === stage)?.state === 'RUNNING') waits.push({ stage, delay: tick.delay, reads });
    }
    const finished = await readRun(run.id);
    expect(finished.state, JSON.stringify(finished.stages.map((x) => [x.stage, x.state, x.error]))).toBe('SUCCEEDED');
    expect(waits.map((w) => w.stage)).toEqual(expect.arrayContaining(['INGEST', 'TRANSFORM']));
    expect(new Set(waits.map((w) => w.delay))).toEqual(new Set([60_000]));
    // One read per job a stage follows: four syncs, one dbt task.
    for (const w of waits) expect(w.reads).toBeLessThanOrEqual(w.stage === 'INGEST' ? 4 : 1);
  }, 180_000);

  it('while someone has the run page open, its jobs are looked at every 10 s', async () => {
    const { runId } = await triggerRun(s.editor, { pipelineId: (await ownerDb().pipelineRun.findFirstOrThrow({ where: { orgId: s.org.orgId } })).pipelineId });
    const viewer = await s.org.member('VIEWER');
    const { aws } = s.sandbox.sandbox;
    const delays: number[] = [];
    for (let i = 0; i < 60; i++) {
      // What the run page does on each of its refreshes: read the run, which marks it watched.
      await runDetail(viewer, runId);
      const before = await readRun(runId);
      if (before.state !== 'QUEUED' && before.state !== 'RUNNING') break;
      expect(before.watchedUntil?.getTime()).toBeGreaterThan(Date.now());
      const stage = before.stages.find((x) => x.state !== 'SUCCEEDED' && x.state !== 'SKIPPED')?.stage;
      const tick = await tickAndWait(() => advanceRun({ id: runId, orgId: s.org.orgId }), async () => (await readRun(runId)).nextTickAt, aws.log, false);
      if ((await readRun(runId)).stages.find((x) => x.stage === stage)?.state === 'RUNNING') delays.push(tick.delay);
    }
    expect((await readRun(runId)).state).toBe('SUCCEEDED');
    expect(delays.length).toBeGreaterThan(0);
    expect(new Set(delays)).toEqual(new Set([10_000]));
    // A finished run is no longer marked: nobody needs its jobs polled.
    const marked = (await readRun(runId)).watchedUntil;
    await runDetail(viewer, runId);
    expect((await readRun(runId)).watchedUntil).toEqual(marked);
  }, 180_000);
});
