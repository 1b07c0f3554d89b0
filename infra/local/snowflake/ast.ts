// The statements the stand-in understands, after parsing: names are already in stored form
// (unquoted upper-cased, quoted kept) and binds are already replaced by their values.

/** A literal value from the text or from `bindings`. */
export type Literal =
  | { kind: 'string'; value: string }
  | { kind: 'number'; value: string }
  | { kind: 'boolean'; value: boolean }
  | { kind: 'null' };

/** A property value: a literal, a bare word (`WAREHOUSE_SIZE = XSMALL`), or a parenthesised list. */
export type PropertyValue = Literal | { kind: 'ident'; value: string } | { kind: 'list'; values: PropertyValue[] };

/** `KEY = value` pairs, keys upper-cased, in the order written. */
export type Properties = Map<string, PropertyValue>;

export type AccountObjectType = 'WAREHOUSE' | 'DATABASE' | 'ROLE' | 'USER';
export type ObjectType = AccountObjectType | 'SCHEMA' | 'TABLE';

/** A possibly qualified name: `[db, schema, table]`, `[schema]`, … as written. */
export type ObjectName = string[];

export interface ColumnDefinition {
  name: string;
  /** The type as written, e.g. `VARCHAR(100)`, `NUMBER(38,0)`, `TIMESTAMP_NTZ`. */
  type: string;
  nullable: boolean;
  defaultText?: string;
  comment?: string;
}

export interface CreateStatement {
  kind: 'create';
  objectType: ObjectType;
  name: ObjectName;
  orReplace: boolean;
  ifNotExists: boolean;
  /** TRANSIENT / TEMPORARY for databases, schemas and tables. */
  modifier?: 'TRANSIENT' | 'TEMPORARY';
  properties: Properties;
  columns?: ColumnDefinition[];
  /** CREATE TABLE … AS SELECT: the table is created with the query's columns, empty. */
  asSelect?: SelectStatement;
  /** CREATE TABLE … LIKE other. */
  like?: ObjectName;
  /** CREATE TABLE … CLONE other (copied with its rows). */
  clone?: ObjectName;
}

export type AlterAction =
  | { kind: 'set'; properties: Properties }
  | { kind: 'unset'; keys: string[] }
  | { kind: 'rename'; to: ObjectName }
  | { kind: 'suspend' }
  | { kind: 'resume'; ifSuspended: boolean }
  | { kind: 'add-column'; column: ColumnDefinition; ifNotExists: boolean }
  | { kind: 'drop-column'; column: string; ifExists: boolean };

export interface AlterStatement {
  kind: 'alter';
  objectType: ObjectType;
  name: ObjectName;
  ifExists: boolean;
  action: AlterAction;
}

export interface DropStatement {
  kind: 'drop';
  objectType: ObjectType;
  name: ObjectName;
  ifExists: boolean;
}

export interface AlterSessionStatement {
  kind: 'alter-session';
  set: Properties;
  unset: string[];
}

/** What a privilege grant is on. */
export type GrantTarget =
  | { kind: 'account' }
  | { kind: 'object'; objectType: 'WAREHOUSE' | 'DATABASE' | 'SCHEMA' | 'TABLE'; name: ObjectName }
  /** ALL TABLES / SCHEMAS IN …: expands to grants on what exists now. */
  | { kind: 'all'; objectType: ContainedType; container: Container }
  /** FUTURE TABLES / SCHEMAS / VIEWS IN …: applies to objects created later. */
  | { kind: 'future'; objectType: ContainedType; container: Container };

/** Object kinds that ALL / FUTURE grants reach inside a database or schema. */
export type ContainedType = 'TABLE' | 'SCHEMA' | 'VIEW';

/** A database or schema named in `… IN DATABASE x` / `… IN SCHEMA x`. */
export interface Container {
  type: 'DATABASE' | 'SCHEMA';
  name: ObjectName;
}

export interface GrantPrivilegesStatement {
  kind: 'grant-privileges' | 'revoke-privileges';
  /** Upper-cased, e.g. `USAGE`, `CREATE TABLE`, `ALL`, `OWNERSHIP`. */
  privileges: string[];
  target: GrantTarget;
  role: string;
  withGrantOption: boolean;
}

export interface GrantRoleStatement {
  kind: 'grant-role' | 'revoke-role';
  role: string;
  to: { type: 'ROLE' | 'USER'; name: string };
}

export type ShowObjects = 'WAREHOUSES' | 'DATABASES' | 'SCHEMAS' | 'ROLES' | 'USERS' | 'TABLES' | 'COLUMNS';

export interface ShowStatement {
  kind: 'show';
  objects: ShowObjects;
  terse: boolean;
  like?: string;
  /** `IN DATABASE` without a name (an empty `name`) means the session's current one. */
  in?: { type: 'ACCOUNT' } | { type: 'DATABASE' | 'SCHEMA' | 'TABLE'; name: ObjectName };
}

export interface ShowGrantsStatement {
  kind: 'show-grants';
  of:
    | { kind: 'to-role'; role: string }
    | { kind: 'to-user'; user: string }
    | { kind: 'of-role'; role: string }
    | { kind: 'on'; target: GrantTarget }
    | { kind: 'current-user' }
    | { kind: 'future-in'; container: Container }
    | { kind: 'future-to-role'; role: string };
}

export interface UseStatement {
  kind: 'use';
  objectType: 'WAREHOUSE' | 'DATABASE' | 'SCHEMA' | 'ROLE';
  name: ObjectName;
}

/** An expression in a SELECT list or WHERE clause. */
export type Expression =
  | { kind: 'literal'; value: Literal }
  | { kind: 'column'; name: string }
  | { kind: 'function'; name: string; args: Expression[]; star: boolean; distinct: boolean }
  | { kind: 'star' };

export interface SelectItem {
  expression: Expression;
  alias?: string;
  /** The output column's name when no alias is given (Snowflake upper-cases the expression text). */
  label: string;
}

export type Condition =
  | { kind: 'compare'; left: Expression; op: '=' | '<>' | '<' | '<=' | '>' | '>='; right: Expression }
  | { kind: 'in'; left: Expression; values: Expression[]; negated: boolean }
  | { kind: 'like'; left: Expression; pattern: Expression; caseInsensitive: boolean; negated: boolean }
  | { kind: 'is-null'; left: Expression; negated: boolean };

export interface SelectStatement {
  kind: 'select';
  items: SelectItem[];
  from?: ObjectName;
  /** Conditions joined by AND. */
  where: Condition[];
  orderBy: Array<{ expression: Expression; descending: boolean }>;
  limit?: number;
}

export interface InsertStatement {
  kind: 'insert';
  table: ObjectName;
  columns?: string[];
  rows: Literal[][];
  overwrite: boolean;
}

export interface TruncateStatement {
  kind: 'truncate';
  table: ObjectName;
  ifExists: boolean;
}

export interface TransactionStatement {
  kind: 'transaction';
  action: 'BEGIN' | 'COMMIT' | 'ROLLBACK';
}

export type Statement =
  | CreateStatement
  | AlterStatement
  | DropStatement
  | AlterSessionStatement
  | GrantPrivilegesStatement
  | GrantRoleStatement
  | ShowStatement
  | ShowGrantsStatement
  | UseStatement
  | SelectStatement
  | InsertStatement
  | TruncateStatement
  | TransactionStatement;
