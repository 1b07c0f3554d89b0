// Generates infra/local/dbt-cloud/contract.generated.json from the official dbt Cloud API v2
// document (../shared/specs/dbt-cloud-api-v2.yaml), so the stand-in and `npm test` work in a clone
// without ../shared. It keeps only what the stand-in needs at run time, without prose: for each
// operation it serves, the path template, path and query parameter types, and the request body's
// schema; plus those schemas (and the schemas they reference), with descriptions, examples and
// titles dropped. The contract test regenerates it and compares it with the committed file.
//
//   npx tsx scripts/contracts/dbt-cloud.ts [path/to/dbt-cloud-api-v2.yaml]
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import YAML from 'yaml';

/** The operations the stand-in serves, as (method, path) in the official document. */
export const SERVED_OPERATIONS: ReadonlyArray<readonly [string, string]> = [
  ['get', '/api/v2/accounts/{account_id}/environments/'],
  ['get', '/api/v2/accounts/{account_id}/environments/{id}/'],
  ['get', '/api/v2/accounts/{account_id}/jobs/'],
  ['post', '/api/v2/accounts/{account_id}/jobs/'],
  ['get', '/api/v2/accounts/{account_id}/jobs/{id}/'],
  ['post', '/api/v2/accounts/{account_id}/jobs/{id}/'],
  ['delete', '/api/v2/accounts/{account_id}/jobs/{id}/'],
  ['post', '/api/v2/accounts/{account_id}/jobs/{job_id}/run/'],
  ['get', '/api/v2/accounts/{account_id}/jobs/{job_id}/artifacts/{remainder}'],
  ['get', '/api/v2/accounts/{account_id}/runs/'],
  ['get', '/api/v2/accounts/{account_id}/runs/{id}/'],
  ['post', '/api/v2/accounts/{account_id}/runs/{run_id}/cancel/'],
  ['get', '/api/v2/accounts/{account_id}/runs/{run_id}/artifacts/'],
  ['get', '/api/v2/accounts/{account_id}/runs/{run_id}/artifacts/{remainder}'],
];

/** Keys that carry prose (or sample data) rather than contract. */
const PROSE_KEYS = new Set(['description', 'example', 'examples', 'title', 'summary', 'externalDocs']);

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export interface GeneratedOperation {
  operationId: string;
  method: string;
  path: string;
  pathParams: Record<string, Json>;
  query: Record<string, Json>;
  /** Name of the component schema of the JSON request body, when there is one. */
  requestSchema?: string;
}

export interface DbtCloudContract {
  source: string;
  generatedBy: string;
  operations: GeneratedOperation[];
  schemas: Record<string, Json>;
}

function withoutProse(value: Json): Json {
  if (Array.isArray(value)) return value.map(withoutProse);
  if (value && typeof value === 'object') {
    const out: { [key: string]: Json } = {};
    for (const key of Object.keys(value).sort()) {
      if (PROSE_KEYS.has(key)) continue;
      out[key] = withoutProse(value[key] as Json);
    }
    return out;
  }
  return value;
}

function refsIn(value: Json, found: Set<string>): void {
  if (Array.isArray(value)) for (const item of value) refsIn(item, found);
  else if (value && typeof value === 'object') {
    for (const [key, inner] of Object.entries(value)) {
      if (key === '$ref' && typeof inner === 'string') found.add(inner.replace('#/components/schemas/', ''));
      else refsIn(inner, found);
    }
  }
}

interface OpenApiParameter {
  in: string;
  name: string;
  schema?: Json;
}

interface OpenApiOperation {
  operationId: string;
  parameters?: OpenApiParameter[];
  requestBody?: { content?: Record<string, { schema?: { $ref?: string } }> };
}

export function buildDbtCloudContract(specFile: string): DbtCloudContract {
  const doc = YAML.parse(readFileSync(specFile, 'utf8')) as {
    paths: Record<string, Record<string, OpenApiOperation>>;
    components: { schemas: Record<string, Json> };
  };
  const operations: GeneratedOperation[] = [];
  const wanted = new Set<string>();
  for (const [method, template] of SERVED_OPERATIONS) {
    const op = doc.paths[template]?.[method];
    if (!op) throw new Error(`${method.toUpperCase()} ${template} is not in ${specFile}`);
    const params = op.parameters ?? [];
    const pick = (where: string) =>
      Object.fromEntries(
        params
          .filter((p) => p.in === where)
          .sort((a, b) => a.name.localeCompare(b.name))
          .map((p) => [p.name, withoutProse(p.schema ?? {})]),
      );
    const ref = op.requestBody?.content?.['application/json']?.schema?.$ref;
    const requestSchema = ref?.replace('#/components/schemas/', '');
    if (requestSchema) wanted.add(requestSchema);
    operations.push({
      operationId: op.operationId,
      method: method.toUpperCase(),
      path: template,
      pathParams: pick('path'),
      query: pick('query'),
      ...(requestSchema ? { requestSchema } : {}),
    });
  }
  // Follow references so each kept schema is complete on its own.
  const schemas: Record<string, Json> = {};
  const queue = [...wanted];
  while (queue.length > 0) {
    const name = queue.shift() as string;
    if (name in schemas) continue;
    const schema = doc.components.schemas[name];
    if (schema === undefined) throw new Error(`schema ${name} is referenced but not defined`);
    schemas[name] = withoutProse(schema);
    const refs = new Set<string>();
    refsIn(schemas[name], refs);
    queue.push(...[...refs].filter((r) => !(r in schemas)));
  }
  const sorted = Object.fromEntries(Object.keys(schemas).sort().map((k) => [k, schemas[k] as Json]));
  return {
    source: 'dbt-cloud-api-v2.yaml (dbt-labs/dbt-cloud-openapi-spec, openapi-v2.yaml @ 1f274f7)',
    generatedBy: 'scripts/contracts/dbt-cloud.ts',
    operations,
    schemas: sorted,
  };
}

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const generatedContractFile = path.join(repoRoot, 'infra/local/dbt-cloud/contract.generated.json');

export function serializeContract(contract: DbtCloudContract): string {
  return JSON.stringify(contract, null, 2) + '\n';
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const specFile = process.argv[2] ?? path.resolve(repoRoot, '../shared/specs/dbt-cloud-api-v2.yaml');
  writeFileSync(generatedContractFile, serializeContract(buildDbtCloudContract(specFile)));
  console.log(`wrote ${path.relative(repoRoot, generatedContractFile)} from ${specFile}`);
}
