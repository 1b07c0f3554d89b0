import type { Metadata } from 'next';
import { EmptyState } from '@/components/ui/empty-state';
import { MonitorIcon } from '@/components/ui/icons';
import { PageHeader } from '@/components/ui/page-header';
import { NextSteps } from '@/components/shell/next-steps';
import { requireActor } from '../../require-actor';

export const metadata: Metadata = { title: 'Monitor' };

export default async function MonitorPage({ params }: { params: Promise<{ org: string }> }) {
  const actor = await requireActor((await params).org, '/monitor');
  return (
    <>
      <PageHeader title="Monitor" description="How every deployed pipeline is doing, at a glance." />
      <EmptyState title="Nothing to monitor yet" icon={<MonitorIcon />} actions={<NextSteps actor={actor} />}>
        <p>
          Once a pipeline is deployed, this page charts its throughput per stage, the CPU of its Airbyte instance, how fresh its
          data is, and its failures, and offers a read-only wall-screen display for the office.
        </p>
      </EmptyState>
    </>
  );
}
