// The statement parser's entry: picks the statement by its leading words and hands over to the
// parser for that family. Leading words Snowflake knows but this stand-in does not run get the
// "unsupported feature" compilation error; anything else is a syntax error, as Snowflake says.
import type { ShowObjects, ShowStatement, Statement, UseStatement } from './ast';
import { Binds, Cursor } from './cursor';
import { errors } from './errors';
import { splitStatements, tokenize, type Token } from './lexer';
import { parseShowGrants, parseGrantOrRevoke } from './parse-grants';
import { parseAlter, parseCreate, parseDrop } from './parse-objects';
import { parseInsert, parseSelect, parseTruncate } from './parse-query';

/** Real Snowflake statements this stand-in does not execute. */
const KNOWN_UNSUPPORTED = [
  'MERGE', 'UPDATE', 'DELETE', 'COPY', 'PUT', 'GET', 'LIST', 'LS', 'REMOVE', 'RM', 'CALL', 'EXECUTE', 'UNDROP',
  'COMMENT', 'EXPLAIN', 'DESCRIBE', 'DESC', 'SET', 'UNSET', 'UNLOAD', 'WITH', 'VALUES',
];

const SHOW_OBJECTS: ShowObjects[] = ['WAREHOUSES', 'DATABASES', 'SCHEMAS', 'ROLES', 'USERS', 'TABLES', 'COLUMNS'];

/** One statement of a request: its own text (for the statement log) and its tokens. */
export interface StatementSource {
  text: string;
  tokens: Token[];
}

/** Splits request text into statements (throws Snowflake's syntax error for bad tokens). */
export function splitScript(sql: string): StatementSource[] {
  return splitStatements(tokenize(sql)).map((tokens) => {
    const first = tokens[0] as Token;
    const last = tokens[tokens.length - 2] as Token;
    return { text: sql.slice(first.offset, last.end), tokens };
  });
}

export function createBinds(bindings: Record<string, unknown> | undefined): Binds {
  return new Binds(bindings ?? {});
}

/** Parses one statement's tokens. */
export function parseStatement(source: StatementSource, binds: Binds): Statement {
  const cursor = new Cursor(source.tokens, binds);
  const first = cursor.peek();
  const word = first.kind === 'word' ? first.value.toUpperCase() : '';
  switch (word) {
    case 'CREATE':
      return parseCreate(cursor);
    case 'ALTER':
      return parseAlter(cursor);
    case 'DROP':
      return parseDrop(cursor);
    case 'GRANT':
    case 'REVOKE':
      return parseGrantOrRevoke(cursor);
    case 'SHOW':
      return parseShow(cursor);
    case 'USE':
      return parseUse(cursor);
    case 'SELECT': {
      const select = parseSelect(cursor);
      cursor.end();
      return select;
    }
    case 'INSERT':
      return parseInsert(cursor);
    case 'TRUNCATE':
      return parseTruncate(cursor);
    case 'BEGIN':
    case 'START':
      cursor.next();
      cursor.oneOf('TRANSACTION', 'WORK');
      cursor.end();
      return { kind: 'transaction', action: 'BEGIN' };
    case 'COMMIT':
    case 'ROLLBACK':
      cursor.next();
      cursor.acceptWord('WORK');
      cursor.end();
      return { kind: 'transaction', action: word };
    default:
      if (KNOWN_UNSUPPORTED.includes(word)) throw errors.unsupported(word);
      return cursor.fail();
  }
}

function parseShow(cursor: Cursor): Statement {
  cursor.expectWord('SHOW');
  if (cursor.isWord('GRANTS')) return parseShowGrants(cursor, false);
  if (cursor.acceptWord('FUTURE')) return parseShowGrants(cursor, true);
  const terse = cursor.acceptWord('TERSE');
  const objects = cursor.oneOf(...SHOW_OBJECTS);
  if (!objects) {
    const other = cursor.peek();
    if (other.kind === 'word') throw errors.unsupported(`SHOW ${other.value.toUpperCase()}`);
    return cursor.fail();
  }
  const statement: ShowStatement = { kind: 'show', objects, terse };
  if (cursor.acceptWord('LIKE')) {
    const pattern = cursor.literal();
    if (pattern.kind !== 'string') cursor.fail(cursor.peek(-1));
    statement.like = pattern.value;
  }
  if (cursor.acceptWord('IN')) {
    if (cursor.acceptWord('ACCOUNT')) statement.in = { type: 'ACCOUNT' };
    else {
      const type = cursor.oneOf('DATABASE', 'SCHEMA', 'TABLE') ?? 'SCHEMA';
      const named = cursor.peek().kind === 'word' || cursor.peek().kind === 'quoted';
      statement.in = { type, name: named && !cursor.isWord('LIMIT') && !cursor.isWord('STARTS') ? cursor.objectName() : [] };
    }
  }
  if (cursor.acceptWord('STARTS', 'WITH')) cursor.literal();
  if (cursor.acceptWord('LIMIT')) cursor.literal();
  cursor.end();
  return statement;
}

function parseUse(cursor: Cursor): UseStatement {
  cursor.expectWord('USE');
  if (cursor.isWord('SECONDARY')) throw errors.unsupported('USE SECONDARY ROLES');
  const type = cursor.oneOf('WAREHOUSE', 'DATABASE', 'SCHEMA', 'ROLE');
  const name = cursor.objectName();
  cursor.end();
  if (type) {
    if (name.length > (type === 'SCHEMA' ? 2 : 1)) cursor.fail(cursor.peek(-1));
    return { kind: 'use', objectType: type, name };
  }
  // `USE x` is USE DATABASE x; `USE x.y` is USE SCHEMA x.y.
  if (name.length > 2) cursor.fail(cursor.peek(-1));
  return { kind: 'use', objectType: name.length === 2 ? 'SCHEMA' : 'DATABASE', name };
}
