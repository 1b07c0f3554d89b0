// Reads and checks a request body against the official request schema kept in
// contract.generated.json, answering mistakes as dbt Cloud (Django REST framework) does: 400 with
// per-field messages, 415 for a media type it does not parse. JSON and form bodies are accepted,
// as the document lists both; form values are coerced to the schema's types as DRF does.
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { BadJson, type StandInRequest, type StandInResponse } from '../core/stand-in-server';
import contract from './contract.generated.json';
import { failure, invalid, type FieldErrors } from './envelope';

function compiler(coerceTypes: boolean) {
  const ajv = new Ajv({ strict: false, allErrors: true, coerceTypes: coerceTypes ? 'array' : false });
  addFormats(ajv);
  ajv.addSchema({ components: { schemas: contract.schemas } }, 'dbt-cloud');
  const cache = new Map<string, ValidateFunction>();
  return (name: string): ValidateFunction => {
    let fn = cache.get(name);
    if (!fn) {
      fn = ajv.compile({ $ref: `dbt-cloud#/components/schemas/${name}` });
      cache.set(name, fn);
    }
    return fn;
  };
}

const forJson = compiler(false);
const forForm = compiler(true);

function kindOf(value: unknown): string {
  if (Array.isArray(value)) return 'list';
  if (value === null) return 'NoneType';
  return ({ string: 'str', number: 'int', boolean: 'bool', object: 'dict' } as Record<string, string>)[typeof value] ?? typeof value;
}

function message(error: ErrorObject, value: unknown): string {
  switch (error.keyword) {
    case 'required':
      return 'This field is required.';
    case 'minLength':
      return 'This field may not be blank.';
    case 'enum':
      return `"${String(value)}" is not a valid choice.`;
    case 'type': {
      const type = String((error.params as { type: string }).type);
      if (value === null) return 'This field may not be null.';
      if (type === 'integer') return 'A valid integer is required.';
      if (type === 'boolean') return 'Must be a valid boolean.';
      if (type === 'string') return 'Not a valid string.';
      if (type === 'array') return `Expected a list of items but got type "${kindOf(value)}".`;
      return `Invalid data. Expected a dictionary, but got ${kindOf(value)}.`;
    }
    default:
      return error.message ?? 'Invalid value.';
  }
}

function valueAt(body: unknown, segments: string[]): unknown {
  let current = body;
  for (const s of segments) current = current && typeof current === 'object' ? (current as Record<string, unknown>)[s] : undefined;
  return current;
}

/** Ajv's errors folded into DRF's nested `{field: [messages]}` shape. */
export function fieldErrors(errors: ErrorObject[], body: unknown): FieldErrors {
  const out: FieldErrors = {};
  for (const error of errors) {
    const segments = error.instancePath.split('/').slice(1).map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
    if (error.keyword === 'required') segments.push(String((error.params as { missingProperty: string }).missingProperty));
    const text = message(error, valueAt(body, segments));
    if (segments.length === 0) segments.push('non_field_errors');
    let node: FieldErrors = out;
    segments.slice(0, -1).forEach((s) => {
      const next = node[s];
      node = next && !Array.isArray(next) ? next : (node[s] = {});
    });
    const leaf = segments[segments.length - 1] as string;
    const list = Array.isArray(node[leaf]) ? (node[leaf] as string[]) : (node[leaf] = []);
    if (!list.includes(text)) list.push(text);
  }
  return out;
}

export type BodyResult<T> = { ok: true; body: T } | { ok: false; response: StandInResponse };

/** The request body checked against the named schema of the official document. */
export function readBody<T>(request: StandInRequest, schemaName: string): BodyResult<T> {
  const type = String(request.headers['content-type'] ?? 'application/json').split(';')[0]?.trim().toLowerCase() ?? '';
  let body: unknown;
  let validate: ValidateFunction;
  if (type === 'application/json') {
    if (request.body.length === 0) body = {};
    else {
      try {
        body = request.json();
      } catch (error) {
        if (!(error instanceof BadJson)) throw error;
        return { ok: false, response: invalid({}, 'JSON parse error - the request body is not valid JSON') };
      }
    }
    validate = forJson(schemaName);
  } else if (type === 'application/x-www-form-urlencoded') {
    const form = new URLSearchParams(request.text());
    const entries: Record<string, string | string[]> = {};
    for (const key of new Set(form.keys())) {
      const all = form.getAll(key);
      entries[key] = all.length > 1 ? all : (all[0] ?? '');
    }
    body = entries;
    validate = forForm(schemaName);
  } else {
    return { ok: false, response: failure(415, `Unsupported media type "${type}" in request.`) };
  }
  if (!validate(body)) return { ok: false, response: invalid(fieldErrors(validate.errors ?? [], body)) };
  return { ok: true, body: body as T };
}
