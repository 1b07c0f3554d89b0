'use server';
// Deploy and operate actions: deploy or redeploy, confirm, cancel or retry a deployment, resize
// the Airbyte instance, tear down, pause and resume. Thin: parse, call the service (which checks
// the permission and audits), revalidate the pipeline pages, answer. Answers that started or moved
// a deployment carry its id, so the page can open the deployment's live view.
import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { type ActionResult, orgAction } from '@/lib/http/server-action';
import { AIRBYTE_INSTANCE_TYPES } from '@/lib/pipeline/infrastructure';
import {
  cancelDeployment as cancel,
  confirmDeployment as confirm,
  requestDeploy as request,
  requestResize,
  requestTeardown,
  retryDeployment as retry,
} from '@/lib/services/deployments/request-deployment';
import { pausePipeline as pause, resumePipeline as resume } from '@/lib/services/pipelines/pause-resume';
import { idField } from '@/lib/validation';

type Started = ActionResult<{ deploymentId: string }>;

const byId = z.object({ id: idField });

/** Every page under the organization's pipelines: list, pipeline, history, deployment. */
const revalidatePipelines = (org: string) => revalidatePath(`/${org}/pipelines`, 'layout');

/** A checkbox posts "on" when ticked and nothing when not. */
const checkbox = z
  .string()
  .optional()
  .transform((v) => v === 'on' || v === 'true');

export const requestDeploy = orgAction('deployment.request', byId, async (actor, input): Promise<Started> => {
  const { deploymentId } = await request(actor, { pipelineId: input.id });
  revalidatePipelines(actor.orgSlug);
  return { ok: true, message: 'Planning the change set.', data: { deploymentId } };
});

export const confirmDeployment = orgAction('deployment.confirm', byId, async (actor, input): Promise<Started> => {
  await confirm(actor, { deploymentId: input.id });
  revalidatePipelines(actor.orgSlug);
  return { ok: true, message: 'Confirmed: carrying out the change set.', data: { deploymentId: input.id } };
});

export const cancelDeployment = orgAction('deployment.cancel', byId, async (actor, input): Promise<Started> => {
  await cancel(actor, { deploymentId: input.id });
  revalidatePipelines(actor.orgSlug);
  return { ok: true, message: 'Deployment cancelled; nothing was changed.', data: { deploymentId: input.id } };
});

export const retryDeployment = orgAction('deployment.retry', byId, async (actor, input): Promise<Started> => {
  await retry(actor, { deploymentId: input.id });
  revalidatePipelines(actor.orgSlug);
  return { ok: true, message: 'Retrying from the step that failed.', data: { deploymentId: input.id } };
});

export const resizeAirbyte = orgAction(
  'deployment.resize',
  z.object({ id: idField, instanceType: z.enum(AIRBYTE_INSTANCE_TYPES, { error: 'Choose one of the instance types offered.' }) }),
  async (actor, input): Promise<Started> => {
    const { deploymentId } = await requestResize(actor, { pipelineId: input.id, instanceType: input.instanceType });
    revalidatePipelines(actor.orgSlug);
    return { ok: true, message: `Planning the resize to ${input.instanceType}.`, data: { deploymentId } };
  },
);

export const tearDown = orgAction(
  'deployment.teardown',
  z.object({ id: idField, confirmName: z.string().max(200).default(''), dropWarehouseData: checkbox }),
  async (actor, input): Promise<Started> => {
    const { deploymentId } = await requestTeardown(actor, { pipelineId: input.id, confirmName: input.confirmName, dropWarehouseData: input.dropWarehouseData });
    revalidatePipelines(actor.orgSlug);
    return { ok: true, message: 'Tearing down.', data: { deploymentId } };
  },
);

export const pausePipeline = orgAction('pipeline.pause', byId, async (actor, input) => {
  await pause(actor, { pipelineId: input.id });
  revalidatePipelines(actor.orgSlug);
  return { ok: true, message: 'Schedules paused. Runs already going carry on.' };
});

export const resumePipeline = orgAction('pipeline.resume', byId, async (actor, input) => {
  await resume(actor, { pipelineId: input.id });
  revalidatePipelines(actor.orgSlug);
  return { ok: true, message: 'Schedules resumed from the next tick; missed ticks are not run.' };
});
