// How every stand-in's state becomes the JSON of its state file (state-file.ts) and back: superjson,
// a maintained codec, instead of one hand-written codec per stand-in. It keeps each value's type in
// `meta` beside the data (Maps with any keys, Sets, Dates, undefined, BigInt, NaN and ±Infinity
// come back as they were), so no user object, whatever keys it has, can read back as anything else.
//
// Two gaps of superjson are closed here, on a private instance (the global one stays untouched):
// - it refuses to save an object with a `__proto__`, `constructor` or `prototype` key, and such
//   keys arrive in the user's JSON (a connector configuration, a template, a job's settings); those
//   objects travel as their list of entries, so a save never fails because of what a client sent;
// - it keeps a class instance, function or symbol as is, and JSON.stringify then loses it (a Map
//   inside a class instance becomes `{}`); those are refused, so a snapshot that would not come
//   back fails when it is taken rather than when the sandbox restarts.
import { existsSync, renameSync } from 'node:fs';
import { SuperJSON, type SuperJSONResult } from 'superjson';
import type { StateFile } from './state-file';

declare const holds: unique symbol;

/** What a state file keeps: superjson's `{ json, meta }`, marked (for the compiler only) with the type it holds. */
export type Snapshot<T> = SuperJSONResult & { readonly [holds]?: T };

/** A saved value this version cannot decode; the stand-in starts empty and keeps the file aside. */
export class UnreadableSnapshot extends Error {
  override name = 'UnreadableSnapshot';
}

type Json = SuperJSONResult['json'];

const codec = new SuperJSON();

const RESERVED_KEYS = ['__proto__', 'constructor', 'prototype'];

function isPlainRecord(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

codec.registerCustom<Record<string, unknown>, Json>(
  {
    isApplicable: (value): value is Record<string, unknown> => isPlainRecord(value) && RESERVED_KEYS.some((key) => Object.hasOwn(value, key)),
    // The entries are walked further by superjson, so Maps and Dates inside still come back.
    serialize: (value) => Object.entries(value) as Json,
    // Object.fromEntries defines own properties: a `__proto__` entry stays a key, never a prototype.
    deserialize: (entries) => Object.fromEntries(entries as [string, unknown][]),
  },
  'object-with-reserved-keys',
);

/** Types superjson itself turns into JSON and back (Error keeps its name and message). */
const KNOWN_CLASSES = [Map, Set, Date, RegExp, Error, URL];

function cannotKeep(value: unknown): boolean {
  if (typeof value === 'function' || typeof value === 'symbol') return true;
  if (typeof value !== 'object' || value === null || Array.isArray(value) || ArrayBuffer.isView(value) || isPlainRecord(value)) return false;
  return !KNOWN_CLASSES.some((known) => value instanceof known);
}

codec.registerCustom<unknown, null>(
  {
    isApplicable: (value): value is unknown => cannotKeep(value),
    serialize: (value) => {
      const kind = typeof value === 'object' && value !== null ? (value.constructor as { name?: string } | undefined)?.name : typeof value;
      throw new TypeError(`cannot keep a ${kind ?? 'value'} in a state file: it would not come back`);
    },
    deserialize: () => {
      throw new UnreadableSnapshot('a state file holds a value no state is saved as');
    },
  },
  'refused',
);

export function encodeSnapshot<T>(value: T): Snapshot<T> {
  return codec.serialize(value);
}

function isSuperJsonResult(saved: unknown): saved is SuperJSONResult {
  if (!isPlainRecord(saved) || !('json' in saved)) return false;
  const { meta } = saved;
  if (meta === undefined) return true;
  if (!isPlainRecord(meta)) return false;
  const treeOk = (tree: unknown) => tree === undefined || Array.isArray(tree) || isPlainRecord(tree);
  return treeOk(meta.values) && treeOk(meta.referentialEqualities) && (meta.v === undefined || typeof meta.v === 'number');
}

/**
 * The value `encodeSnapshot` was given. Throws `UnreadableSnapshot` for anything that is not such a
 * snapshot (another format, a hand edit); beyond the shape, the caller's restore is what checks
 * that the value fits the type it names.
 */
export function decodeSnapshot<T>(saved: Snapshot<T>): T {
  if (!isSuperJsonResult(saved)) throw new UnreadableSnapshot('the saved state is not a { json, meta } snapshot');
  try {
    return codec.deserialize<T>(saved);
  } catch (error) {
    if (error instanceof UnreadableSnapshot) throw error;
    throw new UnreadableSnapshot(`the saved state does not decode: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** Moves a state file this version cannot use out of the way, so the next save does not overwrite it. */
export function setAside(file: string): void {
  renameSync(file, `${file}.unreadable`);
}

/**
 * The state a stand-in's file holds, or undefined to start empty (first start, or a file this
 * version cannot read). The loader gives nothing back for a file of another format but leaves it
 * where it is, and a snapshot may not decode: either is set aside rather than overwritten.
 */
export function loadSnapshot<T>(
  file: string,
  store: StateFile<Snapshot<T>>,
  /** Whether a decoded value has the shape this version saves (a file from elsewhere may not). */
  fits: (value: unknown) => boolean = () => true,
): T | undefined {
  const saved = store.load();
  if (saved === undefined) {
    if (existsSync(file)) setAside(file);
    return undefined;
  }
  try {
    const value = decodeSnapshot(saved);
    if (fits(value)) return value;
  } catch (error) {
    if (!(error instanceof UnreadableSnapshot)) throw error;
  }
  setAside(file);
  return undefined;
}
