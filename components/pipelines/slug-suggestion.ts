// The slug the name form suggests as the user types a name: lower-case ASCII words joined by
// single dashes, as SLUG_PATTERN wants (the server checks it again; this is only a suggestion).
const MAX_SLUG = 63;

export function suggestSlug(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    // "Zoë's" reads as one word.
    .replace(/['’]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .slice(0, MAX_SLUG)
    .replace(/^-+|-+$/g, '');
}
