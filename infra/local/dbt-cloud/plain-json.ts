// Records as plain JSON and back, by one rule driven by the values themselves: a Map becomes
// `{ "$map": [[key, value], …] }` at any depth, so a record type can gain fields (or Maps)
// without a change to any serialiser. A key of a plain object that begins with `$` (a client may
// send any key inside a job's free-form settings) gets one more `$` on the way out and loses it
// on the way back, so no object a client sent can ever be read back as a Map.

/** `T` as plain JSON: Maps become tagged lists of entries, at any depth. */
export type Persisted<T> =
  T extends Map<infer K, infer V>
    ? { $map: Array<[K, Persisted<V>]> }
    : T extends Array<infer E>
      ? Array<Persisted<E>>
      : T extends object
        ? { [P in keyof T]: Persisted<T[P]> }
        : T;

const TAG = '$map';

export function encode<T>(value: T): Persisted<T> {
  const walk = (v: unknown): unknown => {
    if (v instanceof Map) return { [TAG]: [...v].map(([k, e]) => [k, walk(e)]) };
    if (Array.isArray(v)) return v.map(walk);
    if (v === null || typeof v !== 'object') return v;
    return Object.fromEntries(Object.entries(v).map(([k, e]) => [k.startsWith('$') ? `$${k}` : k, walk(e)]));
  };
  return walk(value) as Persisted<T>;
}

export function decode<T>(value: Persisted<T>): T {
  const walk = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(walk);
    if (v === null || typeof v !== 'object') return v;
    const entries = (v as Record<string, unknown>)[TAG];
    if (Array.isArray(entries)) return new Map(entries.map((e) => [(e as unknown[])[0], walk((e as unknown[])[1])]));
    return Object.fromEntries(Object.entries(v).map(([k, e]) => [k.startsWith('$$') ? k.slice(1) : k, walk(e)]));
  };
  return walk(value) as T;
}
