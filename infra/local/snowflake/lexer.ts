// Splits SQL text into tokens the way Snowflake's parser sees it: bare words, "quoted"
// identifiers, 'strings' (with '' and backslash escapes) and $$dollar$$ strings, numbers, binds
// (`?`, `:1`) and symbols; comments (`--`, `//`, `/* */`) are skipped. Positions are kept so
// errors can say "line 1 at position 6" exactly as Snowflake does.
import { errors } from './errors';

export type TokenKind = 'word' | 'quoted' | 'string' | 'number' | 'bind' | 'symbol' | 'eof';

export interface Token {
  kind: TokenKind;
  /** The token's meaning: identifier text without quotes, a string's value, a bind's index ('' for `?`). */
  value: string;
  /** The source text of the token. */
  text: string;
  line: number;
  /** 0-based column within its line. */
  col: number;
  offset: number;
  end: number;
}

const SYMBOLS = ['<>', '!=', '<=', '>=', '::', '=>', '||', '(', ')', ',', '.', ';', '=', '*', '<', '>', '+', '-', '/', '%'];

export function tokenize(sql: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  let line = 1;
  let lineStart = 0;

  const push = (kind: TokenKind, start: number, end: number, value: string) => {
    tokens.push({ kind, value, text: sql.slice(start, end), line, col: start - lineStart, offset: start, end });
  };
  const fail = (at: number, unexpected: string): never => {
    throw errors.syntax(line, at - lineStart, unexpected);
  };
  /** Advances over text that may span lines, keeping the line count right. */
  const advanceTo = (to: number) => {
    for (let j = i; j < to; j++) {
      if (sql[j] === '\n') {
        line++;
        lineStart = j + 1;
      }
    }
    i = to;
  };

  while (i < sql.length) {
    const ch = sql[i] ?? '';
    const next = sql[i + 1] ?? '';
    if (/\s/.test(ch)) {
      advanceTo(i + 1);
    } else if ((ch === '-' && next === '-') || (ch === '/' && next === '/')) {
      const stop = sql.indexOf('\n', i);
      advanceTo(stop === -1 ? sql.length : stop);
    } else if (ch === '/' && next === '*') {
      const stop = sql.indexOf('*/', i + 2);
      if (stop === -1) fail(sql.length, '<EOF>');
      advanceTo(stop + 2);
    } else if (/[A-Za-z_]/.test(ch)) {
      const match = /^[A-Za-z_][A-Za-z0-9_$]*/.exec(sql.slice(i)) as RegExpExecArray;
      push('word', i, i + match[0].length, match[0]);
      i += match[0].length;
    } else if (ch === '"') {
      const match = /^"((?:[^"]|"")*)"/.exec(sql.slice(i));
      if (!match) fail(sql.length, '<EOF>');
      const inner = (match as RegExpExecArray)[1] ?? '';
      if (inner === '') fail(i, '""');
      const start = i;
      const startLine = line;
      const startCol = i - lineStart;
      advanceTo(i + (match as RegExpExecArray)[0].length);
      tokens.push({ kind: 'quoted', value: inner.replace(/""/g, '"'), text: sql.slice(start, i), line: startLine, col: startCol, offset: start, end: i });
    } else if (ch === "'") {
      const start = i;
      const startLine = line;
      const startCol = i - lineStart;
      const { value, end } = readString(sql, i) ?? fail(sql.length, '<EOF>');
      advanceTo(end);
      tokens.push({ kind: 'string', value, text: sql.slice(start, end), line: startLine, col: startCol, offset: start, end });
    } else if (ch === '$' && next === '$') {
      const stop = sql.indexOf('$$', i + 2);
      if (stop === -1) fail(sql.length, '<EOF>');
      const start = i;
      const startLine = line;
      const startCol = i - lineStart;
      advanceTo(stop + 2);
      tokens.push({ kind: 'string', value: sql.slice(start + 2, stop), text: sql.slice(start, i), line: startLine, col: startCol, offset: start, end: i });
    } else if (/[0-9]/.test(ch) || (ch === '.' && /[0-9]/.test(next))) {
      const match = /^(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?/.exec(sql.slice(i)) as RegExpExecArray;
      push('number', i, i + match[0].length, match[0]);
      i += match[0].length;
    } else if (ch === '?') {
      push('bind', i, i + 1, '');
      i += 1;
    } else if (ch === ':' && /[0-9]/.test(next)) {
      const match = /^:([0-9]+)/.exec(sql.slice(i)) as RegExpExecArray;
      push('bind', i, i + match[0].length, match[1] ?? '');
      i += match[0].length;
    } else {
      // Any other character is a one-character symbol (`@stage`, `v:path`, …): the parser, not
      // the lexer, decides whether the statement makes sense, so its error names the statement.
      const symbol = SYMBOLS.find((s) => sql.startsWith(s, i)) ?? String.fromCodePoint(sql.codePointAt(i) ?? 0);
      push('symbol', i, i + symbol.length, symbol);
      i += symbol.length;
    }
  }
  tokens.push({ kind: 'eof', value: '', text: '<EOF>', line, col: i - lineStart, offset: i, end: i });
  return tokens;
}

const ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', b: '\b', f: '\f', '0': '\0', "'": "'", '"': '"', '\\': '\\' };

/** Reads a single-quoted literal starting at `start`; undefined when it never closes. */
function readString(sql: string, start: number): { value: string; end: number } | undefined {
  let value = '';
  let i = start + 1;
  while (i < sql.length) {
    const ch = sql[i] ?? '';
    if (ch === '\\' && i + 1 < sql.length) {
      const escaped = sql[i + 1] ?? '';
      value += ESCAPES[escaped] ?? escaped;
      i += 2;
    } else if (ch === "'") {
      if (sql[i + 1] === "'") {
        value += "'";
        i += 2;
      } else {
        return { value, end: i + 1 };
      }
    } else {
      value += ch;
      i += 1;
    }
  }
  return undefined;
}

/** Splits a token stream into statements at top-level `;`, dropping empty ones. */
export function splitStatements(tokens: Token[]): Token[][] {
  const statements: Token[][] = [];
  let current: Token[] = [];
  for (const token of tokens) {
    if (token.kind === 'eof' || (token.kind === 'symbol' && token.value === ';')) {
      if (current.length > 0) statements.push([...current, { ...token, kind: 'eof', value: '' }]);
      current = [];
    } else {
      current.push(token);
    }
  }
  return statements;
}
