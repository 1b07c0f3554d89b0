// Names of the wizard's sources and destinations: they name Airbyte sources and connections and
// Grouparoo destinations, so they follow the spec's rule (see sources.ts / destinations.ts, which
// the server checks) and are unique in their list. These are the browser's early answers and the
// defaults the wizard fills in; the server's validation stays the judge.

const NAME = /^[a-z0-9][a-z0-9_-]{0,62}$/;
const MAX_NAME = 63;
const MAX_PREFIX = 30;

/** A connector type as a name: `zendesk-support` stays, `Foo Bar` becomes `foo-bar`. */
export function nameFromType(type: string): string {
  const slug = type
    .toLowerCase()
    .replace(/[^a-z0-9_-]+/g, '-')
    .replace(/^[^a-z0-9]+/, '')
    .slice(0, MAX_NAME);
  return slug === '' ? 'item' : slug;
}

/** `base`, or `base-2`, `base-3`… whichever is not taken (kept within the length limit). */
export function uniqueName(base: string, taken: readonly string[]): string {
  if (!taken.includes(base)) return base;
  for (let n = 2; ; n++) {
    const suffix = `-${n}`;
    const candidate = `${base.slice(0, MAX_NAME - suffix.length)}${suffix}`;
    if (!taken.includes(candidate)) return candidate;
  }
}

/** The table prefix a source starts with: its name with `_` for `-` (prefixes take no `-`), then `_`. */
export function defaultPrefix(name: string): string {
  return `${name.replace(/-/g, '_').slice(0, MAX_PREFIX - 1)}_`;
}

/** What is wrong with a name in its list (`others`: the other entries' names), in the server's words (blank says Required). */
export function nameProblem(name: string, others: readonly string[], noun: 'source' | 'destination'): string | undefined {
  if (name.trim() === '') return 'Required';
  if (!NAME.test(name)) return 'Lower-case letters, digits, "_" or "-", at most 63';
  if (others.includes(name)) return `Another ${noun} is already named "${name}"`;
  return undefined;
}

export function prefixProblem(prefix: string): string | undefined {
  return /^[a-z0-9_]{0,30}$/.test(prefix) ? undefined : 'Lower-case letters, digits or "_", at most 30';
}
