// Snowflake's identifier rules: unquoted names are stored upper-cased (`raw` = `RAW` = `Raw`),
// double-quoted names keep their case exactly (`"Raw"` is another object), and a name prints
// without quotes only when it would read back the same way unquoted.

const PLAIN_STORED = /^[A-Z_][A-Z0-9_$]*$/;
const UNQUOTED = /^[A-Za-z_][A-Za-z0-9_$]*$/;

/** The stored form of an unquoted identifier. */
export function fromUnquoted(text: string): string {
  return text.toUpperCase();
}

/** The stored form of a double-quoted identifier's text between the quotes (`""` is one quote). */
export function fromQuoted(inner: string): string {
  return inner.replace(/""/g, '"');
}

/** How Snowflake prints a stored name: bare when it is plain upper case, else in double quotes. */
export function displayName(name: string): string {
  return PLAIN_STORED.test(name) ? name : `"${name.replace(/"/g, '""')}"`;
}

/**
 * Parses the text given to IDENTIFIER('…') or bound to it: dot-separated parts, each either
 * double-quoted (case kept) or bare (upper-cased). Returns undefined when the text is not a name.
 */
export function parseNameText(text: string): string[] | undefined {
  const parts: string[] = [];
  let rest = text.trim();
  for (;;) {
    if (rest.startsWith('"')) {
      const match = /^"((?:[^"]|"")+)"/.exec(rest);
      if (!match?.[1]) return undefined;
      parts.push(fromQuoted(match[1]));
      rest = rest.slice(match[0].length);
    } else {
      const match = /^[A-Za-z_][A-Za-z0-9_$]*/.exec(rest);
      if (!match) return undefined;
      parts.push(fromUnquoted(match[0]));
      rest = rest.slice(match[0].length);
    }
    if (rest === '') return parts;
    if (!rest.startsWith('.')) return undefined;
    rest = rest.slice(1);
  }
}

/** True when `text` is a bare identifier (no quoting needed to write it). */
export function isBareIdentifier(text: string): boolean {
  return UNQUOTED.test(text);
}

type PatternPart = { kind: 'any' } | { kind: 'one' } | { kind: 'char'; char: string };

/**
 * SQL LIKE: `%` = any run, `_` = one character, `\` escapes; case-insensitive for SHOW … LIKE and
 * ILIKE. A wildcard walk (at worst text length × pattern length steps) rather than a regular
 * expression, so a pattern like `%a%a%a%b` over long stored text cannot backtrack exponentially.
 */
export function likeMatcher(pattern: string, caseInsensitive = true): (value: string) => boolean {
  const fold = (text: string) => (caseInsensitive ? text.toLowerCase() : text);
  const parts: PatternPart[] = [];
  const chars = [...fold(pattern)];
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i] as string;
    if (ch === '\\' && i + 1 < chars.length) parts.push({ kind: 'char', char: chars[++i] as string });
    else if (ch === '%') {
      if (parts[parts.length - 1]?.kind !== 'any') parts.push({ kind: 'any' });
    } else if (ch === '_') parts.push({ kind: 'one' });
    else parts.push({ kind: 'char', char: ch });
  }
  return (value) => {
    const text = [...fold(value)];
    let t = 0;
    let p = 0;
    let star = -1;
    let resume = 0;
    while (t < text.length) {
      const part = parts[p];
      if (part && (part.kind === 'one' || (part.kind === 'char' && part.char === text[t]))) {
        t++;
        p++;
      } else if (part?.kind === 'any') {
        star = p++;
        resume = t;
      } else if (star !== -1) {
        p = star + 1;
        t = ++resume;
      } else return false;
    }
    while (parts[p]?.kind === 'any') p++;
    return p === parts.length;
  };
}
