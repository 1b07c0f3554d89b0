// Identifiers for warehouse DDL. Every name is checked against a strict pattern first (letters,
// digits, `_` and `$`, within the engine's length limit) and then always written quoted, so no
// name can change a statement's meaning even if the check were ever loosened. Snowflake folds
// unquoted names to upper case, so a name typed as `raw` means the object RAW and is quoted in that
// stored form; PostgreSQL names are taken exactly as given (a database name is a connection
// parameter, never folded).
import pg from 'pg';
import { IntegrationError, type IntegrationProvider } from '../errors';

/** Snowflake's limit on an identifier, in characters. */
export const SNOWFLAKE_MAX_IDENTIFIER = 255;
/** PostgreSQL's NAMEDATALEN - 1, in bytes (names here are ASCII, so characters). */
export const POSTGRES_MAX_IDENTIFIER = 63;

const NAME = /^[A-Za-z_][A-Za-z0-9_$]*$/;

/** Snowflake's quoting: wrap in double quotes, a double quote inside is written twice. */
export function quoteSnowflakeIdentifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** PostgreSQL's quoting, as pg (and libpq) do it. */
export function quotePostgresIdentifier(name: string): string {
  return pg.escapeIdentifier(name);
}

function invalidName(provider: IntegrationProvider, field: string, limit: number): IntegrationError {
  return new IntegrationError({
    provider,
    failureClass: 'config',
    field,
    cause: `The ${field} name is not one Tapestry can create safely.`,
    hint: `Use letters, digits and underscores, starting with a letter or underscore, at most ${limit} characters.`,
  });
}

/** A Snowflake name in stored form (upper-cased), or a config error naming the field. */
export function snowflakeName(raw: string, field: string): string {
  if (!NAME.test(raw) || raw.length > SNOWFLAKE_MAX_IDENTIFIER) throw invalidName('snowflake', field, SNOWFLAKE_MAX_IDENTIFIER);
  return raw.toUpperCase();
}

/** A PostgreSQL name exactly as given, or a config error naming the field. */
export function postgresName(raw: string, field: string): string {
  if (!NAME.test(raw) || raw.length > POSTGRES_MAX_IDENTIFIER) throw invalidName('postgres', field, POSTGRES_MAX_IDENTIFIER);
  return raw;
}

/** Checks a stored-form Snowflake name again and quotes it (plans may come from storage). */
export function sf(name: string): string {
  return quoteSnowflakeIdentifier(snowflakeName(name, 'object'));
}

/** `"DB"."SCHEMA"`. */
export function sfSchema(database: string, schema: string): string {
  return `${sf(database)}.${sf(schema)}`;
}

/** Checks a PostgreSQL name again and quotes it. */
export function pgIdent(name: string): string {
  return quotePostgresIdentifier(postgresName(name, 'object'));
}
