import type { ReactNode } from 'react';
import { cookies } from 'next/headers';
import { myMemberships } from '@/lib/auth/current-actor';
import { AppShell } from '@/components/shell/app-shell';
import { parseTheme, THEME_COOKIE } from '@/components/theme/theme';
import { requireActor } from './require-actor';

export default async function OrgLayout({ children, params }: { children: ReactNode; params: Promise<{ org: string }> }) {
  const { org } = await params;
  const actor = await requireActor(org);
  const [orgs, jar] = await Promise.all([myMemberships(), cookies()]);
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
