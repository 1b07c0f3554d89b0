// Reading request bodies and query values the way Airbyte's server binds them: Jackson maps JSON
// bodies onto Kotlin models (unknown fields ignored, scalars coerced to strings, enums matched
// without case, a missing required field or a value of the wrong shape → 422 with an error id) and
// Micronaut binds query values (a value it cannot convert → its own 400; a bean-validation bound
// broken, like `limit=0` → 400 with an error id).
import { BadJson, type StandInRequest } from '../core/stand-in-server';
import { ErrorIdFailure, MicronautFailure } from './problems';

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: string): boolean {
  return UUID_PATTERN.test(value);
}

type JsonObject = Record<string, unknown>;

/**
 * A JSON object bound to a model. `missingStatus` is what a missing required field gets: 422 where
 * Jackson maps onto Kotlin non-null fields (public API), 400 where bean validation refuses a null
 * (the Java models of the configuration API).
 */
export class BodyReader {
  constructor(
    readonly body: JsonObject,
    private readonly missingStatus: 400 | 422 = 422,
  ) {}

  /** The request's JSON body; `model` names it in Micronaut's "Required Body" message. */
  static fromRequest(request: StandInRequest, model: string, missingStatus: 400 | 422 = 422): BodyReader {
    if (request.body.length === 0) throw new MicronautFailure(400, 'Bad Request', `Required Body [${model}] not specified`);
    let parsed: unknown;
    try {
      parsed = request.json();
    } catch (error) {
      if (error instanceof BadJson) throw new ErrorIdFailure(422, 'malformed JSON');
      throw error;
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new ErrorIdFailure(422, `${model} is not an object`);
    return new BodyReader(parsed as JsonObject, missingStatus);
  }

  has(name: string): boolean {
    return this.body[name] !== undefined && this.body[name] !== null;
  }

  private missing(name: string, required: boolean): boolean {
    if (this.has(name)) return false;
    if (required) throw new ErrorIdFailure(this.missingStatus, `missing required field ${name}`);
    return true;
  }

  /** A string field; numbers and booleans become strings as Jackson coerces them. */
  string(name: string, required = false): string | undefined {
    if (this.missing(name, required)) return undefined;
    const value = this.body[name];
    if (typeof value === 'string') return value;
    if (typeof value === 'number' || typeof value === 'boolean') return String(value);
    throw new ErrorIdFailure(422, `${name} is not a string`);
  }

  uuid(name: string, required = false): string | undefined {
    const value = this.string(name, required);
    if (value !== undefined && !isUuid(value)) throw new ErrorIdFailure(422, `${name} is not a UUID`);
    return value?.toLowerCase();
  }

  /** An enum value, matched without case (ACCEPT_CASE_INSENSITIVE_ENUMS), returned as the API spells it. */
  enumOf<T extends string>(name: string, values: readonly T[], required = false): T | undefined {
    const value = this.string(name, required);
    if (value === undefined) return undefined;
    const found = values.find((v) => v.toLowerCase() === value.toLowerCase());
    if (!found) throw new ErrorIdFailure(422, `${name} is not one of ${values.join(', ')}`);
    return found;
  }

  object(name: string, required = false): JsonObject | undefined {
    if (this.missing(name, required)) return undefined;
    const value = this.body[name];
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new ErrorIdFailure(422, `${name} is not an object`);
    return value as JsonObject;
  }

  array(name: string): unknown[] | undefined {
    if (this.missing(name, false)) return undefined;
    const value = this.body[name];
    if (!Array.isArray(value)) throw new ErrorIdFailure(422, `${name} is not a list`);
    return value;
  }
}

function conversionFailure(name: string, value: string, why: string): MicronautFailure {
  return new MicronautFailure(400, 'Bad Request', `Failed to convert argument [${name}] for value [${value}] due to: ${why}`);
}

/** An integer query value within bounds, or its default. */
export function queryInt(query: URLSearchParams, name: string, fallback: number, min: number, max: number): number {
  const raw = query.get(name);
  if (raw === null || raw === '') return fallback;
  if (!/^-?\d+$/.test(raw)) throw conversionFailure(name, raw, `For input string: "${raw}"`);
  const value = Number(raw);
  if (value < min || value > max) throw new ErrorIdFailure(400, `${name} must be within ${min}..${max}`);
  return value;
}

export function queryBoolean(query: URLSearchParams, name: string): boolean {
  const raw = query.get(name);
  if (raw === null || raw === '') return false;
  if (raw !== 'true' && raw !== 'false') throw conversionFailure(name, raw, 'Invalid boolean value');
  return raw === 'true';
}

/** A UUID list given as `a,b` or as repeated values. */
export function queryUuids(query: URLSearchParams, name: string): string[] {
  const values = query.getAll(name).flatMap((v) => v.split(',')).map((v) => v.trim()).filter(Boolean);
  for (const v of values) if (!isUuid(v)) throw conversionFailure(name, v, `Invalid UUID string: ${v}`);
  return values.map((v) => v.toLowerCase());
}

export function queryUuid(query: URLSearchParams, name: string, required: boolean): string | undefined {
  const raw = query.get(name);
  if (raw === null || raw === '') {
    if (required) throw new MicronautFailure(400, 'Bad Request', `Required QueryValue [${name}] not specified`);
    return undefined;
  }
  if (!isUuid(raw)) throw conversionFailure(name, raw, `Invalid UUID string: ${raw}`);
  return raw.toLowerCase();
}
