// Reading and writing a configuration by a form field's dot path (`credentials.password`).
import type { JsonObject, JsonValue } from './form-model';
import { isRecord } from './schema-nodes';

/** Segments that would reach an object's prototype instead of its own settings. */
const UNSAFE = new Set(['__proto__', 'prototype', 'constructor']);

/** The object holding the path's last segment, created on the way when `create` is set. */
function parentOf(config: JsonObject, segments: string[], create: boolean): JsonObject | undefined {
  if (segments.some((s) => UNSAFE.has(s))) return undefined;
  let node: JsonObject = config;
  for (const segment of segments.slice(0, -1)) {
    const next = Object.hasOwn(node, segment) ? node[segment] : undefined;
    if (isRecord(next)) node = next as JsonObject;
    else if (create && next === undefined) node = node[segment] = {};
    else return undefined;
  }
  return node;
}

export function getAt(config: JsonObject, path: string): JsonValue | undefined {
  const segments = path.split('.');
  const parent = parentOf(config, segments, false);
  const last = segments.at(-1) ?? '';
  return parent && Object.hasOwn(parent, last) ? parent[last] : undefined;
}

/** Sets a value, creating the objects on its path; does nothing if a non-object is in the way. */
export function setAt(config: JsonObject, path: string, value: JsonValue): void {
  const segments = path.split('.');
  const parent = parentOf(config, segments, true);
  if (parent) parent[segments.at(-1) ?? ''] = value;
}

/** Sets a value only where its enclosing object already exists (never creates one). */
export function setInExisting(config: JsonObject, path: string, value: JsonValue): boolean {
  const segments = path.split('.');
  const parent = parentOf(config, segments, false);
  if (!parent) return false;
  parent[segments.at(-1) ?? ''] = value;
  return true;
}

export function deleteAt(config: JsonObject, path: string): void {
  const segments = path.split('.');
  const parent = parentOf(config, segments, false);
  if (parent) delete parent[segments.at(-1) ?? ''];
}
