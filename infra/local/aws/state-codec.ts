// The AWS stand-in's state as plain JSON and back, whatever its shape: stacks, templates, journals
// and registries hold Maps and Sets, which become tagged objects (`{"$map": [[key, value], …]}`,
// `{"$set": […]}`). A plain object that happens to look like a tag (a template is the user's JSON)
// is wrapped as `{"$object": {…}}`, so every value survives the round trip unchanged. Undefined
// fields are left out, as JSON.stringify leaves them out.

export type StateJson = null | boolean | number | string | StateJson[] | { [key: string]: StateJson };

const MAP = '$map';
const SET = '$set';
const OBJECT = '$object';

function looksTagged(value: object): boolean {
  const keys = Object.keys(value);
  return keys.length === 1 && (keys[0] === MAP || keys[0] === SET || keys[0] === OBJECT);
}

export function encodeState(value: unknown): StateJson {
  if (value instanceof Map) return { [MAP]: [...value].map(([k, v]) => [encodeState(k), encodeState(v)]) };
  if (value instanceof Set) return { [SET]: [...value].map(encodeState) };
  if (Array.isArray(value)) return value.map((item) => (item === undefined ? null : encodeState(item)));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, StateJson> = {};
    for (const [key, item] of Object.entries(value)) if (item !== undefined) out[key] = encodeState(item);
    return looksTagged(out) ? { [OBJECT]: out } : out;
  }
  if (typeof value === 'number' && !Number.isFinite(value)) return null;
  if (value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  throw new TypeError(`cannot keep a ${typeof value} in a state file`);
}

function decodeObject(value: object): Record<string, unknown> {
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, decodeValue(item)]));
}

function decodeValue(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(decodeValue);
  if (value === null || typeof value !== 'object') return value;
  if (!looksTagged(value)) return decodeObject(value);
  const [[tag, inner]] = Object.entries(value) as [[string, unknown]];
  if (tag === OBJECT && inner !== null && typeof inner === 'object') return decodeObject(inner);
  if (!Array.isArray(inner)) throw new TypeError(`${tag} holds ${typeof inner}, not a list`);
  if (tag === SET) return new Set(inner.map(decodeValue));
  return new Map(
    inner.map((entry: unknown) => {
      if (!Array.isArray(entry) || entry.length !== 2) throw new TypeError(`${MAP} entries are [key, value] pairs`);
      return [decodeValue(entry[0]), decodeValue(entry[1])];
    }),
  );
}

/**
 * The value `encodeState` was given. The caller names the type it saved; nothing checks it beyond
 * the tags, so a file from an incompatible version must be refused before (a version field).
 */
export function decodeState<T>(json: unknown): T {
  return decodeValue(json) as T;
}
