// The parser's reading head over one statement's tokens: keyword matching (case-insensitive),
// identifiers in stored form (including IDENTIFIER('…') and bound names), literals and binds.
// Every failure is Snowflake's own syntax error at the offending token.
import type { Literal, ObjectName, Properties, PropertyValue } from './ast';
import { errors } from './errors';
import { fromUnquoted, parseNameText } from './identifiers';
import type { Token } from './lexer';
import { literalText } from './values';

/** One entry of the request's `bindings` map, as the SDK sends it. */
export interface BindValue {
  type: string;
  value: string | null | Array<string | null>;
}

/** A bound value as text (numbers and booleans from hand-written clients included). */
function bindText(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  return typeof value === 'string' ? value : typeof value === 'object' ? JSON.stringify(value) : String(value);
}

/** Reads one `bindings` entry leniently: a bare value counts as TEXT, odd shapes do not crash. */
function normalise(raw: unknown): BindValue {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return { type: 'TEXT', value: bindText(raw) };
  const entry = raw as { type?: unknown; value?: unknown };
  const type = typeof entry.type === 'string' ? entry.type : 'TEXT';
  return { type, value: Array.isArray(entry.value) ? entry.value.map(bindText) : bindText(entry.value) };
}

/** The binds of one request; `?` takes them in order, `:n` by number. Shared across statements. */
export class Binds {
  private position = 0;
  private readonly values = new Map<number, BindValue>();

  constructor(bindings: Record<string, unknown> = {}) {
    for (const [key, raw] of Object.entries(bindings)) if (/^[0-9]+$/.test(key)) this.values.set(Number(key), normalise(raw));
  }

  take(token: Token): Literal {
    const index = token.value === '' ? ++this.position : Number(token.value);
    const bind = this.values.get(index);
    if (!bind) throw errors.bindNotSet(token.line, token.col, token.value === '' ? '?' : `:${token.value}`);
    return toLiteral(bind.type, Array.isArray(bind.value) ? (bind.value[0] ?? null) : bind.value);
  }

  /** Array binds (one value list per column) for multi-row INSERT; undefined when not arrays. */
  rows(): Literal[][] | undefined {
    const entries = [...this.values].sort(([a], [b]) => a - b).map(([, bind]) => bind);
    const first = entries[0];
    if (!first || !Array.isArray(first.value)) return undefined;
    const rows: Literal[][] = [];
    for (let r = 0; r < first.value.length; r++) {
      rows.push(entries.map((bind) => toLiteral(bind.type, Array.isArray(bind.value) ? (bind.value[r] ?? null) : null)));
    }
    return rows;
  }
}

function toLiteral(bindType: string, value: string | null): Literal {
  if (value === null) return { kind: 'null' };
  const type = bindType.toUpperCase();
  if (type === 'FIXED' || type === 'REAL') return { kind: 'number', value };
  if (type === 'BOOLEAN') return { kind: 'boolean', value: value === 'true' || value === '1' };
  return { kind: 'string', value };
}

export class Cursor {
  private index = 0;

  constructor(
    private readonly tokens: Token[],
    readonly binds: Binds,
  ) {}

  peek(ahead = 0): Token {
    return this.tokens[Math.min(this.index + ahead, this.tokens.length - 1)] as Token;
  }

  next(): Token {
    const token = this.peek();
    if (token.kind !== 'eof') this.index++;
    return token;
  }

  atEnd(): boolean {
    return this.peek().kind === 'eof';
  }

  /** Throws Snowflake's syntax error at the current token (or at `token`). */
  fail(token: Token = this.peek()): never {
    throw errors.syntax(token.line, token.col, token.text);
  }

  /** True when the next tokens are these words (case-insensitive), without consuming them. */
  isWord(...words: string[]): boolean {
    return words.every((word, i) => {
      const token = this.peek(i);
      return token.kind === 'word' && token.value.toUpperCase() === word;
    });
  }

  acceptWord(...words: string[]): boolean {
    if (!this.isWord(...words)) return false;
    this.index += words.length;
    return true;
  }

  expectWord(...words: string[]): void {
    for (const word of words) if (!this.acceptWord(word)) this.fail();
  }

  /** Consumes and returns whichever of `words` comes next, or undefined. */
  oneOf<T extends string>(...words: T[]): T | undefined {
    return words.find((word) => this.acceptWord(word));
  }

  isSymbol(symbol: string): boolean {
    const token = this.peek();
    return token.kind === 'symbol' && token.value === symbol;
  }

  acceptSymbol(symbol: string): boolean {
    if (!this.isSymbol(symbol)) return false;
    this.index++;
    return true;
  }

  expectSymbol(symbol: string): void {
    if (!this.acceptSymbol(symbol)) this.fail();
  }

  /** Fails unless the statement is fully read. */
  end(): void {
    if (!this.atEnd()) this.fail();
  }

  /** `IF NOT EXISTS` / `IF EXISTS` → true when present. */
  ifNotExists(): boolean {
    return this.acceptWord('IF', 'NOT', 'EXISTS');
  }

  ifExists(): boolean {
    return this.acceptWord('IF', 'EXISTS');
  }

  /** One identifier in stored form. */
  identifier(): string {
    const name = this.objectName();
    if (name.length !== 1) this.fail();
    return name[0] as string;
  }

  /** A possibly qualified name: `a.b."C"`, or IDENTIFIER('a.b') / IDENTIFIER(?). */
  objectName(): ObjectName {
    if (this.isWord('IDENTIFIER') && this.peek(1).kind === 'symbol' && this.peek(1).value === '(') {
      this.index += 2;
      const token = this.peek();
      const literal = token.kind === 'bind' ? (this.next(), this.binds.take(token)) : this.literal();
      this.expectSymbol(')');
      const parts = literal.kind === 'string' ? parseNameText(literal.value) : undefined;
      if (!parts) this.fail(token);
      return parts;
    }
    const parts = [this.namePart()];
    while (this.acceptSymbol('.')) parts.push(this.namePart());
    return parts;
  }

  private namePart(): string {
    const token = this.peek();
    if (token.kind === 'word') {
      this.index++;
      return fromUnquoted(token.value);
    }
    if (token.kind === 'quoted') {
      this.index++;
      return token.value;
    }
    return this.fail();
  }

  /** A literal: 'string', number (with sign), TRUE/FALSE, NULL, or a bind. */
  literal(): Literal {
    const token = this.peek();
    if (token.kind === 'string') {
      this.index++;
      return { kind: 'string', value: token.value };
    }
    if (token.kind === 'number') {
      this.index++;
      return { kind: 'number', value: token.value };
    }
    if (token.kind === 'symbol' && (token.value === '-' || token.value === '+') && this.peek(1).kind === 'number') {
      this.index += 2;
      return { kind: 'number', value: (token.value === '-' ? '-' : '') + this.peek(-1).value };
    }
    if (token.kind === 'bind') {
      this.index++;
      return this.binds.take(token);
    }
    if (this.acceptWord('TRUE')) return { kind: 'boolean', value: true };
    if (this.acceptWord('FALSE')) return { kind: 'boolean', value: false };
    if (this.acceptWord('NULL')) return { kind: 'null' };
    return this.fail();
  }

  /** True when the next token can start a literal. */
  atLiteral(): boolean {
    const token = this.peek();
    return (
      token.kind === 'string' ||
      token.kind === 'number' ||
      token.kind === 'bind' ||
      (token.kind === 'symbol' && (token.value === '-' || token.value === '+') && this.peek(1).kind === 'number') ||
      this.isWord('TRUE') ||
      this.isWord('FALSE') ||
      this.isWord('NULL')
    );
  }

  /** A property value: literal, bare word (kept upper-cased), dotted name, or `( … )` list. */
  propertyValue(): PropertyValue {
    if (this.atLiteral()) return this.literal();
    if (this.acceptSymbol('(')) {
      const values: PropertyValue[] = [];
      if (!this.acceptSymbol(')')) {
        do values.push(this.propertyValue());
        while (this.acceptSymbol(','));
        this.expectSymbol(')');
      }
      return { kind: 'list', values };
    }
    const token = this.peek();
    if (token.kind === 'word' || token.kind === 'quoted') return { kind: 'ident', value: this.objectName().join('.') };
    return this.fail();
  }

  /** `KEY = value [,] KEY = value …` while the next tokens look like an assignment. */
  properties(into: Properties = new Map()): Properties {
    for (;;) {
      const key = this.peek();
      const eq = this.peek(1);
      if (key.kind !== 'word' || eq.kind !== 'symbol' || eq.value !== '=') return into;
      this.index += 2;
      into.set(key.value.toUpperCase(), this.propertyValue());
      this.acceptSymbol(',');
    }
  }

  /** The tokens from `from` up to the current position, as written (for column labels). */
  textSince(from: number): string {
    let text = '';
    let previous: Token | undefined;
    for (const token of this.tokens.slice(from, this.index)) {
      if (previous && token.offset > previous.end) text += ' ';
      text += token.text;
      previous = token;
    }
    return text;
  }

  get position(): number {
    return this.index;
  }
}

/** The text of a property value (for storage and SHOW output). */
export function propertyText(value: PropertyValue | undefined): string | undefined {
  if (!value) return undefined;
  if (value.kind === 'ident') return value.value;
  if (value.kind === 'list') return value.values.map((v) => propertyText(v) ?? '').join(',');
  return literalText(value) ?? undefined;
}
