import type { ReactNode } from 'react';
import { cookies } from 'next/headers';
import { listMyOrganizations } from '@/lib/dal/team';
import { AppShell } from '@/components/shell/app-shell';
import { parseTheme, THEME_COOKIE } from '@/components/theme/theme';
import { requireActor } from './require-actor';

export default async function OrgLayout({ children, params }: { children: ReactNode; params: Promise<{ org: string }> }) {
  const { org } = await params;
  const actor = await requireActor(org);
  const [orgs, jar] = await Promise.all([listMyOrganizations(actor.userId), cookies()]);
  return (
    <AppShell
      actor={actor}
      organizations={orgs.map((m) => ({ slug: m.org.slug, name: m.org.name }))}
      theme={parseTheme(jar.get(THEME_COOKIE)?.value)}
    >
      {children}
    </AppShell>
  );
}
