// Comparing resolved property values the way CloudFormation decides whether a resource changed:
// by value, whatever order the template wrote an object's keys in.

export function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`;
  }
  // Parameters arrive as strings: 5432 and "5432" are the same value to CloudFormation.
  return JSON.stringify(typeof value === 'number' || typeof value === 'boolean' ? String(value) : value) ?? 'null';
}

export function sameValue(a: unknown, b: unknown): boolean {
  return stableJson(a) === stableJson(b);
}

/** Top-level property names whose values differ (added, removed or changed). */
export function changedKeys(before: Record<string, unknown> | undefined, after: Record<string, unknown> | undefined): string[] {
  const a = before ?? {};
  const b = after ?? {};
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])];
  return keys.filter((k) => !sameValue(a[k], b[k])).sort();
}
