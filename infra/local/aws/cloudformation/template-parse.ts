// Reads a template body the way CloudFormation does: JSON when it starts with `{`, YAML otherwise.
// YAML's short intrinsic tags (`!Ref X`, `!GetAtt A.B`, `!Sub`, `!If [...]`, …) become the long
// form (`{ Ref: X }`, `{ 'Fn::GetAtt': ['A', 'B'] }`, …), so everything downstream sees one shape.
import { isAlias, isMap, isPair, isScalar, isSeq, parseDocument, type CollectionTag, type Document, type Node, type ScalarTag } from 'yaml';
import { templateFormatError, type TemplateObject, type TemplateValue } from './template-types';

/** Short tag → long form key. `!GetAtt` is special-cased (its scalar form is `Resource.Attribute`). */
const SHORT_TAGS: Record<string, string> = {
  Ref: 'Ref',
  Condition: 'Condition',
  Base64: 'Fn::Base64',
  Cidr: 'Fn::Cidr',
  FindInMap: 'Fn::FindInMap',
  GetAtt: 'Fn::GetAtt',
  GetAZs: 'Fn::GetAZs',
  ImportValue: 'Fn::ImportValue',
  Join: 'Fn::Join',
  Select: 'Fn::Select',
  Split: 'Fn::Split',
  Sub: 'Fn::Sub',
  Transform: 'Fn::Transform',
  And: 'Fn::And',
  Equals: 'Fn::Equals',
  If: 'Fn::If',
  Not: 'Fn::Not',
  Or: 'Fn::Or',
  Length: 'Fn::Length',
  ToJsonString: 'Fn::ToJsonString',
};

// The tags only need to be accepted here (so the parser does not warn about them); the
// conversion to the long form happens while walking the document, where nesting is known.
const customTags: (ScalarTag | CollectionTag)[] = Object.keys(SHORT_TAGS).flatMap((name) => [
  { tag: `!${name}`, resolve: (value: string) => value } satisfies ScalarTag,
  { tag: `!${name}`, collection: 'seq', resolve: (value) => value } satisfies CollectionTag,
  { tag: `!${name}`, collection: 'map', resolve: (value) => value } satisfies CollectionTag,
]);

function notWellFormed(kind: 'JSON' | 'YAML', line?: number, column?: number): never {
  const where = line !== undefined ? ` (line ${line}, column ${column ?? 1})` : '';
  throw templateFormatError(`${kind} not well-formed.${where}`);
}

function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset).split('\n');
  return { line: before.length, column: (before[before.length - 1]?.length ?? 0) + 1 };
}

function parseJson(body: string): TemplateValue {
  try {
    return JSON.parse(body) as TemplateValue;
  } catch (error) {
    const offset = /position (\d+)/.exec(error instanceof Error ? error.message : '')?.[1];
    if (offset !== undefined) {
      const { line, column } = lineAndColumn(body, Number(offset));
      return notWellFormed('JSON', line, column);
    }
    // Some of V8's messages carry no position; JSON is YAML, whose parser says where it broke.
    const at = parseDocument(body).errors[0]?.linePos?.[0];
    return notWellFormed('JSON', at?.line, at?.col);
  }
}

function toValue(node: Node | null | undefined, doc: Document): TemplateValue {
  if (node === null || node === undefined) return null;
  if (isAlias(node)) return toValue(node.resolve(doc) as Node | undefined, doc);
  let plain: TemplateValue;
  if (isScalar(node)) {
    const v = node.value;
    plain = v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? v : String(v);
  } else if (isSeq(node)) {
    plain = node.items.map((item) => toValue(item as Node, doc));
  } else if (isMap(node)) {
    const out: TemplateObject = {};
    for (const pair of node.items) {
      if (!isPair(pair)) continue;
      const key = toValue(pair.key as Node, doc);
      out[String(key)] = toValue(pair.value as Node | null, doc);
    }
    plain = out;
  } else {
    plain = null;
  }
  const tag = node.tag?.startsWith('!') ? node.tag.slice(1) : undefined;
  if (!tag || !(tag in SHORT_TAGS)) return plain;
  if (tag === 'GetAtt' && typeof plain === 'string') {
    const dot = plain.indexOf('.');
    return { 'Fn::GetAtt': dot < 0 ? [plain] : [plain.slice(0, dot), plain.slice(dot + 1)] };
  }
  return { [SHORT_TAGS[tag] as string]: plain };
}

function parseYaml(body: string): TemplateValue {
  const doc = parseDocument(body, { customTags, uniqueKeys: true });
  const problem = doc.errors[0] ?? doc.warnings.find((w) => w.code === 'TAG_RESOLVE_FAILED');
  if (problem) {
    const at = problem.linePos?.[0];
    return notWellFormed('YAML', at?.line, at?.col);
  }
  return toValue(doc.contents as Node | null, doc);
}

/** Parses a template body; throws CloudFormation's "not well-formed" errors. */
export function parseTemplateBody(body: string): TemplateValue {
  return body.trimStart().startsWith('{') ? parseJson(body) : parseYaml(body);
}

export { SHORT_TAGS };
