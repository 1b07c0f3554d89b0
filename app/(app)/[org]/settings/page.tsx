import { redirect } from 'next/navigation';

export default async function SettingsHome({ params }: { params: Promise<{ org: string }> }) {
  redirect(`/${(await params).org}/settings/members`);
}
