// Where a draft may hold secrets, and the guarantee that it only ever holds references to them.
// The wizard stores a typed secret as a credential and puts { secret: name } in the draft; a draft
// arriving with a plain value at a secret place (an old client, a hand-made request) loses that
// value before it is stored, so no secret ever lands in the draft's JSON.
import { deleteAt } from '@/lib/pipeline/catalog/config-paths';
import { isConnectorType } from '@/lib/pipeline/catalog/connectors';
import type { JsonObject } from '@/lib/pipeline/catalog/form-model';
import { grouparooSecretPaths, isGrouparooDestinationType } from '@/lib/pipeline/catalog/grouparoo-destinations';
import { isRecord } from '@/lib/pipeline/catalog/schema-nodes';
import { secretPaths } from '@/lib/pipeline/catalog/secrets';
import { formatPath, type SpecPath } from './issues';
import { isSecretRef } from './secret-ref';

/** `sources[1].config.client_secret` → ['sources', 1, 'config', 'client_secret']; undefined when malformed. */
export function parsePath(formatted: string): SpecPath | undefined {
  if (!/^[A-Za-z_][\w]*(?:\.[A-Za-z_][\w-]*|\[\d{1,3}\])*$/.test(formatted)) return undefined;
  const out: SpecPath = [];
  for (const match of formatted.matchAll(/([A-Za-z_][\w-]*)|\[(\d+)\]/g)) out.push(match[2] !== undefined ? Number(match[2]) : match[1]!);
  return out;
}

function typeOf(part: unknown): string {
  return isRecord(part) && typeof part.type === 'string' ? part.type : '';
}

function listOf(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** Secret places of one connector configuration, as dot paths below `config`. */
function configSecrets(kind: 'source' | 'destination' | 'grouparoo', type: string): string[] {
  if (kind === 'grouparoo') return isGrouparooDestinationType(type) ? grouparooSecretPaths(type) : [];
  return isConnectorType(kind, type) ? secretPaths(kind, type) : [];
}

/** Every place in the draft where a secret may go, given the connector types it names. */
export function secretPlaces(draft: Record<string, unknown>): SpecPath[] {
  const places: SpecPath[] = [];
  const add = (at: SpecPath, dotPaths: string[]) => places.push(...dotPaths.map((p) => [...at, ...p.split('.')]));
  if (isRecord(draft.target) && draft.target.kind === 'aws') places.push(['target', 'credentials']);
  add(['warehouse', 'config'], configSecrets('destination', typeOf(draft.warehouse)));
  listOf(draft.sources).forEach((s, i) => add(['sources', i, 'config'], configSecrets('source', typeOf(s))));
  if (isRecord(draft.transformation) && draft.transformation.kind === 'dbt_cloud') places.push(['transformation', 'apiToken']);
  listOf(draft.destinations).forEach((d, i) => add(['destinations', i, 'config'], configSecrets('grouparoo', typeOf(d))));
  return places;
}

export function isSecretPlace(draft: Record<string, unknown>, path: SpecPath): boolean {
  const key = formatPath(path);
  return secretPlaces(draft).some((p) => formatPath(p) === key);
}

/** A value by spec path (list indexes as numbers); undefined when something on the way is missing. */
export function valueAt(root: unknown, path: SpecPath): unknown {
  let node = root;
  for (const segment of path) {
    if (typeof segment === 'number' ? !Array.isArray(node) : !isRecord(node) || !Object.hasOwn(node, segment)) return undefined;
    node = (node as Record<string | number, unknown>)[segment];
  }
  return node;
}

/** Sets a value by spec path, creating objects on the way; false when a list or scalar is in the way. */
export function setValueAt(root: Record<string, unknown>, path: SpecPath, value: unknown): boolean {
  let node: unknown = root;
  for (const [i, segment] of path.entries()) {
    const last = i === path.length - 1;
    if (typeof segment === 'number') {
      if (!Array.isArray(node) || segment >= node.length) return false;
      if (last) node[segment] = value;
      else node = node[segment];
      continue;
    }
    if (!isRecord(node) || ['__proto__', 'prototype', 'constructor'].includes(segment)) return false;
    if (last) node[segment] = value;
    else node = isRecord(node[segment]) || Array.isArray(node[segment]) ? node[segment] : (node[segment] = {});
  }
  return true;
}

/** The draft with every plain value at a secret place removed, and where those were. */
export function stripPlainSecrets<D extends Record<string, unknown>>(draft: D): { draft: D; stripped: string[] } {
  const copy = structuredClone(draft);
  const stripped: string[] = [];
  for (const place of secretPlaces(copy)) {
    const value = valueAt(copy, place);
    if (value === undefined || isSecretRef(value)) continue;
    const parent = valueAt(copy, place.slice(0, -1));
    const key = place.at(-1);
    if (isRecord(parent) && typeof key === 'string') {
      deleteAt(parent as JsonObject, key);
      stripped.push(formatPath(place));
    }
  }
  return { draft: copy, stripped };
}
