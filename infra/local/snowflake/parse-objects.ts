// CREATE / ALTER / DROP for the objects a warehouse bootstrap touches: warehouses, databases,
// schemas, roles, users and tables (plus ALTER SESSION). Other object kinds are real Snowflake
// but not run here, so they get the "unsupported feature" compilation error rather than a
// syntax error that would wrongly suggest the SQL itself is bad.
import type { AlterAction, AlterStatement, ColumnDefinition, CreateStatement, DropStatement, ObjectType, Statement } from './ast';
import type { Cursor } from './cursor';
import { errors } from './errors';
import { parseSelect } from './parse-query';

const OBJECT_TYPES: ObjectType[] = ['WAREHOUSE', 'DATABASE', 'SCHEMA', 'ROLE', 'USER', 'TABLE'];
/** Object kinds Snowflake has that this stand-in does not keep. */
const OTHER_OBJECTS = [
  'VIEW', 'MATERIALIZED', 'STAGE', 'STREAM', 'TASK', 'PIPE', 'SEQUENCE', 'FUNCTION', 'PROCEDURE', 'FILE',
  'INTEGRATION', 'STORAGE', 'NOTIFICATION', 'API', 'SECURITY', 'NETWORK', 'RESOURCE', 'SHARE', 'TAG', 'MASKING',
  'ROW', 'DYNAMIC', 'EXTERNAL', 'ICEBERG', 'HYBRID', 'EVENT', 'ALERT', 'SECRET', 'APPLICATION', 'COMPUTE', 'IMAGE',
  'ACCOUNT', 'REPLICATION', 'FAILOVER', 'CONNECTION', 'PASSWORD', 'SESSION', 'AUTHENTICATION',
];

function objectType(cursor: Cursor, verb: string): ObjectType {
  if (cursor.isWord('DATABASE', 'ROLE')) throw errors.unsupported(`${verb} DATABASE ROLE`);
  const type = cursor.oneOf(...OBJECT_TYPES);
  if (type) return type;
  const other = cursor.peek();
  if (other.kind === 'word' && OTHER_OBJECTS.includes(other.value.toUpperCase())) {
    throw errors.unsupported(`${verb} ${other.value.toUpperCase()}`);
  }
  return cursor.fail();
}

export function parseCreate(cursor: Cursor): CreateStatement {
  cursor.expectWord('CREATE');
  const orReplace = cursor.acceptWord('OR', 'REPLACE');
  let modifier: CreateStatement['modifier'];
  if (cursor.acceptWord('TRANSIENT')) modifier = 'TRANSIENT';
  else {
    cursor.oneOf('LOCAL', 'GLOBAL');
    if (cursor.oneOf('TEMPORARY', 'TEMP', 'VOLATILE')) modifier = 'TEMPORARY';
  }
  const type = objectType(cursor, 'CREATE');
  const ifNotExists = cursor.ifNotExists();
  if (orReplace && ifNotExists) cursor.fail(cursor.peek(-1));
  const name = cursor.objectName();
  const statement: CreateStatement = { kind: 'create', objectType: type, name, orReplace, ifNotExists, modifier, properties: new Map() };
  if (type === 'TABLE') parseTableBody(cursor, statement);
  else if (type === 'SCHEMA' && cursor.acceptWord('WITH', 'MANAGED', 'ACCESS')) statement.properties.set('MANAGED_ACCESS', { kind: 'boolean', value: true });
  else if ((type === 'DATABASE' || type === 'SCHEMA') && cursor.isWord('CLONE')) throw errors.unsupported(`CREATE ${type} … CLONE`);
  if (type === 'WAREHOUSE') cursor.acceptWord('WITH');
  cursor.properties(statement.properties);
  cursor.end();
  return statement;
}

function parseTableBody(cursor: Cursor, statement: CreateStatement): void {
  if (cursor.acceptWord('LIKE')) {
    statement.like = cursor.objectName();
    return;
  }
  if (cursor.acceptWord('CLONE')) {
    statement.clone = cursor.objectName();
    return;
  }
  if (cursor.acceptSymbol('(')) statement.columns = parseColumnList(cursor);
  cursor.properties(statement.properties);
  if (cursor.acceptWord('CLUSTER', 'BY')) skipParenthesised(cursor);
  cursor.properties(statement.properties);
  if (cursor.acceptWord('AS')) {
    const select = parseSelect(cursor);
    statement.asSelect = select;
  }
  if (!statement.columns && !statement.asSelect) cursor.fail();
}

/** Column definitions and table constraints after `(`, through the closing `)`. */
function parseColumnList(cursor: Cursor): ColumnDefinition[] {
  const columns: ColumnDefinition[] = [];
  do {
    if (cursor.oneOf('CONSTRAINT', 'PRIMARY', 'UNIQUE', 'FOREIGN')) {
      skipUntilListEnd(cursor);
      continue;
    }
    columns.push(parseColumn(cursor));
  } while (cursor.acceptSymbol(','));
  cursor.expectSymbol(')');
  return columns;
}

export function parseColumn(cursor: Cursor): ColumnDefinition {
  const name = cursor.identifier();
  const column: ColumnDefinition = { name, type: parseType(cursor), nullable: true };
  for (;;) {
    if (cursor.acceptWord('NOT', 'NULL')) column.nullable = false;
    else if (cursor.acceptWord('NULL')) column.nullable = true;
    else if (cursor.acceptWord('DEFAULT')) column.defaultText = expressionText(cursor);
    else if (cursor.acceptWord('COMMENT')) {
      const literal = cursor.literal();
      if (literal.kind === 'string') column.comment = literal.value;
    } else if (cursor.acceptWord('COLLATE')) cursor.literal();
    else if (cursor.oneOf('AUTOINCREMENT', 'IDENTITY')) {
      if (cursor.isSymbol('(')) skipParenthesised(cursor);
      cursor.acceptWord('START');
      column.nullable = false;
    } else if (cursor.acceptWord('PRIMARY', 'KEY')) column.nullable = false;
    else if (cursor.acceptWord('UNIQUE')) continue;
    else if (cursor.acceptWord('REFERENCES')) {
      cursor.objectName();
      if (cursor.isSymbol('(')) skipParenthesised(cursor);
    } else return column;
  }
}

/** A type name with optional arguments, e.g. `NUMBER(38, 0)`, `DOUBLE PRECISION`, `VARCHAR`. */
function parseType(cursor: Cursor): string {
  const first = cursor.next();
  if (first.kind !== 'word') cursor.fail(first);
  let type = first.value.toUpperCase();
  const second = cursor.oneOf('PRECISION', 'VARYING');
  if (second) type += ` ${second}`;
  if (cursor.acceptSymbol('(')) {
    const args: string[] = [];
    do {
      const token = cursor.next();
      if (token.kind !== 'number' && token.kind !== 'word') cursor.fail(token);
      args.push(token.value.toUpperCase());
    } while (cursor.acceptSymbol(','));
    cursor.expectSymbol(')');
    type += `(${args.join(',')})`;
  }
  return type;
}

/** The text of a DEFAULT expression, up to the next column attribute, `,` or `)`. */
function expressionText(cursor: Cursor): string {
  const from = cursor.position;
  let depth = 0;
  while (!cursor.atEnd()) {
    if (depth === 0 && (cursor.isSymbol(',') || cursor.isSymbol(')') || cursor.isWord('NOT') || cursor.isWord('COMMENT') || cursor.isWord('PRIMARY'))) break;
    const token = cursor.next();
    if (token.kind === 'symbol' && token.value === '(') depth++;
    if (token.kind === 'symbol' && token.value === ')') depth--;
  }
  return cursor.textSince(from);
}

function skipParenthesised(cursor: Cursor): void {
  cursor.expectSymbol('(');
  let depth = 1;
  while (depth > 0) {
    if (cursor.atEnd()) cursor.fail();
    const token = cursor.next();
    if (token.kind === 'symbol' && token.value === '(') depth++;
    if (token.kind === 'symbol' && token.value === ')') depth--;
  }
}

function skipUntilListEnd(cursor: Cursor): void {
  while (!cursor.atEnd() && !cursor.isSymbol(',') && !cursor.isSymbol(')')) {
    if (cursor.isSymbol('(')) skipParenthesised(cursor);
    else cursor.next();
  }
}

export function parseAlter(cursor: Cursor): Statement {
  cursor.expectWord('ALTER');
  if (cursor.acceptWord('SESSION')) {
    if (cursor.acceptWord('SET')) {
      const set = cursor.properties();
      if (set.size === 0) cursor.fail();
      cursor.end();
      return { kind: 'alter-session', set, unset: [] };
    }
    cursor.expectWord('UNSET');
    const unset = keyList(cursor);
    cursor.end();
    return { kind: 'alter-session', set: new Map(), unset };
  }
  const type = objectType(cursor, 'ALTER');
  const ifExists = cursor.ifExists();
  const name = cursor.objectName();
  const statement: AlterStatement = { kind: 'alter', objectType: type, name, ifExists, action: parseAlterAction(cursor, type) };
  cursor.end();
  return statement;
}

function parseAlterAction(cursor: Cursor, type: ObjectType): AlterAction {
  if (cursor.acceptWord('SET')) {
    const properties = cursor.properties();
    if (properties.size === 0) cursor.fail();
    return { kind: 'set', properties };
  }
  if (cursor.acceptWord('UNSET')) return { kind: 'unset', keys: keyList(cursor) };
  if (cursor.acceptWord('RENAME', 'TO')) return { kind: 'rename', to: cursor.objectName() };
  if (type === 'WAREHOUSE') {
    if (cursor.acceptWord('SUSPEND')) return { kind: 'suspend' };
    if (cursor.acceptWord('RESUME')) return { kind: 'resume', ifSuspended: cursor.acceptWord('IF', 'SUSPENDED') };
  }
  if (type === 'TABLE') {
    if (cursor.acceptWord('ADD')) {
      cursor.acceptWord('COLUMN');
      const ifNotExists = cursor.ifNotExists();
      return { kind: 'add-column', column: parseColumn(cursor), ifNotExists };
    }
    if (cursor.acceptWord('DROP')) {
      cursor.acceptWord('COLUMN');
      const ifExists = cursor.ifExists();
      return { kind: 'drop-column', column: cursor.identifier(), ifExists };
    }
  }
  const word = cursor.peek();
  if (word.kind === 'word') throw errors.unsupported(`ALTER ${type} … ${word.value.toUpperCase()}`);
  return cursor.fail();
}

function keyList(cursor: Cursor): string[] {
  const keys: string[] = [];
  do {
    const token = cursor.next();
    if (token.kind !== 'word') cursor.fail(token);
    keys.push(token.value.toUpperCase());
  } while (cursor.acceptSymbol(','));
  return keys;
}

export function parseDrop(cursor: Cursor): DropStatement {
  cursor.expectWord('DROP');
  const type = objectType(cursor, 'DROP');
  const ifExists = cursor.ifExists();
  const name = cursor.objectName();
  cursor.oneOf('CASCADE', 'RESTRICT');
  cursor.end();
  return { kind: 'drop', objectType: type, name, ifExists };
}
