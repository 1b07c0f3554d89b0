// Result sets as Snowflake's JSON result format carries them: a `rowtype` entry per column
// (internal type names like `fixed`, `text`, `timestamp_ltz`, with precision/scale/length) and
// every value as a string (numbers as digits, timestamps as epoch seconds with a fraction, dates
// as days since the epoch, booleans as "1"/"0"), which is what the SDK converts from.
import type { Cell } from './catalog';
import { displayName } from './identifiers';

export type InternalType =
  | 'text'
  | 'fixed'
  | 'real'
  | 'boolean'
  | 'date'
  | 'time'
  | 'timestamp_ltz'
  | 'timestamp_ntz'
  | 'timestamp_tz'
  | 'variant'
  | 'object'
  | 'array'
  | 'binary';

export interface ColumnMeta {
  name: string;
  type: InternalType;
  precision: number | null;
  scale: number | null;
  length: number | null;
  byteLength: number | null;
  nullable: boolean;
  database: string;
  schema: string;
  table: string;
}

export interface ResultSet {
  columns: ColumnMeta[];
  rows: Cell[][];
  statementTypeId: number;
}

/** Snowflake's statement type ids (as the drivers' SFStatementType lists them). */
export const STATEMENT_TYPE = {
  SELECT: 0x1000,
  INSERT: 0x3100,
  DML: 0x3000,
  ALTER_SESSION: 0x4100,
  USE: 0x4300,
  USE_DATABASE: 0x4301,
  USE_SCHEMA: 0x4302,
  USE_WAREHOUSE: 0x4303,
  SHOW: 0x4400,
  TCL: 0x5000,
  DDL: 0x6000,
} as const;

const MAX_TEXT = 16_777_216;

function column(name: string, type: InternalType, extra: Partial<ColumnMeta> = {}): ColumnMeta {
  return { name, type, precision: null, scale: null, length: null, byteLength: null, nullable: true, database: '', schema: '', table: '', ...extra };
}

export const col = {
  text: (name: string, nullable = true) => column(name, 'text', { length: MAX_TEXT, byteLength: MAX_TEXT, nullable }),
  fixed: (name: string, precision = 38, scale = 0, nullable = true) => column(name, 'fixed', { precision, scale, nullable }),
  timestamp: (name: string) => column(name, 'timestamp_ltz', { scale: 3, precision: 0 }),
  boolean: (name: string) => column(name, 'boolean'),
};

/** The one-column `status` result of DDL, USE, GRANT and ALTER SESSION. */
export function statusResult(message: string, statementTypeId: number = STATEMENT_TYPE.DDL): ResultSet {
  return { columns: [col.text('status', false)], rows: [[message]], statementTypeId };
}

/** The status lines Snowflake answers DDL with. */
export const done = {
  created: (kind: string, name: string) => statusResult(`${kind} ${displayName(name)} successfully created.`),
  existed: (name: string) => statusResult(`${displayName(name)} already exists, statement succeeded.`),
  dropped: (name: string) => statusResult(`${displayName(name)} successfully dropped.`),
  alreadyDropped: (name: string) => statusResult(`Drop statement executed successfully (${displayName(name)} already dropped).`),
  ok: (statementTypeId: number = STATEMENT_TYPE.DDL) => statusResult('Statement executed successfully.', statementTypeId),
};

/** A timestamp (milliseconds) in the JSON encoding of a scale-3 TIMESTAMP_LTZ. */
export function epochText(ms: number): string {
  const seconds = Math.floor(ms / 1000);
  return `${seconds}.${String(ms - seconds * 1000).padStart(3, '0')}`;
}

/** Where a declared column type lands: its internal type, rowtype details and normalised name. */
export interface TypeInfo {
  internal: InternalType;
  /** How SHOW COLUMNS / information_schema name it, e.g. `NUMBER(38,0)`. */
  normalised: string;
  /** information_schema's DATA_TYPE, e.g. `NUMBER`, `TEXT`. */
  dataType: string;
  precision: number | null;
  scale: number | null;
  length: number | null;
}

const NUMBER_NAMES = ['NUMBER', 'NUMERIC', 'DECIMAL', 'DEC'];
const INTEGER_NAMES = ['INT', 'INTEGER', 'BIGINT', 'SMALLINT', 'TINYINT', 'BYTEINT'];
const FLOAT_NAMES = ['FLOAT', 'FLOAT4', 'FLOAT8', 'DOUBLE', 'DOUBLE PRECISION', 'REAL'];
const TEXT_NAMES = ['VARCHAR', 'STRING', 'TEXT', 'CHAR', 'CHARACTER', 'NCHAR', 'NVARCHAR', 'NVARCHAR2', 'CHAR VARYING', 'CHARACTER VARYING', 'NCHAR VARYING'];
const TIMESTAMP_NAMES: Record<string, InternalType> = {
  TIMESTAMP: 'timestamp_ntz',
  DATETIME: 'timestamp_ntz',
  TIMESTAMP_NTZ: 'timestamp_ntz',
  TIMESTAMPNTZ: 'timestamp_ntz',
  TIMESTAMP_LTZ: 'timestamp_ltz',
  TIMESTAMPLTZ: 'timestamp_ltz',
  TIMESTAMP_TZ: 'timestamp_tz',
  TIMESTAMPTZ: 'timestamp_tz',
};

/** Reads a declared type; undefined when Snowflake has no such type. */
export function typeInfo(declared: string): TypeInfo | undefined {
  const match = /^([A-Z_0-9 ]+?)(?:\(([^)]*)\))?$/.exec(declared.toUpperCase().trim());
  if (!match) return undefined;
  const base = match[1] ?? '';
  const args = (match[2] ?? '').split(',').filter(Boolean).map(Number);
  const none = { precision: null, scale: null, length: null };
  if (NUMBER_NAMES.includes(base) || INTEGER_NAMES.includes(base)) {
    const precision = INTEGER_NAMES.includes(base) ? 38 : (args[0] ?? 38);
    const scale = INTEGER_NAMES.includes(base) ? 0 : (args[1] ?? 0);
    return { internal: 'fixed', normalised: `NUMBER(${precision},${scale})`, dataType: 'NUMBER', precision, scale, length: null };
  }
  if (FLOAT_NAMES.includes(base)) return { internal: 'real', normalised: 'FLOAT', dataType: 'FLOAT', ...none };
  if (TEXT_NAMES.includes(base)) {
    const length = args[0] ?? (base.startsWith('CHAR') || base === 'NCHAR' ? (base.includes('VARYING') ? MAX_TEXT : 1) : MAX_TEXT);
    return { internal: 'text', normalised: `VARCHAR(${length})`, dataType: 'TEXT', precision: null, scale: null, length };
  }
  if (base === 'BOOLEAN') return { internal: 'boolean', normalised: 'BOOLEAN', dataType: 'BOOLEAN', ...none };
  if (base === 'DATE') return { internal: 'date', normalised: 'DATE', dataType: 'DATE', ...none };
  if (base === 'TIME') return { internal: 'time', normalised: `TIME(${args[0] ?? 9})`, dataType: 'TIME', precision: null, scale: args[0] ?? 9, length: null };
  const timestamp = TIMESTAMP_NAMES[base];
  if (timestamp) {
    const scale = args[0] ?? 9;
    return { internal: timestamp, normalised: `${timestamp.toUpperCase()}(${scale})`, dataType: timestamp.toUpperCase(), precision: null, scale, length: null };
  }
  if (base === 'VARIANT' || base === 'OBJECT' || base === 'ARRAY') return { internal: base.toLowerCase() as InternalType, normalised: base, dataType: base, ...none };
  if (base === 'BINARY' || base === 'VARBINARY') return { internal: 'binary', normalised: `BINARY(${args[0] ?? 8388608})`, dataType: 'BINARY', precision: null, scale: null, length: args[0] ?? 8388608 };
  return undefined;
}

/** The rowtype entry for a table column. */
export function columnMetaOf(name: string, declared: string, nullable: boolean, path: [string, string, string]): ColumnMeta {
  const info = typeInfo(declared) ?? (typeInfo('VARCHAR') as TypeInfo);
  return column(name, info.internal, {
    precision: info.precision,
    scale: info.scale,
    length: info.length,
    byteLength: info.internal === 'text' ? Math.min((info.length ?? MAX_TEXT) * 4, MAX_TEXT) : null,
    nullable,
    database: path[0],
    schema: path[1],
    table: path[2],
  });
}
