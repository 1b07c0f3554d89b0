// Checks a resource's resolved properties against its provider schema, as CloudFormation does
// when it starts creating or updating the resource, and words the problems the way the service
// does (it validates with a Java JSON Schema library): "#: extraneous key [Foo] is not permitted",
// "#/Monitoring: expected type: Boolean, found: String", "#/InstanceType: failed validation
// constraint for keyword [enum]", … collected into "Properties validation failed for resource X
// with message: [...]".
//
// Values are coerced first, as CloudFormation does (parameters are strings, so "5432" is a valid
// integer and "true" a valid boolean); what cannot be coerced is a type error.
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import { javaRegExp } from './java-regex';
import { schemaFor } from './schemas';

const ajv = new Ajv({
  strict: false,
  allErrors: true,
  // error.data and error.schema: the messages quote the offending value and count branches.
  verbose: true,
  validateFormats: false,
  coerceTypes: true,
  code: { regExp: Object.assign(javaRegExp, { code: 'javaRegExp' }) },
});

const compiled = new Map<string, ValidateFunction>();

function validatorFor(type: string): ValidateFunction | undefined {
  const cached = compiled.get(type);
  if (cached) return cached;
  const schema = schemaFor(type);
  if (!schema) return undefined;
  // `$schema` names CloudFormation's meta-schema, which Ajv does not know; the rest is draft-07.
  const { $schema: _meta, ...rest } = schema;
  const validate = ajv.compile(rest);
  compiled.set(type, validate);
  return validate;
}

const TYPE_NAMES: Record<string, string> = { string: 'String', integer: 'Integer', number: 'Number', boolean: 'Boolean', object: 'JSONObject', array: 'JSONArray', null: 'Null' };

function foundType(value: unknown): string {
  if (Array.isArray(value)) return 'JSONArray';
  if (value === null) return 'Null';
  if (typeof value === 'object') return 'JSONObject';
  if (typeof value === 'number') return Number.isInteger(value) ? 'Integer' : 'BigDecimal';
  if (typeof value === 'boolean') return 'Boolean';
  return 'String';
}

function describe(error: ErrorObject): string {
  const at = `#${error.instancePath}`;
  const p = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'additionalProperties':
      return `${at}: extraneous key [${String(p.additionalProperty)}] is not permitted`;
    case 'required':
      return `${at}: required key [${String(p.missingProperty)}] not found`;
    case 'type': {
      const expected = String(p.type).split(',').map((t) => TYPE_NAMES[t] ?? t).join(' or ');
      return `${at}: expected type: ${expected}, found: ${foundType(error.data)}`;
    }
    case 'maxLength':
      return `${at}: expected maxLength: ${String(p.limit)}, actual: ${String(error.data).length}`;
    case 'minLength':
      return `${at}: expected minLength: ${String(p.limit)}, actual: ${String(error.data).length}`;
    case 'maximum':
      return `${at}: ${String(error.data)} is not less or equal to ${String(p.limit)}`;
    case 'minimum':
      return `${at}: ${String(error.data)} is not greater or equal to ${String(p.limit)}`;
    case 'maxItems':
      return `${at}: expected maximum item count: ${String(p.limit)}, found: ${Array.isArray(error.data) ? error.data.length : 0}`;
    case 'minItems':
      return `${at}: expected minimum item count: ${String(p.limit)}, found: ${Array.isArray(error.data) ? error.data.length : 0}`;
    case 'oneOf':
      return `${at}: #: ${Array.isArray(p.passingSchemas) ? p.passingSchemas.length : 0} subschemas matched instead of one`;
    case 'anyOf':
      return `${at}: #: no subschema matched out of the total ${countBranches(error)} subschemas`;
    default:
      return `${at}: failed validation constraint for keyword [${error.keyword}]`;
  }
}

function countBranches(error: ErrorObject): number {
  return Array.isArray(error.schema) ? error.schema.length : 0;
}

/** Errors inside a oneOf/anyOf branch are noise: the oneOf/anyOf error itself says it. */
function insideBranch(error: ErrorObject): boolean {
  return /\/(oneOf|anyOf)\/\d+\//.test(error.schemaPath);
}

/** The problems with a resource's properties, in CloudFormation's words; empty when valid. */
export function propertyProblems(type: string, properties: Record<string, unknown>): string[] {
  const validate = validatorFor(type);
  if (!validate) return [];
  // Coercion rewrites the data, and the stack keeps the properties as the template gave them.
  const copy = structuredClone(properties);
  if (validate(copy)) return [];
  const problems = (validate.errors ?? []).filter((e) => !insideBranch(e)).map(describe);
  return [...new Set(problems)];
}

export function propertiesValidationMessage(logicalId: string, problems: string[]): string {
  return `Properties validation failed for resource ${logicalId} with message: [${problems.join(', ')}]`;
}
