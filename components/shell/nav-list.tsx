'use client';
// A list of section links that marks the current one with aria-current="page" (plus weight
// and an indicator bar, not colour alone). Client-side only to read the current path.
import Link from 'next/link';
import { usePathname } from 'next/navigation';

export interface NavItem {
  href: string;
  label: string;
}

const STYLES = {
  sidebar: {
    list: 'flex gap-1 overflow-x-auto px-2 py-2 md:flex-col md:px-3 md:py-4',
    link: 'rounded-md border-l-4 px-3',
    active: 'border-primary bg-sunken font-semibold text-fg',
    idle: 'border-transparent text-muted hover:bg-sunken hover:text-fg',
  },
  tabs: {
    list: 'flex gap-4 overflow-x-auto border-b border-line',
    link: '-mb-px border-b-4 px-1',
    active: 'border-primary font-semibold text-fg',
    idle: 'border-transparent text-muted hover:text-fg',
  },
} as const;

export function NavList({ items, variant }: { items: readonly NavItem[]; variant: keyof typeof STYLES }) {
  const pathname = usePathname();
  const style = STYLES[variant];
  return (
    <ul className={style.list}>
      {items.map(({ href, label }) => {
        const active = pathname === href || pathname.startsWith(`${href}/`);
        return (
          <li key={href}>
            <Link
              href={href}
              aria-current={active ? 'page' : undefined}
              className={`flex min-h-9 items-center text-sm whitespace-nowrap no-underline ${style.link} ${active ? style.active : style.idle}`}
            >
              {label}
            </Link>
          </li>
        );
      })}
    </ul>
  );
}
