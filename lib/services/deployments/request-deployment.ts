import 'server-only';
// Starting, confirming, cancelling and retrying deployments (infra:deploy: owners and admins).
// A deploy, redeploy or resize starts PLANNING: the worker builds the template and a change set,
// and nothing changes in the cloud until an admin confirms what the change set will do. A
// tear-down is confirmed by typing the pipeline's name and starts at once. One deployment runs
// per pipeline at a time (a unique index; a second request answers CONFLICT).
import { randomUUID } from 'node:crypto';
import { auditActor } from '@/lib/audit';
import type { Actor } from '@/lib/authz/actor';
import { assertCan } from '@/lib/authz/assert';
import { inOrg, type Tx } from '@/lib/db/tenant';
import { readDesign } from '@/lib/dal/pipelines/design-rows';
import { findPipeline, type PipelineRecord } from '@/lib/dal/pipelines/pipeline-record';
import { STEPS_OF, PLANNING_STEPS } from '@/lib/deploy/step-names';
import { AppError } from '@/lib/errors';
import type { DeploymentKind } from '@/lib/generated/prisma/enums';
import { Prisma } from '@/lib/generated/prisma/client';
import { newId } from '@/lib/ids';
import { infrastructureOf, InfrastructureSchema, type AirbyteInstanceType, type Infrastructure } from '@/lib/pipeline/infrastructure';
import { missingSecrets, type PipelineSpec } from '@/lib/pipeline/spec';
import { canMove } from '@/lib/pipeline/status';
import { stackNameFor } from '@/infra/cloudformation/template';
import { stackIdentity } from '@/lib/deploy/stack-identity';

const json = (value: unknown) => value as Prisma.InputJsonValue;

const alreadyRunning = () => new AppError('CONFLICT', 'Another deployment of this pipeline is in progress; wait for it to finish or cancel it first.');

function isOpenDeploymentClash(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002' && JSON.stringify(error.meta ?? {}).includes('deployment_one_open_per_pipeline');
}

async function deployableSpec(tx: Tx, actor: Actor, row: PipelineRecord): Promise<PipelineSpec> {
  const spec = await readDesign(tx, row);
  if (!spec) throw new AppError('CONFLICT', 'Save the pipeline on the review step before deploying it.');
  const stored = (await tx.credential.findMany({ where: { orgId: actor.orgId }, select: { name: true } })).map((c) => c.name);
  const missing = missingSecrets(spec, stored);
  if (missing.length > 0) {
    throw new AppError('CONFLICT', `Set the missing credentials before deploying: ${missing.map((m) => m.secret).join(', ')}.`);
  }
  return spec;
}

/** CREATE until a deployment of the stack has succeeded once; UPDATE afterwards. */
async function applyKind(tx: Tx, row: PipelineRecord): Promise<DeploymentKind> {
  const created = await tx.deployment.count({ where: { orgId: row.orgId, pipelineId: row.id, kind: 'CREATE', state: 'SUCCEEDED' } });
  return created > 0 ? 'UPDATE' : 'CREATE';
}

async function insertDeployment(
  tx: Tx,
  actor: Actor,
  row: PipelineRecord & { stackName: string | null },
  input: { kind: DeploymentKind; spec: PipelineSpec; infrastructure: Infrastructure; options?: Record<string, unknown>; running?: boolean },
): Promise<string> {
  const id = newId();
  const stackName = row.stackName ?? stackNameFor(actor.orgSlug, row.slug, stackIdentity(row.id));
  if (!row.stackName) await tx.pipeline.update({ where: { id: row.id }, data: { stackName } });
  try {
    await tx.deployment.create({
      data: {
        id,
        orgId: actor.orgId,
        pipelineId: row.id,
        kind: input.kind,
        state: input.running ? 'RUNNING' : 'PLANNING',
        operationId: randomUUID(),
        stackName,
        spec: json(input.spec),
        infrastructure: json(input.infrastructure),
        options: input.options ? json(input.options) : Prisma.DbNull,
        requestedById: actor.userId,
        confirmedById: input.running ? actor.userId : null,
        confirmedAt: input.running ? new Date() : null,
        nextTickAt: new Date(),
        steps: { create: STEPS_OF[input.kind].map((name, position) => ({ name, position })) },
      },
    });
  } catch (error) {
    if (isOpenDeploymentClash(error)) throw alreadyRunning();
    throw error;
  }
  return id;
}

async function pipelineForDeploy(tx: Tx, actor: Actor, pipelineId: string) {
  const row = await findPipeline(tx, actor, pipelineId);
  const extra = await tx.pipeline.findUniqueOrThrow({ where: { id: row.id }, select: { stackName: true, infrastructure: true } });
  return { ...row, ...extra };
}

/** Deploy (first time) or redeploy (later): plans a change set for an admin to confirm. */
export async function requestDeploy(actor: Actor, input: { pipelineId: string }): Promise<{ deploymentId: string }> {
  await assertCan(actor, 'infra:deploy', 'deployment.request');
  return inOrg(actor.orgId, async (tx) => {
    const row = await pipelineForDeploy(tx, actor, input.pipelineId);
    if (row.status === 'DRAFT') throw new AppError('CONFLICT', 'Finish and save the pipeline on the review step before deploying it.');
    if (!canMove(row.status, 'DEPLOYING')) throw new AppError('CONFLICT', `A pipeline that is ${row.status.toLowerCase().replace('_', ' ')} cannot be deployed now.`);
    const spec = await deployableSpec(tx, actor, row);
    const kind = await applyKind(tx, row);
    const infrastructure = infrastructureOf(row.infrastructure);
    const deploymentId = await insertDeployment(tx, actor, row, { kind, spec, infrastructure });
    await auditActor(tx, actor, 'deployment.request', { type: 'pipeline', id: row.id }, { deploymentId, kind, stackName: row.stackName });
    return { deploymentId };
  });
}

/** Resize the Airbyte instance: a stack update of its instance type, through a change set. */
export async function requestResize(actor: Actor, input: { pipelineId: string; instanceType: AirbyteInstanceType }): Promise<{ deploymentId: string }> {
  await assertCan(actor, 'infra:deploy', 'deployment.resize');
  return inOrg(actor.orgId, async (tx) => {
    const row = await pipelineForDeploy(tx, actor, input.pipelineId);
    if (row.status !== 'ACTIVE' && row.status !== 'PAUSED') throw new AppError('CONFLICT', 'Only a deployed pipeline (active or paused) can be resized.');
    const current = infrastructureOf(row.infrastructure);
    const parsed = InfrastructureSchema.safeParse({ ...current, airbyte: { ...current.airbyte, instanceType: input.instanceType } });
    if (!parsed.success) throw new AppError('VALIDATION', 'Choose one of the instance types offered.', { instanceType: ['Choose one of the instance types offered.'] });
    if (current.airbyte.instanceType === input.instanceType) throw new AppError('CONFLICT', `The Airbyte instance is already a ${input.instanceType}.`);
    const spec = await deployableSpec(tx, actor, row);
    const deploymentId = await insertDeployment(tx, actor, row, { kind: 'RESIZE', spec, infrastructure: parsed.data, options: { from: current.airbyte.instanceType, to: input.instanceType } });
    await auditActor(tx, actor, 'deployment.resize', { type: 'pipeline', id: row.id }, { deploymentId, from: current.airbyte.instanceType, to: input.instanceType });
    return { deploymentId };
  });
}

/** Tear down everything the pipeline deployed; the name typed must match the pipeline's. */
export async function requestTeardown(actor: Actor, input: { pipelineId: string; confirmName: string; dropWarehouseData: boolean }): Promise<{ deploymentId: string }> {
  await assertCan(actor, 'infra:deploy', 'deployment.teardown');
  return inOrg(actor.orgId, async (tx) => {
    const row = await pipelineForDeploy(tx, actor, input.pipelineId);
    if (input.confirmName.trim() !== row.name) {
      throw new AppError('VALIDATION', 'Type the pipeline’s name exactly to confirm.', { confirmName: [`Type “${row.name}” to confirm.`] });
    }
    if (!canMove(row.status, 'TEARING_DOWN')) throw new AppError('CONFLICT', 'Only a deployed or failed pipeline can be torn down.');
    const spec = await readDesign(tx, row);
    if (!spec) throw new AppError('CONFLICT', 'This pipeline has no saved design to tear down.');
    const deploymentId = await insertDeployment(tx, actor, row, {
      kind: 'TEARDOWN',
      spec,
      infrastructure: infrastructureOf(row.infrastructure),
      options: { dropWarehouseData: input.dropWarehouseData },
      running: true,
    });
    await tx.pipeline.update({ where: { id: row.id }, data: { status: 'TEARING_DOWN' } });
    await auditActor(tx, actor, 'deployment.teardown', { type: 'pipeline', id: row.id }, { deploymentId, dropWarehouseData: input.dropWarehouseData });
    return { deploymentId };
  });
}

async function findDeployment(tx: Tx, actor: Actor, id: string) {
  const row = /^[A-Za-z0-9_-]{1,64}$/.test(id) ? await tx.deployment.findFirst({ where: { id, orgId: actor.orgId }, include: { steps: true } }) : null;
  if (!row) throw new AppError('NOT_FOUND', 'That deployment does not exist.');
  return row;
}

/** The admin has seen the change set: carry it out. */
export async function confirmDeployment(actor: Actor, input: { deploymentId: string }): Promise<void> {
  await assertCan(actor, 'infra:deploy', 'deployment.confirm');
  await inOrg(actor.orgId, async (tx) => {
    const d = await findDeployment(tx, actor, input.deploymentId);
    if (d.state !== 'AWAITING_CONFIRMATION') throw new AppError('CONFLICT', 'This deployment is not waiting for confirmation.');
    const pipeline = await tx.pipeline.findUniqueOrThrow({ where: { id: d.pipelineId }, select: { status: true } });
    // Remembered for the end of the deployment, which otherwise makes the pipeline ACTIVE.
    const options = pipeline.status === 'PAUSED' ? { ...((d.options as Record<string, unknown> | null) ?? {}), pausedBefore: true } : undefined;
    const moved = await tx.deployment.updateMany({
      where: { id: d.id, orgId: actor.orgId, state: 'AWAITING_CONFIRMATION' },
      data: { state: 'RUNNING', confirmedById: actor.userId, confirmedAt: new Date(), nextTickAt: new Date(), ...(options ? { options: json(options) } : {}) },
    });
    if (moved.count !== 1) throw new AppError('CONFLICT', 'This deployment changed meanwhile; reload the page.');
    await tx.pipeline.update({ where: { id: d.pipelineId }, data: { status: 'DEPLOYING' } });
    await auditActor(tx, actor, 'deployment.confirm', { type: 'pipeline', id: d.pipelineId }, { deploymentId: d.id, kind: d.kind });
  });
}

/** Cancel before anything changed (planning or awaiting confirmation). */
export async function cancelDeployment(actor: Actor, input: { deploymentId: string }): Promise<void> {
  await assertCan(actor, 'infra:deploy', 'deployment.cancel');
  await inOrg(actor.orgId, async (tx) => {
    const d = await findDeployment(tx, actor, input.deploymentId);
    const moved = await tx.deployment.updateMany({
      where: { id: d.id, orgId: actor.orgId, state: { in: ['PLANNING', 'AWAITING_CONFIRMATION'] } },
      data: { state: 'CANCELLED', finishedAt: new Date(), nextTickAt: null },
    });
    if (moved.count !== 1) throw new AppError('CONFLICT', 'Only a deployment that has not started changing anything can be cancelled.');
    await auditActor(tx, actor, 'deployment.cancel', { type: 'pipeline', id: d.pipelineId }, { deploymentId: d.id });
  });
}

/**
 * Retry a failed deployment where it stopped: finished steps are kept (their ledger rows make a
 * re-run find what they created). A failed stack step goes back to planning, because a rolled
 * back stack is deleted and a new change set must be confirmed.
 */
export async function retryDeployment(actor: Actor, input: { deploymentId: string }): Promise<void> {
  await assertCan(actor, 'infra:deploy', 'deployment.retry');
  await inOrg(actor.orgId, async (tx) => {
    const d = await findDeployment(tx, actor, input.deploymentId);
    if (d.state !== 'FAILED') throw new AppError('CONFLICT', 'Only a failed deployment can be retried.');
    const failed = d.steps.find((s) => s.state === 'FAILED');
    // A stack step that gave up on a CloudFormation that kept refusing or failing (not on a stack
    // that failed) carries on with the confirmed change set and the stack it started.
    const gaveUp = failed?.name === 'stack' && (failed.error as { transient?: unknown } | null)?.transient === true;
    const replan = failed !== undefined && !gaveUp && (failed.name === 'stack' || (PLANNING_STEPS as readonly string[]).includes(failed.name)) && d.kind !== 'TEARDOWN';
    const reset = replan ? ['change_set', 'stack'] : failed ? [failed.name] : [];
    await tx.deploymentStep.updateMany({
      where: { orgId: actor.orgId, deploymentId: d.id, name: { in: reset } },
      data: { state: 'PENDING', attempts: 0, error: Prisma.DbNull, finishedAt: null, ...(replan ? { detail: Prisma.DbNull } : {}) },
    });
    if (replan) {
      // A new round: a new change set name and new tokens (the old ones were used by the failed attempt).
      const round = Number((d.steps.find((s) => s.name === 'change_set')?.detail as { round?: number } | null)?.round ?? 1) + 1;
      await tx.deploymentStep.updateMany({ where: { orgId: actor.orgId, deploymentId: d.id, name: 'change_set' }, data: { detail: json({ round }) } });
    }
    try {
      await tx.deployment.update({
        where: { id: d.id },
        data: { state: replan ? 'PLANNING' : 'RUNNING', error: Prisma.DbNull, finishedAt: null, nextTickAt: new Date(), ...(replan ? { changes: Prisma.DbNull } : {}) },
      });
    } catch (error) {
      if (isOpenDeploymentClash(error)) throw alreadyRunning();
      throw error;
    }
    await tx.pipeline.update({ where: { id: d.pipelineId }, data: { status: d.kind === 'TEARDOWN' ? 'TEARING_DOWN' : replan ? 'FAILED' : 'DEPLOYING' } });
    await auditActor(tx, actor, 'deployment.retry', { type: 'pipeline', id: d.pipelineId }, { deploymentId: d.id, from: failed?.name ?? null });
  });
}
