// Anchors (`&name`) and what an alias (`*name`) stands for, shared by every rule that follows aliases. An alias
// refers to the last anchor of its name before it (YAML, and gopkg.in/yaml.v2 as docker/cli reads files).
import type { Node } from 'yaml';
import { isAlias, isMap, isSeq } from './yamlNodes';
import type { StackDoc } from './document';

/** Anchor name → its definitions in document order. */
export type AnchorTable = Map<string, Array<{ at: number; node: Node }>>;

/** Deeper than any real file; a fuzzed one stops here instead of overflowing the stack. */
const MAX_DEPTH = 500;

/** The document's anchors: recorded by the fast YAML path while parsing, else one walk of the tree on first need. */
export function anchorsOf(doc: StackDoc): AnchorTable {
  return (doc.anchors ??= collect(doc.yaml.contents as Node | null));
}

/** The node an alias stands for, or undefined when no anchor of its name comes before it. */
export function anchorBefore(doc: StackDoc, alias: Node & { source: string }): Node | undefined {
  const defs = anchorsOf(doc).get(alias.source);
  const at = alias.range?.[0] ?? 0;
  let target: Node | undefined;
  if (defs) for (const d of defs) if (d.at < at) target = d.node;
  return target;
}

function collect(root: Node | null): AnchorTable {
  const table: AnchorTable = new Map();
  const walk = (node: Node | null | undefined, depth: number): void => {
    if (!node || isAlias(node) || depth > MAX_DEPTH) return;
    const anchor = (node as { anchor?: string }).anchor;
    if (anchor && node.range) addAnchor(table, anchor, node);
    if (isMap(node)) {
      for (const p of node.items) {
        walk(p.key as Node | null, depth + 1);
        walk(p.value as Node | null, depth + 1);
      }
    } else if (isSeq(node)) {
      for (const it of node.items) walk(it as Node | null, depth + 1);
    }
  };
  walk(root, 0);
  return table;
}

export function addAnchor(table: AnchorTable, name: string, node: Node): void {
  const list = table.get(name);
  const def = { at: node.range![0], node };
  if (list) list.push(def);
  else table.set(name, [def]);
}
