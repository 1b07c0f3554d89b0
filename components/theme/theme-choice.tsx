'use client';
// Light / dark / system radios for the account menu. Applies the class at once for instant
// feedback, stores the cookie for the server, and refreshes so server and DOM agree.
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { THEME_COOKIE, THEMES, type Theme } from './theme';

const LABELS: Record<Theme, string> = { light: 'Light', dark: 'Dark', system: 'System' };

function applyTheme(next: Theme) {
  const secure = location.protocol === 'https:' ? '; Secure' : '';
  document.cookie = `${THEME_COOKIE}=${next}; Path=/; Max-Age=31536000; SameSite=Lax${secure}`;
  document.documentElement.classList.remove(...THEMES);
  document.documentElement.classList.add(next);
}

export function ThemeChoice({ initial }: { initial: Theme }) {
  const router = useRouter();
  const [theme, setTheme] = useState(initial);

  function choose(next: Theme) {
    setTheme(next);
    applyTheme(next);
    router.refresh();
  }

  return (
    <fieldset>
      <legend className="mb-1 text-sm font-medium">Theme</legend>
      <div className="flex gap-1">
        {THEMES.map((t) => (
          <label
            key={t}
            className="flex min-h-8 cursor-pointer items-center gap-1.5 rounded-md border border-field px-2 text-sm has-checked:border-primary has-checked:bg-sunken has-focus-visible:outline-2 has-focus-visible:outline-offset-2 has-focus-visible:outline-focus"
          >
            <input
              type="radio"
              name="theme"
              value={t}
              checked={theme === t}
              onChange={() => choose(t)}
              className="size-4 accent-primary focus-visible:outline-none"
            />
            {LABELS[t]}
          </label>
        ))}
      </div>
    </fieldset>
  );
}
