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

/**
 * SHOW … LIKE '<pattern>': case-insensitive, `%` = any run, `_` = one character, `\` escapes.
 */
export function likeMatcher(pattern: string, caseInsensitive = true): (value: string) => boolean {
  let source = '';
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i] ?? '';
    if (ch === '\\' && i + 1 < pattern.length) {
      source += escapeRegex(pattern[++i] ?? '');
    } else if (ch === '%') source += '[\\s\\S]*';
    else if (ch === '_') source += '[\\s\\S]';
    else source += escapeRegex(ch);
  }
  const regex = new RegExp(`^${source}$`, caseInsensitive ? 'i' : '');
  return (value) => regex.test(value);
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
