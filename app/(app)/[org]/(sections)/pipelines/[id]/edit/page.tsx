// /pipelines/[id]/edit resumes the wizard where the draft was left (the step saved with it).
import { notFound, redirect } from 'next/navigation';
import { pipelineDetail } from '@/lib/dal/pipelines/read';
import { AppError } from '@/lib/errors';
import { requireActor } from '../../../../require-actor';

export default async function EditPipelinePage({ params }: { params: Promise<{ org: string; id: string }> }) {
  const { org, id } = await params;
  const actor = await requireActor(org, `/pipelines/${id}/edit`);
  let step;
  try {
    step = (await pipelineDetail(actor, id)).draft.step;
  } catch (err) {
    if (err instanceof AppError && err.code === 'NOT_FOUND') notFound();
    throw err;
  }
  redirect(`/${org}/pipelines/${encodeURIComponent(id)}/edit/${step}`);
}
