import 'server-only';
// One tick of a deployment, run by the worker under the row's lease (lib/jobs/stepper.ts): find
// the first unfinished step, run it for a bounded while, record what happened, and say when the
// row is next due. Transient failures (throttling, 5xx, timeouts, dropped connections) are retried
// with jittered exponential backoff up to MAX_ATTEMPTS; anything else fails the step with the
// reason and a way to retry. Planning stops before the first step that changes anything, for an
// admin to confirm the change set.
import { inOrg } from '@/lib/db/tenant';
import { PLANNING_STEPS, type StepName } from '@/lib/deploy/step-names';
import { AppError, ERROR_CATALOGUE } from '@/lib/errors';
import { Prisma } from '@/lib/generated/prisma/client';
import { IntegrationError, type FailureClass, type IntegrationProvider } from '@/lib/integrations/errors';
import { logger } from '@/lib/logger';
import { deployEnvironment } from './environment';
import { backoffMs, deploymentFacts } from './facts';
import { pipelineLedger } from './ledger';
import { STEP_RUNNERS } from './steps';
import { heldByDeployment } from './steps/first-run';
import { StepFailure, type DeploymentFacts, type DeploymentPatch, type StepDetail, type StepOutcome } from './step-types';

export const MAX_ATTEMPTS = 6;
/** A tick runs finished steps back to back for at most this long before yielding the row. */
const TICK_BUDGET_MS = 20_000;

/** Failures that may pass: the step (or stage) is tried again, with growing pauses. */
const TRANSIENT_WORDS: Partial<Record<FailureClass, { title: string; cause: string }>> = {
  throttled: { title: 'kept refusing requests', cause: 'kept refusing requests, asking Tapestry to slow down' },
  unavailable: { title: 'kept failing on its side', cause: 'kept answering with a server error' },
  timeout: { title: 'did not answer in time', cause: 'did not answer within the time Tapestry gives a call' },
  network: { title: 'could not be reached', cause: 'could not be reached: the connection was refused or dropped' },
};

const PROVIDER_NAMES: Record<IntegrationProvider, string> = {
  aws: 'AWS',
  airbyte: 'Airbyte',
  dbt_cloud: 'dbt Cloud',
  grouparoo: 'Grouparoo',
  postgres: 'The PostgreSQL warehouse',
  snowflake: 'Snowflake',
};
const CLOUDFORMATION_STEPS = new Set(['change_set', 'stack', 'outputs', 'delete_stack']);

const json = (value: unknown) => value as Prisma.InputJsonValue;

export interface StepError {
  code: string;
  title: string;
  cause: string;
  hint: string;
  step: string;
  transient: boolean;
}

function scrub(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const s of secrets) if (s.length >= 4) out = out.split(s).join('****');
  return out;
}

/** What the page shows about a failure: our words, never a vendor's message or a stack trace. */
export function describeFailure(error: unknown, step: string, secrets: readonly string[]): StepError {
  const passing = error instanceof IntegrationError ? TRANSIENT_WORDS[error.failureClass] : undefined;
  if (error instanceof IntegrationError && passing) {
    // Said the same while retrying and after giving up: the adapter already retried the call.
    const service = error.provider === 'aws' && CLOUDFORMATION_STEPS.has(step) ? 'CloudFormation' : PROVIDER_NAMES[error.provider];
    return {
      code: error.code ?? error.failureClass,
      title: `${service} ${passing.title}`,
      cause: scrub(`${service} ${passing.cause}${error.code ? ` (${error.code})` : ''}, through the retries of each call.`, secrets),
      hint: `Tapestry tries again with growing pauses, up to ${MAX_ATTEMPTS} times. If it still fails, check ${service}’s status (and your account’s request limits), then press Retry: what is done is kept.`,
      step,
      transient: true,
    };
  }
  if (error instanceof IntegrationError) {
    return {
      code: error.code ?? error.failureClass,
      title: `${error.provider} ${error.failureClass.replace('_', ' ')}`,
      cause: scrub(error.cause ?? error.message, secrets),
      hint: scrub(error.hint ?? '', secrets),
      step,
      transient: false,
    };
  }
  if (error instanceof StepFailure) {
    return { code: error.code, title: error.title, cause: scrub(error.cause, secrets), hint: scrub(error.hint, secrets), step, transient: false };
  }
  if (error instanceof AppError) {
    const entry = ERROR_CATALOGUE[error.code];
    return { code: error.code, title: entry.title, cause: scrub(error.message, secrets), hint: entry.action, step, transient: false };
  }
  return {
    code: 'INTERNAL',
    title: 'The step failed unexpectedly',
    cause: 'Tapestry hit an error it did not expect while carrying out this step.',
    hint: 'Retry the deployment; if it fails again, the worker log has the details under this deployment’s id.',
    step,
    transient: false,
  };
}

async function loadDeployment(id: string, orgId: string) {
  return inOrg(orgId, (tx) =>
    tx.deployment.findFirst({
      where: { id, orgId },
      include: { steps: { orderBy: { position: 'asc' } }, pipeline: { select: { slug: true, org: { select: { slug: true } } } } },
    }),
  );
}

type Loaded = NonNullable<Awaited<ReturnType<typeof loadDeployment>>>;

function factsOf(d: Loaded): DeploymentFacts {
  return deploymentFacts(d, { orgSlug: d.pipeline.org.slug, pipelineSlug: d.pipeline.slug });
}

async function finish(d: Loaded): Promise<void> {
  await inOrg(d.orgId, async (tx) => {
    await tx.deployment.update({ where: { id: d.id }, data: { state: 'SUCCEEDED', finishedAt: new Date(), nextTickAt: null, currentStep: null } });
    if (d.kind === 'TEARDOWN') {
      await tx.pipeline.update({ where: { id: d.pipelineId }, data: { status: 'TORN_DOWN' } });
    } else {
      // A paused pipeline stays paused through a redeploy or a resize: its schedules resume only when someone resumes them.
      const status = (d.options as { pausedBefore?: unknown } | null)?.pausedBefore === true ? 'PAUSED' : 'ACTIVE';
      await tx.pipeline.update({ where: { id: d.pipelineId }, data: { status, infrastructure: json(d.infrastructure) } });
      // The first run may start now that it has a succeeded deployment to work from.
      await tx.pipelineRun.updateMany({ where: { orgId: d.orgId, pipelineId: d.pipelineId, leaseOwner: heldByDeployment(d.id) }, data: { leaseOwner: null, leaseUntil: null, nextTickAt: new Date() } });
    }
  });
}

async function fail(d: Loaded, step: string, error: StepError, attempts: number): Promise<void> {
  await inOrg(d.orgId, async (tx) => {
    await tx.deploymentStep.update({
      where: { deploymentId_name: { deploymentId: d.id, name: step } },
      data: { state: 'FAILED', finishedAt: new Date(), attempts, error: json(error) },
    });
    await tx.deployment.update({ where: { id: d.id }, data: { state: 'FAILED', finishedAt: new Date(), nextTickAt: null, error: json(error) } });
    // A failed plan leaves the pipeline as it was: nothing changed yet.
    if (d.state === 'RUNNING') await tx.pipeline.update({ where: { id: d.pipelineId }, data: { status: 'FAILED' } });
  });
}

async function awaitConfirmation(d: Loaded): Promise<void> {
  await inOrg(d.orgId, (tx) =>
    tx.deployment.updateMany({ where: { id: d.id, state: 'PLANNING' }, data: { state: 'AWAITING_CONFIRMATION', nextTickAt: null, currentStep: null } }),
  );
}

async function saveStep(d: Loaded, step: string, outcome: StepOutcome, started: boolean): Promise<void> {
  const terminal = outcome.status !== 'wait';
  await inOrg(d.orgId, async (tx) => {
    await tx.deploymentStep.update({
      where: { deploymentId_name: { deploymentId: d.id, name: step } },
      data: {
        state: outcome.status === 'done' ? 'SUCCEEDED' : outcome.status === 'skipped' ? 'SKIPPED' : 'RUNNING',
        ...(started ? { startedAt: new Date() } : {}),
        ...(terminal ? { finishedAt: new Date() } : {}),
        ...(outcome.detail ? { detail: json(outcome.detail) } : {}),
        error: Prisma.DbNull,
      },
    });
    await tx.deployment.update({
      where: { id: d.id },
      data: { currentStep: step, nextTickAt: outcome.status === 'wait' ? new Date(Date.now() + outcome.ms) : new Date() },
    });
  });
}

async function retryLater(d: Loaded, step: string, attempts: number, error: StepError, started: boolean): Promise<void> {
  await inOrg(d.orgId, async (tx) => {
    await tx.deploymentStep.update({
      where: { deploymentId_name: { deploymentId: d.id, name: step } },
      data: { state: 'RUNNING', attempts, error: json(error), ...(started ? { startedAt: new Date() } : {}) },
    });
    await tx.deployment.update({ where: { id: d.id }, data: { currentStep: step, nextTickAt: new Date(Date.now() + backoffMs(attempts)) } });
  });
}

async function patchDeployment(d: Loaded, patch: DeploymentPatch): Promise<void> {
  await inOrg(d.orgId, (tx) =>
    tx.deployment.update({
      where: { id: d.id },
      data: {
        templateBody: patch.templateBody,
        changeSetName: patch.changeSetName,
        eventCursor: patch.eventCursor,
        lastEventAt: patch.lastEventAt,
        ...(patch.parameters !== undefined ? { parameters: json(patch.parameters) } : {}),
        ...(patch.changes !== undefined ? { changes: json(patch.changes) } : {}),
        ...(patch.report !== undefined ? { report: json(patch.report) } : {}),
      },
    }),
  );
}

/** Runs steps of one deployment until one waits, fails, or the tick's budget is spent. */
export async function advanceDeployment(row: { id: string; orgId: string }): Promise<void> {
  const startedAt = Date.now();
  const log = logger.child({ deploymentId: row.id });
  for (;;) {
    const d = await loadDeployment(row.id, row.orgId);
    if (!d) return;
    if (d.state !== 'PLANNING' && d.state !== 'RUNNING') {
      if (d.nextTickAt) await inOrg(d.orgId, (tx) => tx.deployment.update({ where: { id: d.id }, data: { nextTickAt: null } }));
      return;
    }
    const step = d.steps.find((s) => s.state !== 'SUCCEEDED' && s.state !== 'SKIPPED');
    if (!step) return finish(d);
    if (d.state === 'PLANNING' && !PLANNING_STEPS.includes(step.name as StepName)) return awaitConfirmation(d);

    const facts = factsOf(d);
    const env = deployEnvironment(facts);
    const earlier = Object.fromEntries(d.steps.filter((s) => s.position < step.position).map((s) => [s.name, (s.detail as StepDetail | null) ?? {}]));
    const runner = STEP_RUNNERS[step.name as StepName];
    const started = step.startedAt === null;
    let outcome: StepOutcome;
    try {
      outcome = await runner({
        deployment: facts,
        detail: (step.detail as StepDetail | null) ?? {},
        earlier,
        env,
        ledger: pipelineLedger(d.orgId, d.pipelineId, d.id),
        save: (patch) => patchDeployment(d, patch),
      });
    } catch (error) {
      const described = describeFailure(error, step.name, env.revealed);
      const attempts = step.attempts + 1;
      if (described.transient && attempts < MAX_ATTEMPTS) {
        log.warn({ step: step.name, attempts, code: described.code }, 'deployment step will be retried');
        return retryLater(d, step.name, attempts, described, started);
      }
      log.warn({ step: step.name, attempts, code: described.code, err: error instanceof IntegrationError || error instanceof AppError ? undefined : error }, 'deployment step failed');
      const reason = described.transient ? { ...described, cause: `${described.cause} Tapestry tried ${attempts} times and stopped.` } : described;
      return fail(d, step.name, reason, attempts);
    }
    await saveStep(d, step.name, outcome, started);
    if (outcome.status === 'wait' || Date.now() - startedAt > TICK_BUDGET_MS) return;
  }
}
