// The actor and the pipeline, once per request (a page and its metadata both need them). Pages
// call it from generateMetadata too: metadata resolves before the page streams under the section's
// loading.tsx, so a missing id, or another organization's, answers a real 404 status rather than a
// not-found view inside a 200.
import { cache } from 'react';
import { notFound } from 'next/navigation';
import { pipelineDetail } from '@/lib/dal/pipelines/read';
import { AppError } from '@/lib/errors';
import { requireActor } from '../../../require-actor';

export const loadPipeline = cache(async (org: string, id: string, path: string) => {
  const actor = await requireActor(org, path);
  try {
    return { actor, detail: await pipelineDetail(actor, id) };
  } catch (err) {
    if (err instanceof AppError && err.code === 'NOT_FOUND') notFound();
    throw err;
  }
});
