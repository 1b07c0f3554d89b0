// The signed-in frame: skip link, top bar (organization, account menu), main navigation and
// the main landmark that the skip link and error recovery focus.
import Link from 'next/link';
import type { ReactNode } from 'react';
import type { Actor } from '@/lib/authz/actor';
import type { Theme } from '@/components/theme/theme';
import { LogoMark } from './logo';
import { NavList } from './nav-list';
import { OrgSwitcher, type OrgLink } from './org-switcher';
import { UserMenu } from './user-menu';

const SECTIONS = [
  ['pipelines', 'Pipelines'],
  ['runs', 'Runs'],
  ['monitor', 'Monitor'],
  ['alerts', 'Alerts'],
  ['settings', 'Settings'],
] as const;

interface AppShellProps {
  actor: Actor;
  organizations: OrgLink[];
  theme: Theme;
  children: ReactNode;
}

export function AppShell({ actor, organizations, theme, children }: AppShellProps) {
  return (
    <div className="flex min-h-dvh flex-col">
      <a
        href="#main"
        className="sr-only z-50 rounded-md bg-primary px-4 py-2 text-on-primary focus:not-sr-only focus:fixed focus:top-2 focus:left-2"
      >
        Skip to main content
      </a>
      <header className="border-b border-line bg-surface">
        <div className="flex h-14 items-center gap-3 px-4">
          <Link href={`/${actor.orgSlug}/pipelines`} className="flex min-h-9 items-center gap-2 font-semibold text-fg no-underline">
            <LogoMark />
            <span className="hidden sm:inline">Tapestry</span>
            <span className="sr-only sm:hidden">Tapestry home</span>
          </Link>
          <span aria-hidden="true" className="text-muted">
            /
          </span>
          <OrgSwitcher current={{ slug: actor.orgSlug, name: actor.orgName }} organizations={organizations} />
          <div className="ml-auto">
            <UserMenu name={actor.name} email={actor.email} role={actor.role} orgName={actor.orgName} theme={theme} />
          </div>
        </div>
      </header>
      <div className="flex flex-1 flex-col md:flex-row">
        <nav aria-label="Main" className="border-b border-line bg-surface md:w-52 md:shrink-0 md:border-r md:border-b-0">
          <NavList
            variant="sidebar"
            items={SECTIONS.map(([path, label]) => ({ href: `/${actor.orgSlug}/${path}`, label }))}
          />
        </nav>
        <main id="main" tabIndex={-1} className="min-w-0 flex-1 px-4 py-6 outline-none sm:px-8 sm:py-8">
          <div className="mx-auto max-w-6xl">{children}</div>
        </main>
      </div>
    </div>
  );
}
