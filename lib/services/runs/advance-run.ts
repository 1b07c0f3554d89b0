import 'server-only';
// One tick of a run, under the row's lease (lib/jobs/stepper.ts): ingest → transform → sync, each
// stage starting only when the one before succeeded. A stage's transient failures (throttling,
// 5xx, timeouts) are retried with jittered backoff; a failed sync or model fails the run with the
// reason and skips what follows. Cancel stops the running stage's external jobs. The run uses the
// design of the pipeline's last successful deployment: what is actually deployed.
import { inOrg } from '@/lib/db/tenant';
import { Prisma } from '@/lib/generated/prisma/client';
import { IntegrationError } from '@/lib/integrations/errors';
import { newId } from '@/lib/ids';
import { logger } from '@/lib/logger';
import { describeFailure, MAX_ATTEMPTS } from '@/lib/services/deployments/advance-deployment';
import { deployEnvironment } from '@/lib/services/deployments/environment';
import { backoffMs, deploymentFacts } from '@/lib/services/deployments/facts';
import { pipelineLedger } from '@/lib/services/deployments/ledger';
import type { DeploymentFacts, StepContext } from '@/lib/services/deployments/step-types';
import { closeRunStall, recordRunProgress } from '@/lib/services/reliability/run-progress';
import { cancelStageJobs } from './cancel-jobs';
import { StageFailure, type StageContext, type StageOutcome, type StageRunner } from './stage-types';
import { ingestStage } from './stages/ingest';
import { syncStage } from './stages/sync';
import { transformStage } from './stages/transform';

const RUNNERS: Record<'INGEST' | 'TRANSFORM' | 'SYNC', StageRunner> = { INGEST: ingestStage, TRANSFORM: transformStage, SYNC: syncStage };
const json = (value: unknown) => value as Prisma.InputJsonValue;
const MAX_LOG_CHARS = 64_000;

async function load(id: string, orgId: string) {
  return inOrg(orgId, async (tx) => {
    const run = await tx.pipelineRun.findFirst({
      where: { id, orgId },
      include: {
        stages: { include: { jobs: { orderBy: { attempt: 'desc' } } } },
        pipeline: { select: { slug: true, org: { select: { slug: true } } } },
      },
    });
    if (!run) return undefined;
    const deployment = await tx.deployment.findFirst({
      where: { orgId, pipelineId: run.pipelineId, state: 'SUCCEEDED', kind: { not: 'TEARDOWN' } },
      orderBy: { finishedAt: 'desc' },
    });
    return { run, deployment };
  });
}

type Loaded = NonNullable<Awaited<ReturnType<typeof load>>>;
const ORDER = ['INGEST', 'TRANSFORM', 'SYNC'] as const;
const ref = (l: Loaded) => ({ id: l.run.id, orgId: l.run.orgId, pipelineId: l.run.pipelineId });

/** A job saved with something new (REL-6's progress signal); a poll that found it unchanged is not progress. */
function moved(before: Loaded['run']['stages'][number]['jobs'][number] | undefined, job: Parameters<StageContext['saveJob']>[0]): boolean {
  if (!before || (job.attempt !== undefined && job.attempt !== before.attempt)) return true;
  return (
    job.status !== before.status ||
    (job.externalId !== undefined && job.externalId !== before.externalId) ||
    (job.rows !== undefined && BigInt(job.rows) !== before.rows) ||
    (job.bytes !== undefined && BigInt(job.bytes) !== before.bytes) ||
    (job.finished === true && before.finishedAt === null)
  );
}

async function endRun(l: Loaded, state: 'SUCCEEDED' | 'FAILED' | 'CANCELLED', error?: unknown): Promise<void> {
  await inOrg(l.run.orgId, async (tx) => {
    await tx.runStage.updateMany({ where: { runId: l.run.id, orgId: l.run.orgId, state: 'PENDING' }, data: { state: 'SKIPPED' } });
    await tx.pipelineRun.update({
      where: { id: l.run.id },
      data: { state, finishedAt: new Date(), nextTickAt: null, lastProgressAt: new Date(), ...(error ? { error: json(error) } : {}) },
    });
    await closeRunStall(tx, ref(l));
  });
}

function facts(l: Loaded): DeploymentFacts {
  if (!l.deployment) throw new StageFailure('Not deployed', 'This pipeline has no successful deployment to run.', 'Deploy the pipeline first.');
  return { ...deploymentFacts(l.deployment, { orgSlug: l.run.pipeline.org.slug, pipelineSlug: l.run.pipeline.slug }), options: {}, eventCursor: null, watched: false };
}

function stageContext(l: Loaded, stage: Loaded['run']['stages'][number], f: DeploymentFacts): StageContext {
  const env = deployEnvironment(f);
  const ledger = pipelineLedger(l.run.orgId, l.run.pipelineId, f.id);
  const deploymentContext: StepContext = { deployment: f, detail: {}, earlier: {}, env, ledger, save: async () => {} };
  const watched = l.run.watchedUntil !== null && l.run.watchedUntil.getTime() > Date.now();
  const latest = new Map<string, (typeof stage.jobs)[number]>();
  for (const job of stage.jobs) if (!latest.has(job.naturalKey)) latest.set(job.naturalKey, job);
  return {
    run: { id: l.run.id, orgId: l.run.orgId, pipelineId: l.run.pipelineId, number: l.run.number, sources: l.run.sources as string[] },
    stage: { id: stage.id, attempts: stage.attempts },
    spec: f.spec,
    jobs: [...latest.values()],
    env,
    ledger,
    deploymentContext,
    watched,
    saveJob: async (job) => {
      const attempt = job.attempt ?? latest.get(job.naturalKey)?.attempt ?? 1;
      const data = {
        status: job.status,
        ...(job.externalId !== undefined ? { externalId: job.externalId } : {}),
        ...(job.rows !== undefined ? { rows: BigInt(job.rows) } : {}),
        ...(job.bytes !== undefined ? { bytes: BigInt(job.bytes) } : {}),
        ...(job.finished ? { finishedAt: new Date() } : {}),
        ...(job.detail !== undefined ? { detail: json(job.detail) } : {}),
      };
      await inOrg(l.run.orgId, async (tx) => {
        await tx.runJob.upsert({
          where: { runStageId_naturalKey_attempt: { runStageId: stage.id, naturalKey: job.naturalKey, attempt } },
          create: { id: newId(), orgId: l.run.orgId, runStageId: stage.id, system: job.system, naturalKey: job.naturalKey, attempt, startedAt: new Date(), ...data },
          update: data,
        });
        if (moved(latest.get(job.naturalKey), job)) await recordRunProgress(tx, ref(l));
      });
    },
  };
}

async function saveStage(l: Loaded, stageId: string, outcome: StageOutcome, started: boolean): Promise<void> {
  await inOrg(l.run.orgId, async (tx) => {
    await tx.runStage.update({
      where: { id: stageId },
      data: {
        state: outcome.status === 'done' ? 'SUCCEEDED' : outcome.status === 'skipped' ? 'SKIPPED' : 'RUNNING',
        ...(started ? { startedAt: new Date() } : {}),
        ...(outcome.status !== 'wait' ? { finishedAt: new Date(), logs: (outcome.logs ?? '').slice(0, MAX_LOG_CHARS) } : {}),
        ...(outcome.status === 'done' ? { rows: BigInt(outcome.rows), bytes: BigInt(outcome.bytes) } : {}),
        error: Prisma.DbNull,
      },
    });
    await tx.pipelineRun.update({ where: { id: l.run.id }, data: { nextTickAt: new Date(Date.now() + (outcome.status === 'wait' ? outcome.ms : 0)) } });
    // Waiting again on the same jobs is not progress; starting or finishing the stage is.
    if (started || outcome.status !== 'wait') await recordRunProgress(tx, ref(l));
  });
}

async function failStage(l: Loaded, stageId: string, error: ReturnType<typeof describeFailure>, logs: string | undefined): Promise<void> {
  await inOrg(l.run.orgId, (tx) =>
    tx.runStage.update({ where: { id: stageId }, data: { state: 'FAILED', finishedAt: new Date(), error: json(error), ...(logs ? { logs: logs.slice(0, MAX_LOG_CHARS) } : {}) } }),
  );
  await endRun(l, 'FAILED', error);
}

function describeStage(error: unknown, stage: string, secrets: readonly string[]) {
  if (error instanceof StageFailure) return { code: 'STAGE_FAILED', title: error.title, cause: error.cause, hint: error.hint, step: stage, transient: false };
  return describeFailure(error, stage, secrets);
}

export async function advanceRun(row: { id: string; orgId: string }): Promise<void> {
  const l = await load(row.id, row.orgId);
  if (!l) return;
  const { run } = l;
  if (run.state === 'SUCCEEDED' || run.state === 'FAILED' || run.state === 'CANCELLED') {
    if (run.nextTickAt) await inOrg(run.orgId, (tx) => tx.pipelineRun.update({ where: { id: run.id }, data: { nextTickAt: null } }));
    return;
  }
  const stages = ORDER.map((name) => l.run.stages.find((s) => s.stage === name)).filter((s): s is Loaded['run']['stages'][number] => s !== undefined);
  const stage = stages.find((s) => s.state !== 'SUCCEEDED' && s.state !== 'SKIPPED');
  let f: DeploymentFacts;
  try {
    f = facts(l);
  } catch (error) {
    return endRun(l, 'FAILED', describeStage(error, 'INGEST', []));
  }
  if (run.cancelRequestedAt) {
    if (stage?.state === 'RUNNING') await cancelStageJobs(stage.stage, stageContext(l, stage, f)).catch((error: unknown) => logger.warn({ err: error, runId: run.id }, 'could not cancel every external job'));
    if (stage) await inOrg(run.orgId, (tx) => tx.runStage.update({ where: { id: stage.id }, data: { state: 'FAILED', finishedAt: new Date(), error: json({ code: 'CANCELLED', title: 'Cancelled', cause: 'Someone cancelled the run.', hint: '', step: stage.stage }) } }));
    return endRun(l, 'CANCELLED');
  }
  if (run.state === 'QUEUED') await inOrg(run.orgId, (tx) => tx.pipelineRun.update({ where: { id: run.id }, data: { state: 'RUNNING', startedAt: new Date(), lastProgressAt: new Date() } }));
  if (!stage) return endRun(l, 'SUCCEEDED');

  const ctx = stageContext(l, stage, f);
  let outcome: StageOutcome;
  try {
    outcome = await RUNNERS[stage.stage](ctx);
  } catch (error) {
    const described = describeStage(error, stage.stage, ctx.env.revealed);
    const attempts = stage.attempts + 1;
    if (described.transient && attempts < MAX_ATTEMPTS) {
      await inOrg(run.orgId, async (tx) => {
        await tx.runStage.update({ where: { id: stage.id }, data: { state: 'RUNNING', attempts, error: json(described), ...(stage.startedAt ? {} : { startedAt: new Date() }) } });
        await tx.pipelineRun.update({ where: { id: run.id }, data: { nextTickAt: new Date(Date.now() + backoffMs(attempts)) } });
      });
      return;
    }
    if (!(error instanceof StageFailure) && !(error instanceof IntegrationError)) logger.warn({ err: error, runId: run.id, stage: stage.stage }, 'run stage failed');
    return failStage(l, stage.id, described, error instanceof StageFailure ? error.logs : undefined);
  }
  await saveStage(l, stage.id, outcome, stage.startedAt === null);
}
