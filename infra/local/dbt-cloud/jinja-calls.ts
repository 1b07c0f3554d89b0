// The small part of Jinja a dbt model uses for its graph: `{{ ref('x') }}`, `{{ source('s','t') }}`,
// `{{ config(materialized='table') }}` and `{{ this }}`. Arguments are Python-style literals
// (strings, numbers, True/False/None, lists) given by position or by keyword. Anything else is
// reported, so a model the sandbox cannot render fails visibly instead of running wrong SQL.

export type Literal = string | number | boolean | null | Literal[];

export interface Call {
  name: string;
  positional: Literal[];
  keywords: Record<string, Literal>;
}

/** One `{{ … }}` block of a model: where it is, and what it calls. */
export interface Expression {
  start: number;
  end: number;
  text: string;
  call?: Call;
  /** Why it is not a call the sandbox can render. */
  problem?: string;
}

const TOKEN = /\s*(?:('(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")|(-?\d+(?:\.\d+)?)|([A-Za-z_][A-Za-z0-9_]*)|([=,[\]]))/y;

type Token = { kind: 'string' | 'number' | 'name' | 'punct'; text: string };

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  TOKEN.lastIndex = 0;
  let at = 0;
  while (source.slice(at).trim() !== '') {
    TOKEN.lastIndex = at;
    const m = TOKEN.exec(source);
    if (!m) throw new Error(`unexpected text "${source.slice(at).trim().slice(0, 20)}"`);
    at = TOKEN.lastIndex;
    if (m[1] !== undefined) tokens.push({ kind: 'string', text: m[1].slice(1, -1).replace(/\\(.)/g, '$1') });
    else if (m[2] !== undefined) tokens.push({ kind: 'number', text: m[2] });
    else if (m[3] !== undefined) tokens.push({ kind: 'name', text: m[3] });
    else tokens.push({ kind: 'punct', text: m[4] ?? '' });
  }
  return tokens;
}

const CONSTANTS: Record<string, Literal> = { True: true, true: true, False: false, false: false, None: null, none: null };

function parseArguments(source: string): Pick<Call, 'positional' | 'keywords'> {
  const tokens = tokenize(source);
  let i = 0;
  const peek = () => tokens[i];
  const literal = (): Literal => {
    const t = tokens[i++];
    if (!t) throw new Error('an argument is missing');
    if (t.kind === 'string') return t.text;
    if (t.kind === 'number') return Number(t.text);
    if (t.kind === 'name' && t.text in CONSTANTS) return CONSTANTS[t.text] as Literal;
    if (t.kind === 'punct' && t.text === '[') {
      const items: Literal[] = [];
      while (peek() && !(peek()?.kind === 'punct' && peek()?.text === ']')) {
        items.push(literal());
        if (peek()?.text === ',') i++;
      }
      if (!peek()) throw new Error('a list is not closed');
      i++;
      return items;
    }
    throw new Error(`"${t.text}" is not a literal the sandbox can evaluate`);
  };
  const positional: Literal[] = [];
  const keywords: Record<string, Literal> = {};
  while (i < tokens.length) {
    const t = tokens[i];
    if (t?.kind === 'name' && tokens[i + 1]?.text === '=') {
      i += 2;
      keywords[t.text] = literal();
    } else {
      if (Object.keys(keywords).length > 0) throw new Error('a positional argument follows a keyword argument');
      positional.push(literal());
    }
    if (i < tokens.length) {
      if (tokens[i]?.text !== ',') throw new Error(`expected "," but found "${tokens[i]?.text ?? ''}"`);
      i++;
    }
  }
  return { positional, keywords };
}

const KNOWN_CALLS = new Set(['ref', 'source', 'config']);

function expression(text: string): Pick<Expression, 'call' | 'problem'> {
  const inner = text.trim();
  if (inner === 'this') return { call: { name: 'this', positional: [], keywords: {} } };
  const m = /^([A-Za-z_][A-Za-z0-9_]*)\s*\(([\s\S]*)\)$/.exec(inner);
  if (!m || !KNOWN_CALLS.has(m[1] ?? '')) {
    return { problem: `the sandbox renders only ref(), source(), config() and this; it cannot render "{{ ${inner} }}"` };
  }
  try {
    return { call: { name: m[1] as string, ...parseArguments(m[2] ?? '') } };
  } catch (error) {
    return { problem: `cannot read the arguments of ${m[1]}(): ${(error as Error).message}` };
  }
}

/** Comments removed, then each `{{ … }}`; `{% … %}` statements are reported as problems. */
export function scanTemplate(raw: string): { code: string; expressions: Expression[]; statementProblem?: string } {
  const code = raw.replace(/\{#[\s\S]*?#\}/g, '');
  const statement = /\{%-?\s*([\s\S]*?)\s*-?%\}/.exec(code);
  const expressions: Expression[] = [];
  for (const m of code.matchAll(/\{\{-?([\s\S]*?)-?\}\}/g)) {
    const start = m.index ?? 0;
    expressions.push({ start, end: start + m[0].length, text: m[0], ...expression(m[1] ?? '') });
  }
  const statementProblem = statement ? `the sandbox does not run Jinja statements such as "{% ${statement[1]} %}"` : undefined;
  return statementProblem ? { code, expressions, statementProblem } : { code, expressions };
}
