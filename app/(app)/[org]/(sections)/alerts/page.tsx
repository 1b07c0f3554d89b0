import type { Metadata } from 'next';
import { EmptyState } from '@/components/ui/empty-state';
import { BellIcon } from '@/components/ui/icons';
import { PageHeader } from '@/components/ui/page-header';
import { NextSteps } from '@/components/shell/next-steps';
import { requireActor } from '../../require-actor';

export const metadata: Metadata = { title: 'Alerts' };

export default async function AlertsPage({ params }: { params: Promise<{ org: string }> }) {
  const actor = await requireActor((await params).org, '/alerts');
  return (
    <>
      <PageHeader title="Alerts" description="Rules that tell your team when a pipeline needs attention." />
      <EmptyState title="No alert rules yet" icon={<BellIcon />} actions={<NextSteps actor={actor} />}>
        <p>
          Alert rules such as “a run failed”, “CPU above 80% for 10 minutes” or “no fresh data for 6 hours” will be listed here.
          They notify a Slack-compatible webhook or email, and keep a history you can acknowledge.
        </p>
        <p>Rules apply to pipelines, and there are none in {actor.orgName} yet.</p>
      </EmptyState>
    </>
  );
}
