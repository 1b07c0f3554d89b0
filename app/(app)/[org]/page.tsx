// The organization's front page is its pipelines. This page sits outside (sections), whose
// loading.tsx would wrap it in Suspense and turn the redirect into an in-page one (a 200).
import { redirect } from 'next/navigation';

export default async function OrgHome({ params }: { params: Promise<{ org: string }> }) {
  redirect(`/${(await params).org}/pipelines`);
}
