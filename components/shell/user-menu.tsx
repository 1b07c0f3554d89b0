// The account menu: who is signed in, their role here, the theme, and sign-out. A native
// popover: Esc and clicking outside close it and focus returns to the button, without JS.
import type { Role } from '@/lib/generated/prisma/enums';
import { SignOutButton } from '@/components/auth/sign-out-button';
import { ThemeChoice } from '@/components/theme/theme-choice';
import type { Theme } from '@/components/theme/theme';
import { RoleBadge } from '@/components/ui/role-badge';
import { Chevron } from './org-switcher';

interface UserMenuProps {
  name: string;
  email: string;
  role: Role;
  orgName: string;
  theme: Theme;
}

function initials(name: string): string {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  return ((parts[0]?.[0] ?? '?') + (parts.length > 1 ? (parts.at(-1)?.[0] ?? '') : '')).toUpperCase();
}

export function UserMenu({ name, email, role, orgName, theme }: UserMenuProps) {
  return (
    <>
      <button
        type="button"
        popoverTarget="account-menu"
        aria-label="Account menu"
        className="flex min-h-9 items-center gap-1 rounded-full p-0.5 pr-1.5 hover:bg-sunken"
      >
        {/* Initials as generated content: decoration that stays out of the accessible name. */}
        <span
          aria-hidden="true"
          data-initials={initials(name)}
          className="flex size-8 items-center justify-center rounded-full bg-primary text-xs font-semibold text-on-primary before:content-[attr(data-initials)]"
        />
        <Chevron />
      </button>
      <div
        id="account-menu"
        popover="auto"
        className="fixed top-14 right-4 bottom-auto left-auto m-0 w-72 rounded-lg border border-line bg-surface p-4 text-fg shadow-lg"
      >
        <p className="font-medium break-words">{name}</p>
        <p className="text-sm break-all text-muted">{email}</p>
        <p className="mt-2 flex items-center gap-2 text-sm text-muted">
          <span>Role in {orgName}:</span>
          <RoleBadge role={role} />
        </p>
        <hr className="my-4 border-line" />
        <ThemeChoice initial={theme} />
        <hr className="my-4 border-line" />
        <SignOutButton />
      </div>
    </>
  );
}
