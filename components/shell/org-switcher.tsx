// The current organization's name; a switcher (a popover of links, no JavaScript) when the
// person belongs to more than one.
import Link from 'next/link';

export interface OrgLink {
  slug: string;
  name: string;
}

export function OrgSwitcher({ current, organizations }: { current: OrgLink; organizations: OrgLink[] }) {
  if (organizations.length < 2) {
    return <span className="truncate text-sm font-medium">{current.name}</span>;
  }
  return (
    <>
      <button
        type="button"
        popoverTarget="org-switcher"
        className="flex min-h-9 max-w-[50vw] items-center gap-1 rounded-md px-2 text-sm font-medium hover:bg-sunken"
      >
        <span className="truncate">{current.name}</span>
        <span className="sr-only">, switch organization</span>
        <Chevron />
      </button>
      <div
        id="org-switcher"
        popover="auto"
        className="fixed top-14 right-auto bottom-auto left-4 m-0 w-72 rounded-lg border border-line bg-surface p-2 text-fg shadow-lg"
      >
        <p className="px-2 py-1 text-xs font-medium text-muted">Your organizations</p>
        <ul>
          {organizations.map((o) => (
            <li key={o.slug}>
              <Link
                href={`/${o.slug}/pipelines`}
                aria-current={o.slug === current.slug ? 'page' : undefined}
                className="flex min-h-9 items-center justify-between rounded-md px-2 text-sm text-fg no-underline hover:bg-sunken aria-[current=page]:font-semibold"
              >
                <span className="truncate">{o.name}</span>
                {o.slug === current.slug && <span className="text-xs text-muted">Current</span>}
              </Link>
            </li>
          ))}
        </ul>
      </div>
    </>
  );
}

export function Chevron() {
  return (
    <svg className="size-4 shrink-0 text-muted" viewBox="0 0 20 20" fill="currentColor" aria-hidden="true">
      <path d="M5.3 7.3a1 1 0 0 1 1.4 0L10 10.6l3.3-3.3a1 1 0 1 1 1.4 1.4l-4 4a1 1 0 0 1-1.4 0l-4-4a1 1 0 0 1 0-1.4Z" />
    </svg>
  );
}
