// A pipeline YAML file read back into a spec, or every reason it cannot be, each with the line and
// column to fix. Guards come first: the size (before any parsing, so a pasted 5 MB file costs
// nothing), then YAML's own errors (syntax, duplicate keys, several documents), alias expansion
// (a "billion laughs" file), and finally the spec's validation, mapped back to the nodes.
import { LineCounter, parseDocument, visit, type Document } from 'yaml';
import { isRecord } from '@/lib/pipeline/catalog/schema-nodes';
import { formatPath } from '../issues';
import type { PipelineSpec } from '../pipeline';
import { validateSpec } from '../validate';
import { API_VERSION, KIND, MAX_ALIAS_COUNT, MAX_YAML_BYTES } from './envelope';
import { locatePath } from './locate';

export interface YamlImportError {
  /** 1-based; 0 when the error is about the file as a whole. */
  line: number;
  column: number;
  /** `sources[1].config.start_date`, or `_form` for the file as a whole. */
  path: string;
  message: string;
}

export type YamlImportResult = { ok: true; spec: PipelineSpec } | { ok: false; errors: YamlImportError[] };

const fail = (errors: YamlImportError[]): YamlImportResult => ({ ok: false, errors });
const whole = (message: string): YamlImportError => ({ line: 0, column: 0, path: '_form', message });

function tooLarge(text: string): boolean {
  // Cheap first: no UTF-8 text is shorter in bytes than in UTF-16 units.
  return text.length > MAX_YAML_BYTES || Buffer.byteLength(text, 'utf8') > MAX_YAML_BYTES;
}

function syntaxErrors(doc: Document): YamlImportError[] {
  return doc.errors.map((error) => {
    const pos = error.linePos?.[0];
    // The parser's message ends with a code excerpt after the position; keep the first line.
    const message = error.message.split('\n')[0]?.replace(/ at line \d+, column \d+:?$/, '') ?? error.message;
    return { line: pos?.line ?? 0, column: pos?.col ?? 0, path: '_form', message: `YAML: ${message}` };
  });
}

function toPlain(doc: Document, lines: LineCounter): { value: unknown } | { error: YamlImportError } {
  try {
    return { value: doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT }) };
  } catch (error) {
    if (error instanceof ReferenceError) {
      const at = firstAliasStart(doc);
      const { line, col } = lines.linePos(at);
      return { error: { line, column: col, path: '_form', message: `Too many alias expansions (more than ${MAX_ALIAS_COUNT}): write the values out instead of repeating anchors` } };
    }
    throw error;
  }
}

/** The first alias in the document, where an expansion bomb starts. */
function firstAliasStart(doc: Document): number {
  let at = 0;
  visit(doc, {
    Alias(_, node) {
      at = node.range?.[0] ?? 0;
      return visit.BREAK;
    },
  });
  return at;
}

function envelopeErrors(value: Record<string, unknown>, doc: Document, lines: LineCounter): YamlImportError[] {
  const errors: YamlImportError[] = [];
  const check = (key: string, expected: string) => {
    if (value[key] === expected) return;
    const message = value[key] === undefined ? `Required: ${key}: ${expected}` : `Must be ${expected}`;
    errors.push({ ...locatePath(doc, [key], lines), path: key, message });
  };
  check('apiVersion', API_VERSION);
  check('kind', KIND);
  return errors;
}

export function importPipelineYaml(text: string): YamlImportResult {
  if (tooLarge(text)) return fail([whole(`The file is larger than ${MAX_YAML_BYTES / 1024 / 1024} MB; a pipeline file is a few kilobytes`)]);
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: true, uniqueKeys: true, strict: true });
  if (doc.errors.length > 0) return fail(syntaxErrors(doc));
  const plain = toPlain(doc, lines);
  if ('error' in plain) return fail([plain.error]);
  if (!isRecord(plain.value)) return fail([whole('A pipeline file is a mapping with apiVersion, kind, name, slug, target, …')]);
  const { apiVersion: _v, kind: _k, ...spec } = plain.value;
  const envelope = envelopeErrors(plain.value, doc, lines);
  const result = validateSpec(spec);
  if (result.ok && envelope.length === 0) return { ok: true, spec: result.spec };
  const issues = result.ok ? [] : result.issues;
  const located = issues.map((issue) => ({ ...locatePath(doc, issue.path, lines, issue.onKey), path: formatPath(issue.path), message: issue.message }));
  return fail([...envelope, ...located].sort((a, b) => a.line - b.line || a.column - b.column));
}
