import type { ReactNode } from 'react';
import { can } from '@/lib/authz/actor';
import { NavList } from '@/components/shell/nav-list';
import { PageHeader } from '@/components/ui/page-header';
import { requireActor } from '../../require-actor';

export default async function SettingsLayout({ children, params }: { children: ReactNode; params: Promise<{ org: string }> }) {
  const { org } = await params;
  const actor = await requireActor(org, '/settings');
  const base = `/${org}/settings`;
  const tabs = [
    { href: `${base}/members`, label: 'Members' },
    { href: `${base}/tokens`, label: 'API tokens' },
    ...(can(actor, 'audit:read') ? [{ href: `${base}/audit`, label: 'Audit log' }] : []),
  ];
  return (
    <>
      <PageHeader title="Settings" description={`Who can use ${actor.orgName}, the tokens scripts use, and the record of what happened.`} />
      <nav aria-label="Settings">
        <NavList variant="tabs" items={tabs} />
      </nav>
      <div className="mt-8 space-y-10">{children}</div>
    </>
  );
}
