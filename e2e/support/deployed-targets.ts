// Pipelines in the states the deploy and run actions act on, for the authorization matrix: made
// with the real services up to a saved design, then given the deployment and run rows a finished
// deploy would have left (the worker never picks these rows up: no next tick). Every allowed
// caller's call then succeeds for real.
import { randomUUID } from 'node:crypto';
import type { Actor } from '@/lib/authz/actor';
import type { DeploymentState, PipelineStatus, RunState } from '@/lib/generated/prisma/enums';
import { newId } from '@/lib/ids';
import { STEPS_OF } from '@/lib/deploy/step-names';
import { DEFAULT_INFRASTRUCTURE } from '@/lib/pipeline/infrastructure';
import type { PipelineSpec } from '@/lib/pipeline/spec';
import { kickstart } from '@/lib/services/pipelines/kickstart';
import { saveDesign } from '@/lib/services/pipelines/save-design';
import { pipelineDetail } from '@/lib/dal/pipelines/read';
import { putPipelineCredential } from '@/lib/secrets/pipeline-credentials';
import { ownerDb } from '../../test/support/owner-db';

export interface DeployedTargets {
  /** ACTIVE, deployed once; has a QUEUED run. For Run now, resize, tear down, pause, cancel a run. */
  activePipelineId: string;
  activePipelineName: string;
  queuedRunId: string;
  /** ACTIVE with a FAILED run and a FAILED update deployment, and nothing open. For redeploy and both retries. */
  retryPipelineId: string;
  failedRunId: string;
  failedDeploymentId: string;
  /** A deployment waiting for an admin to confirm its change set. */
  awaitingDeploymentId: string;
  /** PAUSED after a deploy. */
  pausedPipelineId: string;
}

const FAR_FUTURE = new Date('2099-01-01T00:00:00Z');

interface SavedPipeline {
  id: string;
  name: string;
  slug: string;
  spec: PipelineSpec;
}

async function savedPipeline(owner: Actor): Promise<SavedPipeline> {
  const made = await kickstart(owner, { target: 'aws', accountId: '123456789012', region: 'eu-west-1', accessKeyId: 'AKIAIOSFODNN7EXAMPLE' });
  for (const secret of made.missingSecrets) {
    await putPipelineCredential(owner, made.id, { name: secret, kind: 'GENERIC', value: `matrix-${secret}` }, { audit: false });
  }
  const detail = await pipelineDetail(owner, made.id);
  const { spec } = await saveDesign(owner, { id: made.id, version: detail.version });
  return { id: made.id, name: detail.name, slug: detail.slug, spec };
}

async function deployment(owner: Actor, pipeline: SavedPipeline, kind: 'CREATE' | 'UPDATE', state: DeploymentState): Promise<string> {
  const id = newId();
  const failed = state === 'FAILED';
  await ownerDb().deployment.create({
    data: {
      id,
      orgId: owner.orgId,
      pipelineId: pipeline.id,
      kind,
      state,
      operationId: randomUUID(),
      stackName: `tap-matrix-${pipeline.slug}`.slice(0, 60),
      spec: pipeline.spec as object,
      infrastructure: DEFAULT_INFRASTRUCTURE,
      requestedById: owner.userId,
      nextTickAt: FAR_FUTURE,
      finishedAt: state === 'SUCCEEDED' || failed ? new Date() : null,
      error: failed ? { code: 'matrix', title: 'Seeded failure', cause: 'Seeded by the authorization matrix.', hint: 'Retry.', step: 'airbyte' } : undefined,
      steps: {
        create: STEPS_OF[kind].map((name, position) => ({
          name,
          position,
          state: state === 'SUCCEEDED' ? 'SUCCEEDED' : failed && name === 'airbyte' ? 'FAILED' : 'PENDING',
        })),
      },
    },
  });
  return id;
}

async function setStatus(pipelineId: string, status: PipelineStatus) {
  await ownerDb().pipeline.update({ where: { id: pipelineId }, data: { status } });
}

async function run(owner: Actor, pipelineId: string, number: number, state: RunState): Promise<string> {
  const id = newId();
  await ownerDb().pipelineRun.create({
    // No next tick in reach: neither the worker nor its reconciler moves the seeded run while a spec uses it.
    data: { id, orgId: owner.orgId, pipelineId, number, trigger: 'MANUAL', state, sources: ['stripe'], requestedById: owner.userId, finishedAt: state === 'FAILED' ? new Date() : null, nextTickAt: FAR_FUTURE },
  });
  return id;
}

/** A deployed pipeline, as a first successful CREATE leaves it. */
async function deployedPipeline(owner: Actor, status: PipelineStatus) {
  const p = await savedPipeline(owner);
  await deployment(owner, p, 'CREATE', 'SUCCEEDED');
  await setStatus(p.id, status);
  return p;
}

export async function deployedTargets(owner: Actor): Promise<DeployedTargets> {
  const active = await deployedPipeline(owner, 'ACTIVE');
  const queuedRunId = await run(owner, active.id, 1, 'QUEUED');
  const retry = await deployedPipeline(owner, 'ACTIVE');
  const failedRunId = await run(owner, retry.id, 1, 'FAILED');
  const failedDeploymentId = await deployment(owner, retry, 'UPDATE', 'FAILED');
  const awaiting = await savedPipeline(owner);
  const awaitingDeploymentId = await deployment(owner, awaiting, 'CREATE', 'AWAITING_CONFIRMATION');
  const paused = await deployedPipeline(owner, 'PAUSED');
  return {
    activePipelineId: active.id,
    activePipelineName: active.name,
    queuedRunId,
    retryPipelineId: retry.id,
    failedRunId,
    failedDeploymentId,
    awaitingDeploymentId,
    pausedPipelineId: paused.id,
  };
}
