// Checks recorded traffic against an official OpenAPI document with Ajv (the maintained JSON
// Schema validator): finds the operation for a method and path, then validates the request body
// and the response body for its status. OpenAPI 3.1 schemas are JSON Schema 2020-12; 3.0 ones
// are draft-07-like with `nullable`, which Ajv understands. Used by the stand-ins' contract tests.
import { readFileSync } from 'node:fs';
import Ajv, { type ValidateFunction } from 'ajv';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import YAML from 'yaml';

interface Operation {
  operationId: string;
  method: string;
  template: string;
  pattern: RegExp;
}

export interface OpenApiCheck {
  operationId?: string;
  /** Problems found; empty when the exchange conforms. */
  errors: string[];
}

export interface OpenApiValidator {
  operationFor(method: string, path: string): string | undefined;
  checkRequest(method: string, path: string, body: unknown): OpenApiCheck;
  checkResponse(method: string, path: string, status: number, body: unknown): OpenApiCheck;
}

const METHODS = ['get', 'put', 'post', 'delete', 'patch'];

function pointer(...parts: string[]): string {
  return '#/' + parts.map((p) => p.replace(/~/g, '~0').replace(/\//g, '~1')).join('/');
}

/**
 * @param file the OpenAPI document (YAML or JSON)
 * @param basePath the prefix the server mounts the paths under (e.g. `/api/public/v1`), stripped first
 */
export function loadOpenApi(file: string, basePath = ''): OpenApiValidator {
  const doc = YAML.parse(readFileSync(file, 'utf8')) as {
    openapi: string;
    paths: Record<string, Record<string, { operationId?: string; requestBody?: unknown; responses?: Record<string, unknown> }>>;
  };
  const ajv = doc.openapi.startsWith('3.1')
    ? new Ajv2020({ strict: false, allErrors: true, validateFormats: true })
    : new Ajv({ strict: false, allErrors: true, validateFormats: true });
  addFormats(ajv);
  ajv.addSchema(doc as object, 'openapi');

  const operations: Operation[] = [];
  for (const [template, item] of Object.entries(doc.paths)) {
    for (const method of METHODS) {
      const op = item[method];
      if (!op) continue;
      const pattern = new RegExp('^' + template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\\?\{[^}]+\\?\}/g, '[^/]+').replace(/\{[^}]+\}/g, '[^/]+') + '/?$');
      operations.push({ operationId: op.operationId ?? `${method} ${template}`, method, template, pattern });
    }
  }
  // Literal paths win over templated ones (`/sources/initiateOAuth` before `/sources/{sourceId}`).
  operations.sort((a, b) => (a.template.match(/\{/g)?.length ?? 0) - (b.template.match(/\{/g)?.length ?? 0));

  const cache = new Map<string, ValidateFunction | null>();
  function validator(ref: string): ValidateFunction | null {
    if (!cache.has(ref)) {
      let fn: ValidateFunction | null = null;
      try {
        fn = ajv.compile({ $ref: `openapi${ref}` });
      } catch {
        fn = null; // no schema at that place (e.g. an operation without a JSON body)
      }
      cache.set(ref, fn);
    }
    return cache.get(ref) ?? null;
  }

  function find(method: string, path: string): Operation | undefined {
    const local = basePath && path.startsWith(basePath) ? path.slice(basePath.length) || '/' : path;
    return operations.find((o) => o.method === method.toLowerCase() && o.pattern.test(local));
  }

  function run(fn: ValidateFunction | null, body: unknown, what: string): string[] {
    if (!fn) return [`no JSON schema for ${what}`];
    return fn(body) ? [] : (fn.errors ?? []).map((e) => `${what}: ${e.instancePath || '(root)'} ${e.message ?? ''} ${JSON.stringify(e.params)}`);
  }

  return {
    operationFor: (method, path) => find(method, path)?.operationId,
    checkRequest(method, path, body) {
      const op = find(method, path);
      if (!op) return { errors: [`no operation for ${method} ${path}`] };
      const ref = pointer('paths', op.template, op.method, 'requestBody', 'content', 'application/json', 'schema');
      return { operationId: op.operationId, errors: run(validator(ref), body, `${op.operationId} request`) };
    },
    checkResponse(method, path, status, body) {
      const op = find(method, path);
      if (!op) return { errors: [`no operation for ${method} ${path}`] };
      const responses = doc.paths[op.template]?.[op.method]?.responses ?? {};
      const key = String(status) in responses ? String(status) : `${String(status)[0]}XX` in responses ? `${String(status)[0]}XX` : 'default';
      if (!(key in responses)) return { operationId: op.operationId, errors: [`${op.operationId}: status ${status} is not documented`] };
      const ref = pointer('paths', op.template, op.method, 'responses', key, 'content', 'application/json', 'schema');
      return { operationId: op.operationId, errors: run(validator(ref), body, `${op.operationId} ${status} response`) };
    },
  };
}
