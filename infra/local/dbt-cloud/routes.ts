// Maps a request to an operation of the official document, using the path templates kept in
// contract.generated.json (so trailing slashes and parameter names are exactly the spec's), and
// reads its query parameters with the types the document gives them. Django answers a path that
// lacks only its trailing slash with a 301 to the slashed one; a non-integer id matches no route.
import contract from './contract.generated.json';
import type { FieldErrors } from './envelope';

type Schema = { type?: string; items?: Schema; oneOf?: Schema[]; enum?: unknown[] };

interface Operation {
  operationId: string;
  method: string;
  path: string;
  pathParams: Record<string, Schema>;
  query: Record<string, Schema>;
  requestSchema?: string;
}

export const OPERATIONS = contract.operations as unknown as Operation[];

interface CompiledRoute {
  operation: Operation;
  pattern: RegExp;
  names: string[];
}

const ROUTES: CompiledRoute[] = OPERATIONS.map((operation) => {
  const names: string[] = [];
  const source = operation.path.replace(/\{([^}]+)\}/g, (_all, name: string) => {
    names.push(name);
    // `{remainder}` is an artifact path, which may have folders (`compiled/…/x.sql`).
    if (name === 'remainder') return '(.+)';
    return operation.pathParams[name]?.type === 'integer' ? '(\\d{1,18})' : '([^/]+)';
  });
  return { operation, pattern: new RegExp(`^${source}$`), names };
});

export type Routed =
  | { kind: 'operation'; operation: Operation; params: Record<string, string> }
  | { kind: 'method-not-allowed'; allowed: string[] }
  | { kind: 'redirect'; location: string }
  | { kind: 'unknown' };

function matching(path: string): Array<{ route: CompiledRoute; params: Record<string, string> }> {
  const found = [];
  for (const route of ROUTES) {
    const match = route.pattern.exec(path);
    if (!match) continue;
    const params: Record<string, string> = {};
    route.names.forEach((name, i) => {
      params[name] = decodeURIComponent(match[i + 1] ?? '');
    });
    found.push({ route, params });
  }
  return found;
}

export function route(method: string, path: string, search: string): Routed {
  const candidates = matching(path);
  const hit = candidates.find((c) => c.route.operation.method === method);
  if (hit) return { kind: 'operation', operation: hit.route.operation, params: hit.params };
  if (candidates.length > 0) return { kind: 'method-not-allowed', allowed: candidates.map((c) => c.route.operation.method) };
  if (!path.endsWith('/') && matching(`${path}/`).length > 0) return { kind: 'redirect', location: `${path}/${search}` };
  return { kind: 'unknown' };
}

export type QueryValue = number | boolean | string | number[] | string[];

const TRUE = new Set(['true', 'True', '1']);
const FALSE = new Set(['false', 'False', '0']);

function values(query: URLSearchParams, name: string): string[] {
  // Lists arrive as repeated parameters or comma-separated, sometimes in JSON-ish brackets.
  return query
    .getAll(name)
    .flatMap((v) => v.replace(/^\[|\]$/g, '').split(','))
    .map((v) => v.trim().replace(/^["']|["']$/g, ''))
    .filter((v) => v !== '');
}

function scalar(raw: string, schema: Schema): { value?: number | boolean | string; error?: string } {
  if (schema.oneOf) {
    for (const option of schema.oneOf) {
      const parsed = scalar(raw, option);
      if (parsed.error === undefined) return parsed;
    }
    return { error: `Select a valid choice. ${raw} is not one of the available choices.` };
  }
  if (schema.type === 'integer') return /^-?\d{1,18}$/.test(raw) ? { value: Number(raw) } : { error: 'Enter a whole number.' };
  if (schema.type === 'boolean') {
    if (TRUE.has(raw)) return { value: true };
    if (FALSE.has(raw)) return { value: false };
    return { error: 'Enter a valid boolean.' };
  }
  if (schema.enum && !schema.enum.includes(raw)) return { error: `Select a valid choice. ${raw} is not one of the available choices.` };
  return { value: raw };
}

/** The operation's query parameters, typed; unknown ones are ignored as Django filters ignore them. */
export function readQuery(operation: Operation, query: URLSearchParams): { values: Record<string, QueryValue>; errors?: FieldErrors } {
  const out: Record<string, QueryValue> = {};
  const errors: FieldErrors = {};
  for (const [name, schema] of Object.entries(operation.query)) {
    if (!query.has(name)) continue;
    if (schema.type === 'array') {
      const parsed = values(query, name).map((raw) => scalar(raw, schema.items ?? {}));
      const bad = parsed.find((p) => p.error !== undefined);
      if (bad?.error) errors[name] = [bad.error];
      else out[name] = parsed.map((p) => p.value) as number[] | string[];
      continue;
    }
    const raw = query.get(name) ?? '';
    if (name === 'include_related') {
      out[name] = values(query, name).join(',');
      continue;
    }
    const parsed = scalar(raw, schema);
    if (parsed.error) errors[name] = [parsed.error];
    else if (parsed.value !== undefined) out[name] = parsed.value;
  }
  return Object.keys(errors).length > 0 ? { values: out, errors } : { values: out };
}

/** `include_related` as a set of names. */
export function related(values: Record<string, QueryValue>): Set<string> {
  const raw = values.include_related;
  return new Set(typeof raw === 'string' && raw ? raw.split(',') : []);
}
