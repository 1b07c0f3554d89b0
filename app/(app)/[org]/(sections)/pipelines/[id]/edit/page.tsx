// /pipelines/[id]/edit resumes the wizard where the draft was left (the step saved with it).
import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { loadPipeline } from '../load-pipeline';

type Params = Promise<{ org: string; id: string }>;

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const { org, id } = await params;
  return { title: `Edit ${(await loadPipeline(org, id, `/pipelines/${id}/edit`)).detail.name}` };
}

export default async function EditPipelinePage({ params }: { params: Params }) {
  const { org, id } = await params;
  const { detail } = await loadPipeline(org, id, `/pipelines/${id}/edit`);
  redirect(`/${org}/pipelines/${encodeURIComponent(id)}/edit/${detail.draft.step}`);
}
