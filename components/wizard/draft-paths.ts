// Finding-path arithmetic for the wizard, in the spec's own path syntax (`sources[1].config.x`):
// writing a value at such a path without mutating the draft React holds, listing which paths an
// edit changed, and deciding which of the server's findings a person has reached yet.
export type PathSegment = string | number;

const UNSAFE = new Set(['__proto__', 'prototype', 'constructor']);

/** `sources[1].config.client_secret` → ['sources', 1, 'config', 'client_secret']; undefined when malformed. */
export function parseSpecPath(path: string): PathSegment[] | undefined {
  if (!/^[A-Za-z_]\w*(?:\.[A-Za-z_][\w-]*|\[\d{1,3}\])*$/.test(path)) return undefined;
  return [...path.matchAll(/([A-Za-z_][\w-]*)|\[(\d+)\]/g)].map((m) => (m[2] !== undefined ? Number(m[2]) : (m[1] ?? '')));
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const FAIL = Symbol('no such place');

/**
 * A copy of `root` with `value` at `path`, copying only the containers on the way (objects are
 * created where missing); undefined when a list index is out of range or a scalar is in the way.
 */
export function withValueAt<T extends Record<string, unknown>>(root: T, path: readonly PathSegment[], value: unknown): T | undefined {
  const put = (node: unknown, at: number): unknown => {
    const segment = path[at];
    if (segment === undefined) return value;
    if (typeof segment === 'number') {
      if (!Array.isArray(node) || segment >= node.length) return FAIL;
      const child = put(node[segment], at + 1);
      return child === FAIL ? FAIL : node.map((item, i) => (i === segment ? child : item));
    }
    const container = node === undefined ? {} : isObject(node) ? node : undefined;
    if (!container || UNSAFE.has(segment)) return FAIL;
    const child = put(Object.hasOwn(container, segment) ? container[segment] : undefined, at + 1);
    return child === FAIL ? FAIL : { ...container, [segment]: child };
  };
  const result = put(root, 0);
  return result === FAIL ? undefined : (result as T);
}

function join(prefix: string, key: PathSegment): string {
  return typeof key === 'number' ? `${prefix}[${key}]` : prefix === '' ? key : `${prefix}.${key}`;
}

/** The paths of every value that differs between two drafts (or parts of one, below `prefix`). */
export function changedPaths(before: unknown, after: unknown, prefix = ''): string[] {
  if (Object.is(before, after)) return [];
  if (Array.isArray(before) && Array.isArray(after)) {
    const length = Math.max(before.length, after.length);
    return Array.from({ length }, (_, i) => changedPaths(before[i], after[i], join(prefix, i))).flat();
  }
  if (isObject(before) && isObject(after)) {
    const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
    return [...keys].flatMap((key) => changedPaths(before[key], after[key], join(prefix, key)));
  }
  return [prefix];
}

/** One path lies inside the other (or they are the same). */
export function pathsMeet(a: string, b: string): boolean {
  const inside = (inner: string, outer: string) => inner === outer || inner.startsWith(`${outer}.`) || inner.startsWith(`${outer}[`);
  return inside(a, b) || inside(b, a);
}

/** The findings to show: all of them once the step is revealed, else those at paths already touched. */
export function visibleFindings(findings: Record<string, string>, touched: ReadonlySet<string>, revealed: boolean): Record<string, string> {
  if (revealed) return findings;
  return Object.fromEntries(Object.entries(findings).filter(([path]) => [...touched].some((t) => pathsMeet(path, t))));
}
