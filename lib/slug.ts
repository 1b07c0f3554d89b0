// URL slugs for organizations: lower-case ASCII words joined by dashes. An organization's pages
// live at /<slug>/…, so a slug must never shadow a top-level route of the app.
export const RESERVED_SLUGS = new Set(['api', 'setup', 'sign-in', 'sign-out', 'sign-up', 'invite', 'settings', 'admin', 'new', 'org']);

export function slugify(name: string): string {
  const base = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 48);
  if (!base) return 'my-org';
  return RESERVED_SLUGS.has(base) ? `${base}-team` : base;
}
