// Reading a draft part the wizard was handed: drafts hold whatever was typed or imported, so a step
// editor never trusts their shape. Client-safe (no zod): plain checks that fall back to empty.
import type { JsonObject, JsonValue } from '@/lib/pipeline/catalog/form-model';
import { isRecord } from '@/lib/pipeline/catalog/schema-nodes';

export function recordOf(value: unknown): JsonObject {
  return isRecord(value) ? (value as JsonObject) : {};
}

export function listOf(value: unknown): JsonValue[] {
  return Array.isArray(value) ? (value as JsonValue[]) : [];
}

/** The list's objects; anything else in it (a stray string) reads as an empty object. */
export function recordsOf(value: unknown): JsonObject[] {
  return listOf(value).map(recordOf);
}

export function textOf(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

/** Deep equality of JSON values, key order ignored (PostgreSQL's jsonb does not keep it). */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((item, i) => jsonEqual(item, b[i]));
  }
  if (!isRecord(a) || !isRecord(b)) return false;
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((key) => Object.hasOwn(b, key) && jsonEqual(a[key], b[key]));
}
