// The actor, the deployment and its stack events so far, once per request: the page and its
// metadata both need them. Metadata resolves before the page streams under the section's
// loading.tsx, so an unknown id, another organization's, or a deployment of another pipeline
// answers a real 404 status (as load-pipeline.ts explains).
import { cache } from 'react';
import { notFound } from 'next/navigation';
import { deploymentView, stackEventsAfter } from '@/lib/dal/deployments';
import { AppError } from '@/lib/errors';
import { requireActor } from '../../../../../require-actor';

export const loadDeployment = cache(async (org: string, pipelineId: string, deploymentId: string) => {
  const actor = await requireActor(org, `/pipelines/${pipelineId}/deployments/${deploymentId}`);
  try {
    const view = await deploymentView(actor, pipelineId, deploymentId);
    // Everything so far, oldest first; the live stream carries on from the last one.
    const events = await stackEventsAfter(actor, deploymentId, BigInt(0));
    // The moment these were read, on the server's clock: the page's clocks tick on from it.
    return { actor, view, events, readAt: Date.now() };
  } catch (err) {
    if (err instanceof AppError && err.code === 'NOT_FOUND') notFound();
    throw err;
  }
});
