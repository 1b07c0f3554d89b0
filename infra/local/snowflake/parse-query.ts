// SELECT, INSERT and TRUNCATE in the shapes Tapestry uses to inspect a warehouse: one table (or
// none), AND-ed simple conditions, ORDER BY, LIMIT, COUNT(*), the CURRENT_…() functions, and
// INSERT … VALUES (with array binds for many rows). Joins, grouping and subqueries are real
// Snowflake but beyond this stand-in, so they get "unsupported feature".
import type { Condition, Expression, InsertStatement, Literal, SelectItem, SelectStatement, TruncateStatement } from './ast';
import type { Cursor } from './cursor';
import { errors } from './errors';

/** Words that end a select item or table reference instead of being an alias. */
const CLAUSE_WORDS = ['FROM', 'WHERE', 'ORDER', 'LIMIT', 'GROUP', 'HAVING', 'QUALIFY', 'UNION', 'EXCEPT', 'MINUS', 'INTERSECT', 'JOIN', 'LEFT', 'RIGHT', 'INNER', 'FULL', 'CROSS', 'NATURAL', 'OFFSET', 'FETCH', 'AS'];
/** Functions Snowflake lets you call without parentheses. */
const BARE_FUNCTIONS = ['CURRENT_TIMESTAMP', 'CURRENT_DATE', 'CURRENT_TIME', 'CURRENT_USER', 'CURRENT_ROLE', 'LOCALTIMESTAMP', 'SYSDATE'];

export function parseSelect(cursor: Cursor): SelectStatement {
  if (cursor.isWord('WITH')) throw errors.unsupported('WITH');
  cursor.expectWord('SELECT');
  if (cursor.oneOf('DISTINCT', 'TOP')) throw errors.unsupported('SELECT DISTINCT / TOP');
  cursor.acceptWord('ALL');
  const statement: SelectStatement = { kind: 'select', items: [], where: [], orderBy: [] };
  do statement.items.push(parseItem(cursor));
  while (cursor.acceptSymbol(','));
  if (cursor.acceptWord('FROM')) {
    if (cursor.isSymbol('(') || cursor.isWord('TABLE')) throw errors.unsupported('SELECT FROM a subquery or table function');
    statement.from = cursor.objectName();
    if (!cursor.atEnd() && !CLAUSE_WORDS.includes(cursor.peek().value.toUpperCase()) && cursor.peek().kind !== 'symbol') cursor.identifier();
    else if (cursor.acceptWord('AS')) cursor.identifier();
    if (cursor.isSymbol(',')) throw errors.unsupported('SELECT with a join');
  }
  if (cursor.oneOf('JOIN', 'LEFT', 'RIGHT', 'INNER', 'FULL', 'CROSS', 'NATURAL')) throw errors.unsupported('SELECT with a join');
  if (cursor.acceptWord('WHERE')) {
    do statement.where.push(parseCondition(cursor));
    while (cursor.acceptWord('AND'));
    if (cursor.isWord('OR')) throw errors.unsupported('WHERE … OR');
  }
  if (cursor.oneOf('GROUP', 'HAVING', 'QUALIFY', 'UNION', 'EXCEPT', 'MINUS', 'INTERSECT')) throw errors.unsupported('SELECT with grouping or set operators');
  if (cursor.acceptWord('ORDER', 'BY')) {
    do {
      const expression = parseExpression(cursor);
      const descending = cursor.oneOf('ASC', 'DESC') === 'DESC';
      if (cursor.acceptWord('NULLS')) cursor.oneOf('FIRST', 'LAST');
      statement.orderBy.push({ expression, descending });
    } while (cursor.acceptSymbol(','));
  }
  if (cursor.acceptWord('LIMIT')) {
    const limit = cursor.literal();
    if (limit.kind !== 'number' || !/^[0-9]+$/.test(limit.value)) cursor.fail(cursor.peek(-1));
    statement.limit = Number(limit.value);
  }
  return statement;
}

function parseItem(cursor: Cursor): SelectItem {
  if (cursor.acceptSymbol('*')) return { expression: { kind: 'star' }, label: '*' };
  const from = cursor.position;
  const expression = parseExpression(cursor);
  const label = expression.kind === 'column' ? expression.name : cursor.textSince(from).toUpperCase();
  if (cursor.acceptWord('AS')) return { expression, alias: cursor.identifier(), label };
  const next = cursor.peek();
  if ((next.kind === 'word' && !CLAUSE_WORDS.includes(next.value.toUpperCase())) || next.kind === 'quoted') {
    return { expression, alias: cursor.identifier(), label };
  }
  return { expression, label };
}

export function parseExpression(cursor: Cursor): Expression {
  if (cursor.atLiteral()) {
    const value = cursor.literal();
    rejectOperators(cursor);
    return { kind: 'literal', value };
  }
  if (cursor.isSymbol('(')) throw errors.unsupported('subqueries and parenthesised expressions');
  const token = cursor.peek();
  if (token.kind !== 'word' && token.kind !== 'quoted') return cursor.fail();
  const name = cursor.objectName();
  const last = name[name.length - 1] as string;
  if (token.kind === 'word' && name.length === 1 && cursor.acceptSymbol('(')) {
    const call: Expression = { kind: 'function', name: last, args: [], star: false, distinct: false };
    if (cursor.acceptSymbol('*')) call.star = true;
    else if (!cursor.isSymbol(')')) {
      call.distinct = cursor.acceptWord('DISTINCT');
      do call.args.push(parseExpression(cursor));
      while (cursor.acceptSymbol(','));
    }
    cursor.expectSymbol(')');
    rejectOperators(cursor);
    return call;
  }
  rejectOperators(cursor);
  if (token.kind === 'word' && name.length === 1 && BARE_FUNCTIONS.includes(last)) {
    return { kind: 'function', name: last, args: [], star: false, distinct: false };
  }
  return { kind: 'column', name: last };
}

/** Arithmetic and casts are beyond this stand-in; say so instead of misreading them. */
function rejectOperators(cursor: Cursor): void {
  for (const op of ['+', '-', '*', '/', '%', '||', '::']) {
    if (cursor.isSymbol(op)) throw errors.unsupported(`the '${op}' operator`);
  }
}

function parseCondition(cursor: Cursor): Condition {
  if (cursor.isWord('NOT') || cursor.isSymbol('(')) throw errors.unsupported('NOT / parenthesised conditions');
  const left = parseExpression(cursor);
  if (cursor.acceptWord('IS')) {
    const negated = cursor.acceptWord('NOT');
    cursor.expectWord('NULL');
    return { kind: 'is-null', left, negated };
  }
  const negated = cursor.acceptWord('NOT');
  if (cursor.acceptWord('IN')) {
    cursor.expectSymbol('(');
    const values: Expression[] = [];
    do values.push(parseExpression(cursor));
    while (cursor.acceptSymbol(','));
    cursor.expectSymbol(')');
    return { kind: 'in', left, values, negated };
  }
  const like = cursor.oneOf('LIKE', 'ILIKE');
  if (like) return { kind: 'like', left, pattern: parseExpression(cursor), caseInsensitive: like === 'ILIKE', negated };
  if (negated) cursor.fail();
  const token = cursor.next();
  const ops = ['=', '<>', '!=', '<', '<=', '>', '>='];
  if (token.kind !== 'symbol' || !ops.includes(token.value)) cursor.fail(token);
  const op = (token.value === '!=' ? '<>' : token.value) as '=' | '<>' | '<' | '<=' | '>' | '>=';
  return { kind: 'compare', left, op, right: parseExpression(cursor) };
}

export function parseInsert(cursor: Cursor): InsertStatement {
  cursor.expectWord('INSERT');
  const overwrite = cursor.acceptWord('OVERWRITE');
  if (cursor.oneOf('ALL', 'FIRST')) throw errors.unsupported('multi-table INSERT');
  cursor.expectWord('INTO');
  const table = cursor.objectName();
  let columns: string[] | undefined;
  if (cursor.acceptSymbol('(')) {
    columns = [];
    do columns.push(cursor.identifier());
    while (cursor.acceptSymbol(','));
    cursor.expectSymbol(')');
  }
  if (cursor.isWord('SELECT') || cursor.isWord('WITH')) throw errors.unsupported('INSERT … SELECT');
  cursor.expectWord('VALUES');
  const rows: Literal[][] = [];
  let onlyBinds = true;
  do {
    cursor.expectSymbol('(');
    const row: Literal[] = [];
    do {
      if (cursor.peek().kind !== 'bind') onlyBinds = false;
      row.push(cursor.literal());
    } while (cursor.acceptSymbol(','));
    cursor.expectSymbol(')');
    rows.push(row);
  } while (cursor.acceptSymbol(','));
  cursor.end();
  // The SDK sends many rows as one row of `?` with array values per column.
  const arrayRows = rows.length === 1 && onlyBinds ? cursor.binds.rows() : undefined;
  return { kind: 'insert', table, columns, rows: arrayRows ?? rows, overwrite };
}

export function parseTruncate(cursor: Cursor): TruncateStatement {
  cursor.expectWord('TRUNCATE');
  cursor.acceptWord('TABLE');
  const ifExists = cursor.ifExists();
  const table = cursor.objectName();
  cursor.end();
  return { kind: 'truncate', table, ifExists };
}
