// Links within the run history keep the filters in the URL, so every page of it can be
// bookmarked, shared and used without JavaScript.

export const FILTER_KEYS = ['pipeline', 'state', 'trigger', 'from', 'to'] as const;

export type FilterValues = Partial<Record<(typeof FILTER_KEYS)[number], string>>;

/** The filters as the URL has them (first value of each), for the form and the page links. */
export function filterValues(search: Record<string, string | string[] | undefined>): FilterValues {
  return Object.fromEntries(FILTER_KEYS.map((key) => [key, [search[key]].flat()[0] ?? '']).filter(([, v]) => v !== ''));
}

export function runsHref(org: string, values: FilterValues = {}, cursor?: string): string {
  const query = new URLSearchParams();
  for (const key of FILTER_KEYS) {
    const value = values[key];
    if (value) query.set(key, value);
  }
  if (cursor) query.set('cursor', cursor);
  const text = query.toString();
  return `/${org}/runs${text ? `?${text}` : ''}`;
}

/** A run's page. */
export const runHref = (org: string, runId: string) => `/${org}/runs/${runId}`;
