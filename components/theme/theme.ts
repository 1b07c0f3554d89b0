// The colour theme preference, kept in a cookie so the server can render the right class on
// <html> (no inline script, no flash). "system" defers to prefers-color-scheme in CSS.
export const THEME_COOKIE = 'theme';
export const THEMES = ['light', 'dark', 'system'] as const;
export type Theme = (typeof THEMES)[number];

export function parseTheme(value: string | undefined): Theme {
  return (THEMES as readonly string[]).includes(value ?? '') ? (value as Theme) : 'system';
}
