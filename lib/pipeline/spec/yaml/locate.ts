// Where a spec path is in the YAML source: the node's first character, or, for a key that is not
// there (a required field left out), the map that should hold it. An unknown or refused key is
// pointed at the key itself, which is what the user has to change.
import { isMap, isPair, isScalar, isSeq, type Document, type LineCounter, type Node, type Pair } from 'yaml';
import type { SpecPath } from '../issues';

function pairOf(map: Node, key: string | number): Pair | undefined {
  if (!isMap(map)) return undefined;
  return map.items.find((pair) => isPair(pair) && isScalar(pair.key) && String(pair.key.value) === String(key)) as Pair | undefined;
}

function childOf(node: Node, segment: string | number): { node?: Node; keyNode?: Node } {
  if (isSeq(node) && typeof segment === 'number') return { node: node.items[segment] as Node | undefined };
  const pair = pairOf(node, segment);
  return pair ? { node: (pair.value ?? undefined) as Node | undefined, keyNode: pair.key as Node } : {};
}

/** Line and column (1-based) of the deepest node on `path` that exists (of its key when `onKey`). */
export function locatePath(doc: Document, path: SpecPath, lines: LineCounter, onKey = false): { line: number; column: number } {
  let node = doc.contents as Node | null;
  let at = node?.range?.[0] ?? 0;
  for (const [i, segment] of path.entries()) {
    if (!node) break;
    const { node: child, keyNode } = childOf(node, segment);
    if (!child && !keyNode) break;
    const last = i === path.length - 1;
    // The last segment's value may be a plain scalar on the key's line; pointing at the key reads better for maps.
    // An empty value (`key:` and nothing) has no text of its own to point at: point at its key.
    const empty = !child || (isScalar(child) && child.value === null);
    const target = keyNode && (empty || (last && (onKey || isMap(child) || isSeq(child)))) ? keyNode : (child ?? keyNode);
    at = target?.range?.[0] ?? at;
    node = child ?? null;
  }
  const { line, col } = lines.linePos(at);
  return { line, column: col };
}
