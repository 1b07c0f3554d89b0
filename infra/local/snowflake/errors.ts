// Snowflake's errors as its Global Services answer them: a six-digit code (a string, leading zeros
// kept), an ANSI SQL state, and the message text real accounts print, so code that maps provider
// errors to "what went wrong" (UX-1) sees exactly what production would show it.
import { displayName } from './identifiers';

/** Where in Snowflake's pipeline the error arose (the `data.type` of a query error). */
export type ErrorStage = 'COMPILATION' | 'EXECUTION' | 'LOGIN';

export class SnowflakeError extends Error {
  override name = 'SnowflakeError';

  constructor(
    readonly code: string,
    readonly sqlState: string | undefined,
    message: string,
    readonly stage: ErrorStage = 'COMPILATION',
  ) {
    super(message);
  }
}

/** Object kinds as they appear in "does not exist" and "insufficient privileges" messages. */
export type ObjectKind = 'Warehouse' | 'Database' | 'Schema' | 'Table' | 'Role' | 'User' | 'Object';

const compile = (text: string) => `SQL compilation error:\n${text}`;
const access = (text: string) => `SQL access control error:\n${text}`;

function qualified(parts: readonly string[]): string {
  return parts.map(displayName).join('.');
}

export const errors = {
  /** 001003: the statement does not parse. `position` is the 0-based column, as Snowflake counts. */
  syntax(line: number, position: number, unexpected: string): SnowflakeError {
    return new SnowflakeError('001003', '42000', compile(`syntax error line ${line} at position ${position} unexpected '${unexpected}'.`));
  },
  /** 000900: nothing to run (an empty text or only comments). */
  empty(): SnowflakeError {
    return new SnowflakeError('000900', '42000', compile('Empty SQL statement.'));
  },
  /** 000002: a real Snowflake statement this local stand-in does not run. */
  unsupported(feature: string): SnowflakeError {
    return new SnowflakeError(
      '000002',
      '0A000',
      compile(`Unsupported feature '${feature}' (the local Snowflake sandbox does not run this statement).`),
    );
  },
  /** 002003: the object does not exist, or the current role may not see it. */
  notFound(kind: ObjectKind, parts: readonly string[]): SnowflakeError {
    return new SnowflakeError('002003', '02000', compile(`${kind} '${qualified(parts)}' does not exist or not authorized.`));
  },
  /** 002043: what USE and some ALTERs answer for an object that is missing or invisible. */
  cannotPerform(): SnowflakeError {
    return new SnowflakeError('002043', '02000', compile('Object does not exist, or operation cannot be performed.'));
  },
  /** 002002: CREATE without IF NOT EXISTS / OR REPLACE over an existing object. */
  alreadyExists(kind: ObjectKind, parts: readonly string[]): SnowflakeError {
    const what = kind === 'Object' ? 'Object' : kind;
    return new SnowflakeError('002002', '42710', compile(`${what} '${qualified(parts)}' already exists.`));
  },
  /** 003001: the role sees the object but lacks the privilege the statement needs. */
  insufficientPrivileges(kind: string, name: string): SnowflakeError {
    return new SnowflakeError('003001', '42501', access(`Insufficient privileges to operate on ${kind} '${name}'`));
  },
  /** 003013: USE ROLE for a role the user was not granted. */
  roleNotAssigned(role: string): SnowflakeError {
    return new SnowflakeError(
      '003013',
      '42501',
      access(`Requested role '${displayName(role)}' is not assigned to the executing user.  Specify another role to activate.`),
    );
  },
  /** 000606: the statement needs compute but the session has no usable warehouse. */
  noActiveWarehouse(): SnowflakeError {
    return new SnowflakeError(
      '000606',
      '57P03',
      "No active warehouse selected in the current session.  Select an active warehouse with the 'use warehouse' command.\n",
      'EXECUTION',
    );
  },
  /** 090105 / 090106: an unqualified name while the session has no current database / schema. */
  noCurrent(kind: 'database' | 'schema', verb: string): SnowflakeError {
    return new SnowflakeError(
      kind === 'database' ? '090105' : '090106',
      '22000',
      `Cannot perform ${verb}. This session does not have a current ${kind}. Call 'USE ${kind.toUpperCase()}', or use a qualified name.`,
      'EXECUTION',
    );
  },
  /** 002040: a column type Snowflake does not have. */
  unsupportedType(type: string): SnowflakeError {
    return new SnowflakeError('002040', '42601', compile(`Unsupported data type '${type}'.`));
  },
  /** 002049: a `?` or `:n` without a value in `bindings`. */
  bindNotSet(line: number, position: number, bind: string): SnowflakeError {
    return new SnowflakeError('002049', '42601', compile(`error line ${line} at position ${position}\nBind variable ${bind} not set.`));
  },
  /** 000904: a column the table does not have. */
  invalidIdentifier(name: string, line = 1, position = 0): SnowflakeError {
    return new SnowflakeError('000904', '42000', compile(`error line ${line} at position ${position}\ninvalid identifier '${displayName(name)}'`));
  },
  /** 002020: INSERT with a row whose width does not match the target. */
  columnCountMismatch(expected: number, got: number): SnowflakeError {
    return new SnowflakeError('002020', '21S01', compile(`Insert value list does not match column list expecting ${expected} but got ${got}`));
  },
  /** 100038: a value that cannot be read as the column's type. */
  notRecognized(kind: 'Numeric' | 'Boolean' | 'Timestamp' | 'Date', value: string): SnowflakeError {
    return new SnowflakeError('100038', '22018', `${kind} value '${value}' is not recognized`, 'EXECUTION');
  },
  /** 000008: several statements in one request while MULTI_STATEMENT_COUNT says otherwise. */
  statementCount(actual: number, desired: number): SnowflakeError {
    return new SnowflakeError(
      '000008',
      '0A000',
      `Actual statement count ${actual} did not match the desired statement count ${desired}.`,
      'EXECUTION',
    );
  },
  /** 000603: a bug in the stand-in, reported as Snowflake reports its own internal failures. */
  internal(): SnowflakeError {
    return new SnowflakeError('000603', 'XX000', 'SQL execution internal error:\nProcessing aborted due to error 300002:1; incident 0.', 'EXECUTION');
  },
};

/** Login failures: codes 390xxx, answered with HTTP 200 and `success: false`. */
export const loginErrors = {
  incorrectPassword: () => new SnowflakeError('390100', undefined, 'Incorrect username or password was specified.', 'LOGIN'),
  disabled: () => new SnowflakeError('390101', undefined, 'User access disabled. Contact your local system administrator.', 'LOGIN'),
  locked: () =>
    new SnowflakeError(
      '390102',
      undefined,
      'Your user account has been temporarily locked due to too many failed attempts. Try again after 15 minutes or contact your account administrator for assistance.',
      'LOGIN',
    ),
  roleNotGranted: (role: string) =>
    new SnowflakeError(
      '390189',
      undefined,
      `Role '${displayName(role)}' specified in the connect string is not granted to this user. Contact your local system administrator, or attempt to login with another role, e.g. PUBLIC.`,
      'LOGIN',
    ),
};

/** Session and token failures (the SDK renews on 390112 and gives up on 390114). */
export const sessionErrors = {
  invalidToken: () => new SnowflakeError('390104', undefined, 'Invalid authentication token. Please login again.', 'LOGIN'),
  gone: () => new SnowflakeError('390111', undefined, 'Session no longer exists.  New login required to access the service.', 'LOGIN'),
  expired: () => new SnowflakeError('390112', undefined, 'Your session has expired. Please login again.', 'LOGIN'),
  masterExpired: () =>
    new SnowflakeError('390114', undefined, 'Authentication token has expired.  The user must authenticate again.', 'LOGIN'),
  badRequest: (why: string) => new SnowflakeError('390400', undefined, `Bad request: ${why}`, 'LOGIN'),
};
