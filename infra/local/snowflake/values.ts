// Turns literals (from the SQL text or from binds) into stored cells for a column's type, with
// Snowflake's conversion errors (100038 "Numeric value 'abc' is not recognized") when a value
// cannot be read as that type.
import type { Literal } from './ast';
import type { Cell } from './catalog';
import { errors } from './errors';
import type { TypeInfo } from './results';

/** The literal as text (what a VARCHAR column would store). */
export function literalText(literal: Literal): string | null {
  switch (literal.kind) {
    case 'string':
    case 'number':
      return literal.value;
    case 'boolean':
      return literal.value ? 'true' : 'false';
    case 'null':
      return null;
  }
}

const TRUE_WORDS = ['TRUE', 'T', 'YES', 'Y', 'ON', '1'];
const FALSE_WORDS = ['FALSE', 'F', 'NO', 'N', 'OFF', '0'];

export function encodeCell(literal: Literal, type: TypeInfo): Cell {
  const text = literalText(literal);
  if (text === null) return null;
  switch (type.internal) {
    case 'fixed':
      return encodeFixed(literal, text, type.scale ?? 0);
    case 'real': {
      if (!Number.isFinite(Number(text)) || text.trim() === '') throw errors.notRecognized('Numeric', text);
      return String(Number(text));
    }
    case 'boolean': {
      const word = text.trim().toUpperCase();
      if (TRUE_WORDS.includes(word)) return '1';
      if (FALSE_WORDS.includes(word)) return '0';
      throw errors.notRecognized('Boolean', text);
    }
    case 'date': {
      const ms = Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(text) ? `${text}T00:00:00Z` : text);
      if (Number.isNaN(ms)) throw errors.notRecognized('Date', text);
      return String(Math.floor(ms / 86_400_000));
    }
    case 'time': {
      const match = /^(\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?$/.exec(text.trim());
      if (!match) throw errors.notRecognized('Timestamp', text);
      const seconds = Number(match[1]) * 3600 + Number(match[2]) * 60 + Number(match[3] ?? 0);
      return `${seconds}.${(match[4] ?? '').padEnd(type.scale ?? 9, '0').slice(0, type.scale ?? 9)}`;
    }
    case 'timestamp_ntz':
    case 'timestamp_ltz':
    case 'timestamp_tz':
      return encodeTimestamp(literal, text, type);
    case 'variant':
    case 'object':
    case 'array':
      return literal.kind === 'string' ? JSON.stringify(text) : text;
    case 'binary':
      if (!/^[0-9a-fA-F]*$/.test(text) || text.length % 2 !== 0) throw errors.notRecognized('Numeric', text);
      return text.toUpperCase();
    case 'text':
      return text;
  }
}

function encodeFixed(literal: Literal, text: string, scale: number): string {
  if (literal.kind === 'boolean') return literal.value ? '1' : '0';
  const trimmed = text.trim();
  if (!/^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(trimmed)) throw errors.notRecognized('Numeric', text);
  const value = Number(trimmed);
  if (scale === 0 && /^[+-]?\d+$/.test(trimmed)) return BigInt(trimmed).toString();
  return value.toFixed(scale);
}

function encodeTimestamp(literal: Literal, text: string, type: TypeInfo): string {
  const scale = type.scale ?? 9;
  let ms: number;
  if (literal.kind === 'number') ms = Number(text) * 1000;
  else {
    const trimmed = text.trim().replace(' ', 'T');
    // A timestamp without an offset is wall-clock time; read it as UTC so NTZ round-trips exactly.
    const zoned = /(?:Z|[+-]\d{2}:?\d{2})$/i.test(trimmed) || !/T/.test(trimmed) ? trimmed : `${trimmed}Z`;
    ms = Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(zoned) ? `${zoned}T00:00:00Z` : zoned);
  }
  if (!Number.isFinite(ms)) throw errors.notRecognized('Timestamp', text);
  const seconds = Math.floor(ms / 1000);
  const fraction = String(Math.round(ms - seconds * 1000)).padStart(3, '0').padEnd(9, '0').slice(0, scale);
  const value = scale > 0 ? `${seconds}.${fraction}` : String(seconds);
  // TIMESTAMP_TZ carries its offset as an index next to the value (1440 = UTC).
  return type.internal === 'timestamp_tz' ? `${value} 1440` : value;
}
