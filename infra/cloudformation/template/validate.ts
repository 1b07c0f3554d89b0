// Checks a template's resources against CloudFormation resource provider schemas before anything
// is sent to AWS: each resource's Properties must satisfy its type's schema. Intrinsic functions
// (an object whose single key is `Ref` or `Fn::…`) stand for values only known at deploy time, so
// they match any type: problems at or inside one are dropped, and so are oneOf/anyOf verdicts
// above one (a branch may have failed only because of it). Values are coerced as CloudFormation
// coerces them (a parameter's "80" is a valid integer).
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import { javaRegExp } from '../../local/aws/cloudformation/java-regex';
import { RESOURCE_SCHEMAS } from '../schemas';

export interface ResourceProblems {
  logicalId: string;
  type: string;
  problems: string[];
}

type SchemaLookup = (type: string) => Record<string, unknown> | undefined;

const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false, coerceTypes: true, code: { regExp: Object.assign(javaRegExp, { code: 'javaRegExp' }) } });
const compiled = new WeakMap<object, ValidateFunction>();

function validatorFor(schema: Record<string, unknown>): ValidateFunction {
  const known = compiled.get(schema);
  if (known) return known;
  // `$schema` names CloudFormation's meta-schema, which Ajv does not know; the rest is draft-07.
  const { $schema: _meta, ...rest } = schema;
  const validate = ajv.compile(rest);
  compiled.set(schema, validate);
  return validate;
}

export function isIntrinsic(value: unknown): boolean {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return false;
  const keys = Object.keys(value);
  return keys.length === 1 && (keys[0] === 'Ref' || (keys[0] as string).startsWith('Fn::'));
}

/** JSON pointers (Ajv's instancePath form) of every intrinsic function in a value. */
function intrinsicPointers(value: unknown, pointer = ''): string[] {
  if (isIntrinsic(value)) return [pointer];
  if (Array.isArray(value)) return value.flatMap((v, i) => intrinsicPointers(v, `${pointer}/${i}`));
  if (value && typeof value === 'object') {
    return Object.entries(value).flatMap(([k, v]) => intrinsicPointers(v, `${pointer}/${k.replace(/~/g, '~0').replace(/\//g, '~1')}`));
  }
  return [];
}

function excused(error: ErrorObject, intrinsics: string[]): boolean {
  const at = error.instancePath;
  if (intrinsics.some((p) => at === p || at.startsWith(`${p}/`))) return true;
  const branching = ['oneOf', 'anyOf', 'not', 'if'].includes(error.keyword) || /\/(oneOf|anyOf)\/\d+\//.test(error.schemaPath);
  return branching && intrinsics.some((p) => p.startsWith(`${at}/`));
}

function describe(error: ErrorObject): string {
  const extra = error.keyword === 'additionalProperties' ? ` (${String((error.params as { additionalProperty?: unknown }).additionalProperty)})` : '';
  return `#${error.instancePath} ${error.message ?? error.keyword}${extra}`;
}

/**
 * The problems of each resource whose properties do not fit its schema (none: valid). By default
 * the project's own schemas (infra/cloudformation/schemas); a contract test passes the official ones.
 */
export function templateSchemaProblems(template: { Resources?: unknown }, schemaOf: SchemaLookup = (type) => RESOURCE_SCHEMAS[type]): ResourceProblems[] {
  const out: ResourceProblems[] = [];
  for (const [logicalId, resource] of Object.entries((template.Resources ?? {}) as Record<string, { Type: string; Properties?: unknown }>)) {
    const schema = schemaOf(resource.Type);
    if (!schema) {
      out.push({ logicalId, type: resource.Type, problems: [`no provider schema for ${resource.Type}`] });
      continue;
    }
    const properties = structuredClone(resource.Properties ?? {});
    const intrinsics = intrinsicPointers(properties);
    const validate = validatorFor(schema);
    if (validate(properties)) continue;
    const problems = [...new Set((validate.errors ?? []).filter((e) => !excused(e, intrinsics)).map(describe))];
    if (problems.length) out.push({ logicalId, type: resource.Type, problems });
  }
  return out;
}
