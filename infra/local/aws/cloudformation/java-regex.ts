// CloudFormation's provider schemas carry Java regular expressions (the service validates with
// a Java JSON Schema library). A few Java-only constructs appear in them: an inline `(?i)` flag,
// POSIX classes such as `\p{Print}`, `\A`/`\Z` anchors and escapes JavaScript's `u` mode refuses
// (`\_`, `\-`). This turns such a pattern into the closest JavaScript RegExp, for Ajv's `regExp`
// option; a pattern that still does not compile accepts everything rather than breaking the
// validation of the whole resource.

const POSIX_CLASSES: Record<string, string> = {
  Print: '\\x20-\\x7E',
  Graph: '\\x21-\\x7E',
  Alnum: 'A-Za-z0-9',
  Alpha: 'A-Za-z',
  Digit: '0-9',
  Upper: 'A-Z',
  Lower: 'a-z',
  Punct: '!-\\/:-@\\[-`{-~',
  Space: ' \\t\\n\\x0B\\f\\r',
  XDigit: '0-9a-fA-F',
  ASCII: '\\x00-\\x7F',
};

export function translateJavaPattern(pattern: string): { source: string; flags: string } {
  let source = pattern;
  let flags = '';
  // Java allows the flag inside the pattern (`^(?i)…`); JavaScript only as a flag on the whole.
  if (source.includes('(?i)')) {
    source = source.replace(/\(\?i\)/g, '');
    flags += 'i';
  }
  source = source
    .replace(/\\p\{(\w+)\}/g, (whole, name: string) => (POSIX_CLASSES[name] ? `[${POSIX_CLASSES[name]}]` : whole))
    .replace(/\\A/g, '^')
    .replace(/\\[Zz]/g, '$');
  return { source, flags };
}

const MATCH_ANYTHING = /(?:)/;

/** Ajv `code.regExp` engine: `(pattern, flags) => RegExp`. */
export function javaRegExp(pattern: string, flags = 'u'): RegExp {
  const translated = translateJavaPattern(pattern);
  for (const f of [flags + translated.flags, flags.replace('u', '') + translated.flags]) {
    try {
      return new RegExp(translated.source, f);
    } catch {
      // try the next, more lenient, flags
    }
  }
  return MATCH_ANYTHING;
}
