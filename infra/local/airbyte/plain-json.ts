// The stand-in's state as plain JSON and back, driven by its types: Maps (a connection's cursors
// and generations) become `{ $map: [key, value][] }`, everything else stays as it is. Keys that
// already start with `$` — a connector configuration is the user's JSON and may hold any key —
// gain one more `$`, so no user object can pass for a Map on the way back.

/** `T` as JSON holds it. */
export type Plain<T> =
  T extends Map<infer K, infer V>
    ? { $map: [Plain<K>, Plain<V>][] }
    : T extends readonly (infer U)[]
      ? Plain<U>[]
      : T extends object
        ? { [P in keyof T]: Plain<T[P]> }
        : T;

const MAP_TAG = '$map';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function encode(value: unknown): unknown {
  if (value instanceof Map) return { [MAP_TAG]: [...value.entries()].map(([k, v]) => [encode(k), encode(v)]) };
  if (Array.isArray(value)) return value.map(encode);
  if (!isRecord(value)) return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k.startsWith('$') ? `$${k}` : k, encode(v)]));
}

function decode(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(decode);
  if (!isRecord(value)) return value;
  const entries = value[MAP_TAG];
  if (Array.isArray(entries) && Object.keys(value).length === 1) {
    return new Map(entries.map((pair) => (Array.isArray(pair) ? [decode(pair[0]), decode(pair[1])] : [undefined, undefined])));
  }
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k.startsWith('$') ? k.slice(1) : k, decode(v)]));
}

export function toPlain<T>(value: T): Plain<T> {
  return encode(value) as Plain<T>;
}

export function fromPlain<T>(value: Plain<T>): T {
  return decode(value) as T;
}
