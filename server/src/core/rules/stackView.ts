// A light, lazily built view of a stack document for the cross-key families: services and the top-level names,
// with aliases and `<<` merges resolved exactly as the schema walk resolves them (the last anchor of a name
// before the alias; keys written in a mapping win over merged ones). Built once per document and shared by
// every family (kept on the parsed document), so each family runs its per-service checks on it
// instead of walking the YAML again. Values reached through an alias report at the alias, as the schema does.
import type { Node, Scalar } from 'yaml';
import { isAlias, isMap, isScalar, isSeq } from '../yamlNodes';
import type { StackDoc } from '../document';
import { anchorBefore } from '../anchors';
import type { Finding, Severity } from '../types';
import { hasInterpolation } from './interpolation';
import { resolvePlain, type Resolved } from './values';

export type Span = readonly [number, number];

const TAG_TYPES: Readonly<Record<string, Resolved['type']>> = {
  'tag:yaml.org,2002:str': 'string',
  'tag:yaml.org,2002:int': 'integer',
  'tag:yaml.org,2002:float': 'number',
  'tag:yaml.org,2002:bool': 'boolean',
  'tag:yaml.org,2002:null': 'null',
};

const NULL: Resolved = { type: 'null', value: null };

/** Enough for any real file; a pathological merge/alias nest stops here instead of hanging. */
const EXPAND_BUDGET = 200_000;

/** One key of a mapping (or one item of a list) with its value resolved through aliases. */
export class Entry {
  private kids: Map<string, Entry> | undefined | null = null;
  private list: Entry[] | undefined | null = null;
  private found: Entry[] | undefined;
  private resolved: Resolved | undefined | null = null;

  constructor(
    readonly view: StackView,
    readonly name: string,
    /** The key node (for list items: the item node itself). */
    readonly key: Node | null,
    /** The value after following aliases; null when empty. */
    readonly value: Node | null,
    /** The outermost alias or merge this entry was reached through: findings inside it report there. */
    readonly via: Span | undefined,
  ) {}

  /** The entries of a mapping value (merge-aware), computed once; undefined when the value is not a mapping. */
  get children(): Map<string, Entry> | undefined {
    if (this.kids === null) this.kids = isMap(this.value) ? this.view.entriesOf(this.value, this.via) : undefined;
    return this.kids;
  }

  child(name: string): Entry | undefined {
    if (this.kids !== null) return this.kids?.get(name);
    const v = this.value;
    if (!isMap(v)) return undefined;
    // A scan of the (small) mapping finds a written key without building anything; only a mapping with a `<<`
    // merge, whose merged keys count when no written key has the name, needs the full, merge-aware map.
    const items = v.items;
    let merged = false;
    for (let i = 0; i < items.length; i++) {
      const k = items[i]!.key as Node | null;
      if (!isScalar(k)) continue;
      if (k.value === name || (typeof k.value !== 'string' && this.view.keyName(k) === name)) {
        let e = this.found?.[i];
        if (!e) {
          e = this.view.entry(name, k, items[i]!.value as Node | null, this.via);
          (this.found ??= [])[i] = e;
        }
        return e;
      }
      if (k.source === '<<' && k.type === 'PLAIN') merged = true;
    }
    return merged ? this.children?.get(name) : undefined;
  }

  /** A path of mapping keys below this entry (fixed arity: no array per call on the hot path). */
  at(a: string, b?: string, c?: string): Entry | undefined {
    const e = this.child(a);
    if (!e || b === undefined) return e;
    const f = e.child(b);
    return !f || c === undefined ? f : f.child(c);
  }

  /** The items of a list value, aliases resolved; undefined when the value is not a list. */
  get items(): Entry[] | undefined {
    if (this.list === null) this.list = isSeq(this.value) ? this.view.itemsOf(this.value, this.via) : undefined;
    return this.list;
  }

  /** The scalar as docker/cli reads it (YAML 1.1), or undefined for collections. */
  get scalar(): Resolved | undefined {
    if (this.resolved === null) {
      this.resolved = isScalar(this.value) ? resolveScalar(this.value) : this.value === null ? NULL : undefined;
    }
    return this.resolved;
  }

  /** The string value when it is a string and fully known (no `${…}`). */
  get text(): string | undefined {
    const r = this.scalar;
    if (!r || r.type !== 'string') return undefined;
    const s = String(r.value);
    return hasInterpolation(s) ? undefined : s;
  }

  /** True when the value is a string with a substitution: unknowable until deploy time. */
  get interpolated(): boolean {
    const r = this.scalar;
    return !!r && r.type === 'string' && hasInterpolation(String(r.value));
  }

  keySpan(): Span {
    return this.via ?? this.view.spanOf(this.key);
  }

  valueSpan(): Span {
    return this.via ?? this.view.spanOf(this.value, this.view.spanOf(this.key));
  }
}

/**
 * The text span of a node. Block collections end after their last line break; the editor should underline only
 * the text. A node without a range (or an empty one) gets `fallback`.
 */
export function spanIn(text: string, node: Node | null | undefined, fallback?: Span): Span {
  const r = node?.range;
  if (!r || r[1] <= r[0]) return fallback ?? (r ? [r[0], r[0]] : [0, 0]);
  let end = r[1];
  while (end > r[0] && (text.charCodeAt(end - 1) === 10 || text.charCodeAt(end - 1) === 13 || text.charCodeAt(end - 1) === 32)) end--;
  return [r[0], end];
}

/** A scalar as docker/cli reads it (YAML 1.1): explicit tags first, quoted = string, plain resolved by spelling. */
export function resolveScalar(node: Scalar): Resolved {
  if (node.tag && TAG_TYPES[node.tag]) {
    const t = TAG_TYPES[node.tag]!;
    return { type: t, value: t === 'string' ? String(node.source ?? node.value) : (node.value as Resolved['value']) };
  }
  if (node.type !== 'PLAIN') return { type: 'string', value: String(node.value ?? '') };
  return resolvePlain(node.source ?? String(node.value ?? ''));
}

export class StackView {
  readonly text: string;
  readonly root: Entry | undefined;
  private expanded = 0;
  private svcs: Entry[] | undefined;

  constructor(readonly doc: StackDoc) {
    this.text = doc.text;
    const top = this.deref(doc.yaml.contents as Node | null);
    this.root = top && isMap(top.node) ? new Entry(this, '', null, top.node, top.via) : undefined;
  }

  /** Every service, in file order (merge-aware), computed once. */
  get services(): Entry[] {
    if (!this.svcs) {
      const s = this.root?.child('services')?.children;
      const svcs: Entry[] = [];
      if (s) for (const e of s.values()) if (!e.name.startsWith('x-') && isMap(e.value)) svcs.push(e);
      this.svcs = svcs;
    }
    return this.svcs;
  }

  /** Names declared in a top-level section (networks, volumes, secrets, configs); undefined when it is absent. */
  declared(section: string): Map<string, Entry> | undefined {
    return this.root?.child(section)?.children;
  }

  spanOf(node: Node | null | undefined, fallback?: Span): Span {
    return spanIn(this.text, node, fallback);
  }

  // ---- aliases and merges -------------------------------------------------------------------------------------

  deref(node: Node | null | undefined): { node: Node; via?: Span } | undefined {
    if (!node) return undefined;
    if (!isAlias(node)) return { node };
    const target = anchorBefore(this.doc, node);
    if (!target || isAlias(target)) return undefined;
    return { node: target, via: this.spanOf(node) };
  }

  /** A key's name. Non-string keys (YAML 1.1 `yes:`, `1:`) are the schema family's errors; here they keep their text. */
  keyName(k: unknown): string | undefined {
    if (!isScalar(k)) return undefined;
    return typeof k.value === 'string' ? k.value : String(k.source ?? k.value);
  }

  entry(name: string, key: Node | null, value: Node | null, via: Span | undefined): Entry {
    if (isAlias(value)) {
      const d = this.deref(value);
      return new Entry(this, name, key, d?.node ?? null, via ?? d?.via);
    }
    return new Entry(this, name, key, value, via);
  }

  entriesOf(map: Node, via: Span | undefined): Map<string, Entry> {
    const out = new Map<string, Entry>();
    if (!isMap(map)) return out;
    let merges: Array<Node | null> | undefined;
    for (const p of map.items) {
      const k = p.key as Node | null;
      if (isScalar(k) && k.source === '<<' && k.type === 'PLAIN') {
        (merges ??= []).push(p.value as Node | null);
        continue;
      }
      const name = this.keyName(k);
      if (name === undefined || out.has(name)) continue;
      out.set(name, this.entry(name, k, p.value as Node | null, via));
    }
    if (merges) {
      const expanding = new Set<Node>([map]);
      for (const m of merges) this.merge(m, out, via ?? this.spanOf(m), expanding);
    }
    return out;
  }

  private merge(value: Node | null, out: Map<string, Entry>, via: Span, expanding: Set<Node>): void {
    if (++this.expanded > EXPAND_BUDGET) return;
    const d = this.deref(value);
    if (!d || expanding.has(d.node)) return;
    if (isSeq(d.node)) {
      for (const it of d.node.items) this.merge(it as Node | null, out, via, expanding);
      return;
    }
    if (!isMap(d.node)) return;
    expanding.add(d.node);
    for (const p of d.node.items) {
      const k = p.key as Node | null;
      if (isScalar(k) && k.source === '<<' && k.type === 'PLAIN') {
        this.merge(p.value as Node | null, out, via, expanding);
        continue;
      }
      const name = this.keyName(k);
      if (name === undefined || out.has(name)) continue;
      out.set(name, this.entry(name, k, p.value as Node | null, via));
    }
    expanding.delete(d.node);
  }

  itemsOf(seq: Node, via: Span | undefined): Entry[] {
    if (!isSeq(seq)) return [];
    return seq.items.map((it, i) => this.entry(String(i), (isAlias(it) ? it : it) as Node | null, it as Node | null, via));
  }
}

/**
 * The view of a document, built on first use and shared by every family. It is kept on the document itself, not
 * in a WeakMap: V8's young-generation collector keeps a WeakMap's values alive, so with one small document per
 * service (validate.ts) every collection copied the views of all the services checked since the last one.
 */
export function viewOf(doc: StackDoc): StackView {
  return (doc.view ??= new StackView(doc)) as StackView;
}

/** A small collector so each rule file reads `out.add(code, severity, span, message)`. */
export class Out {
  readonly findings: Finding[] = [];
  add(code: string, severity: Severity, span: Span, message: string, data?: unknown): void {
    const f: Finding = { code, severity, start: span[0], end: span[1], message };
    if (data !== undefined) f.data = data;
    this.findings.push(f);
  }
}
