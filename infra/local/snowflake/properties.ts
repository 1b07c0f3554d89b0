// Reading `KEY = value` properties of CREATE / ALTER statements with Snowflake's leniency:
// booleans as TRUE/FALSE words or strings, sizes as words or strings, names as identifiers or
// strings; and its complaint when a value does not fit.
import type { Properties, PropertyValue } from './ast';
import { SnowflakeError } from './errors';
import { parseNameText } from './identifiers';

export function invalidValue(key: string, value: PropertyValue | undefined): SnowflakeError {
  const shown = value && 'value' in value ? String(value.value) : 'NULL';
  return new SnowflakeError('001008', '22023', `SQL compilation error:\ninvalid value [${shown}] for parameter '${key}'`);
}

/** The text of a property: undefined when absent, null when set to NULL. */
export function textProperty(properties: Properties, key: string): string | null | undefined {
  const value = properties.get(key);
  if (!value) return undefined;
  if (value.kind === 'null') return null;
  if (value.kind === 'list') throw invalidValue(key, value);
  return String(value.value);
}

export function booleanProperty(properties: Properties, key: string): boolean | undefined {
  const value = properties.get(key);
  if (!value) return undefined;
  if (value.kind === 'boolean') return value.value;
  const text = 'value' in value ? String(value.value).toUpperCase() : '';
  if (text === 'TRUE') return true;
  if (text === 'FALSE') return false;
  throw invalidValue(key, value);
}

/** A non-negative integer property; NULL (and 0 for AUTO_SUSPEND-style keys) reads as null. */
export function integerProperty(properties: Properties, key: string): number | null | undefined {
  const value = properties.get(key);
  if (!value) return undefined;
  if (value.kind === 'null') return null;
  const text = 'value' in value ? String(value.value) : '';
  if (!/^[0-9]+$/.test(text)) throw invalidValue(key, value);
  return Number(text);
}

/** A property naming an object (`DEFAULT_ROLE = analyst` or `= 'analyst'`), in stored form. */
export function nameProperty(properties: Properties, key: string): string | null | undefined {
  const value = properties.get(key);
  if (!value) return undefined;
  if (value.kind === 'null') return null;
  if (value.kind === 'ident') return value.value;
  if (value.kind === 'string') return parseNameText(value.value)?.join('.') ?? value.value;
  throw invalidValue(key, value);
}
