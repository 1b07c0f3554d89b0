// The actor and the run, once per request (the page and its metadata both need them). The page's
// generateMetadata calls it too: metadata resolves before the page streams under the section's
// loading.tsx, so an unknown id, or another organization's run, answers a real 404 status rather
// than a not-found view inside a 200.
import { cache } from 'react';
import { notFound } from 'next/navigation';
import { runDetail } from '@/lib/dal/runs/run-detail';
import { AppError } from '@/lib/errors';
import { requireActor } from '../../../require-actor';

export const loadRun = cache(async (org: string, runId: string) => {
  const actor = await requireActor(org, `/runs/${runId}`);
  try {
    return { actor, run: await runDetail(actor, runId) };
  } catch (err) {
    if (err instanceof AppError && err.code === 'NOT_FOUND') notFound();
    throw err;
  }
});
