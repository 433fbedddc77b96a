// A fast path for the YAML that stack files are made of: block mappings and sequences, one-line plain and
// quoted scalars, one-line flow collections of scalars. It builds the same node tree as the `yaml` package
// (YAMLMap, YAMLSeq, Pair, Scalar with the same ranges and values), an order of magnitude faster, so that a
// 40k-line file is checked in milliseconds. Anything else (anchors, aliases, tags, block scalars, multi-line
// scalars, escapes, errors) returns undefined and the caller parses with `yaml` itself, which stays the truth.
// test/unit/fastParse.test.ts compares both on the corpus and on generated input.
import { Alias, Document, Pair, Scalar, YAMLMap, YAMLSeq, type Node, type ParsedNode } from 'yaml';
import { addAnchor, type AnchorTable } from './anchors';

// The yaml classes' constructors define a symbol property on every instance (Object.defineProperty), which
// was most of the cost of building 100k nodes. These classes make instances of the same yaml classes with that
// property inherited from a prototype instead: isScalar/isMap/instanceof and the yaml methods see no
// difference (test/unit/fastParse.test.ts compares the trees).
const NODE_TYPE = Object.getOwnPropertySymbols(new Scalar(null))[0]!;
function withNodeType(proto: object, sample: object): object {
  const p = Object.create(proto) as object;
  Object.defineProperty(p, NODE_TYPE, { value: (sample as Record<symbol, unknown>)[NODE_TYPE] });
  return p;
}
/** Ranges are built only when asked for: most nodes are never reported on, and 100k arrays are GC work. */
abstract class Ranged {
  constructor(public start: number, public valueEnd: number, public nodeEnd: number) {}
  get range(): [number, number, number] {
    return [this.start, this.valueEnd, this.nodeEnd];
  }
  set range(r: [number, number, number]) {
    [this.start, this.valueEnd, this.nodeEnd] = r;
  }
}
class FScalar extends Ranged {
  declare minFractionDigits?: number;
  constructor(public value: unknown, public type: Scalar.Type, public source: string, start: number, valueEnd: number, nodeEnd: number) {
    super(start, valueEnd, nodeEnd);
  }
}
class FMap extends Ranged {
  items: Pair[] = [];
  declare flow?: boolean;
}
class FSeq extends Ranged {
  items: unknown[] = [];
  declare flow?: boolean;
}
/** yaml's Alias constructor also defines a throwing `tag` setter on each instance; an alias read from a file never gets a tag. */
class FAlias extends Ranged {
  constructor(public source: string, start: number, valueEnd: number, nodeEnd: number) {
    super(start, valueEnd, nodeEnd);
  }
}
// Ranged's accessors must sit between each class and the yaml class it stands for.
for (const [cls, base, sample] of [[FScalar, Scalar, new Scalar(null)], [FMap, YAMLMap, new YAMLMap()], [FSeq, YAMLSeq, new YAMLSeq()],
  [FAlias, Alias, new Alias('a')]] as const) {
  const ranged = withNodeType(base.prototype, sample);
  Object.defineProperty(ranged, 'range', Object.getOwnPropertyDescriptor(Ranged.prototype, 'range')!);
  Object.setPrototypeOf(cls.prototype, ranged);
}
class FPair {
  constructor(public key: unknown, public value: unknown) {}
}
Object.setPrototypeOf(FPair.prototype, withNodeType(Pair.prototype, new Pair(null)));

const newScalar = (value: unknown, type: Scalar.Type, source: string, start: number, valueEnd: number, nodeEnd: number) =>
  new FScalar(value, type, source, start, valueEnd, nodeEnd) as unknown as Scalar.Parsed;
const newMap = () => new FMap(0, 0, 0) as unknown as YAMLMap.Parsed;
const newSeq = () => new FSeq(0, 0, 0) as unknown as YAMLSeq.Parsed;
const newPair = (key: ParsedNode, value: ParsedNode) => new FPair(key, value) as unknown as Pair<ParsedNode, ParsedNode>;

const INTERN_SLOTS = 4096;
const INTERN_MAX = 24;

class Bail extends Error {}
const BAIL = new Bail();

const SPACE = 32;
const AMP = 38;
const STAR = 42;
const HASH = 35;
const COLON = 58;
const DASH = 45;
const CR = 13;
const TAB = 9;

/** Characters that make a plain scalar or key start mean something else in YAML. */
const INDICATOR_START = new Set('?:,[]{}#&*!|>\'"%@`-'.split('').map((c) => c.charCodeAt(0)));

export function fastParse(text: string): Document.Parsed | undefined {
  return fastParseStack(text)?.yaml;
}

/** The document and its anchors (name → definitions in document order), or undefined. */
export function fastParseStack(text: string): { yaml: Document.Parsed; anchors: AnchorTable } | undefined {
  try {
    const p = new FastParser(text);
    return { yaml: p.document(), anchors: p.defs };
  } catch (e) {
    if (e instanceof Bail) return undefined;
    throw e;
  }
}

/** One service of a chunked parse: its pair in the top-level `services` mapping, and where its text ends. */
export interface LazyService {
  /** The pair; its value is null until `ServiceChunks.parse` builds it (and stays null: the caller owns the node). */
  pair: Pair<Scalar.Parsed, null>;
  /** Offset just past the service's last line (where the next service or top-level key starts). */
  end: number;
  /** The first line (in the parser's structure-line table) of the service's block value. */
  line: number;
  /** The structure line after the service's last line. */
  endLine: number;
}

/** A class, not a literal: V8 tracks object literals' allocation sites and, seeing all 2,000 survive, would start allocating every such literal in the old generation. */
class Lazy implements LazyService {
  constructor(readonly pair: Pair<Scalar.Parsed, null>, readonly line: number, readonly endLine: number, readonly end: number) {}
}

/**
 * The file parsed top-down except for the services' own blocks, which are parsed one at a time on request, so a
 * caller can check one service, drop its tree and go on: with 2,000 services the whole tree is ~12 MB that every
 * garbage collection during the check would have to copy; one service's tree dies young instead.
 */
export interface ServiceChunks {
  /** The top-level mapping; the `services` pair's mapping holds the lazy services' pairs with null values. */
  root: YAMLMap.Parsed;
  /** Index of the `services` pair in root.items. */
  servicesIndex: number;
  /** The anchors of the top level (a service with an anchor of its own makes `parse` refuse it). */
  anchors: AnchorTable;
  services: LazyService[];
  /** The service's block value, a new tree on every call; undefined when the fast path cannot read it. */
  parse(service: LazyService): ParsedNode | undefined;
  /** The lines with structure (not blank, not only a comment) that start outside `from`…`to`, joined. */
  linesOutside(from: number, to: number): string;
}

/** undefined when the fast path cannot read the file, or it has no block-mapping services to split. */
export function fastParseServices(text: string): ServiceChunks | undefined {
  try {
    const p = new FastParser(text, true);
    const doc = p.document();
    const root = doc.contents as unknown;
    if (!(root instanceof FMap) || p.lazy.length === 0) return undefined;
    const servicesIndex = (root.items as Pair[]).findIndex((it) => (it.key as Scalar).value === 'services');
    return {
      root: root as unknown as YAMLMap.Parsed,
      servicesIndex,
      anchors: p.defs,
      services: p.lazy,
      parse: (s) => {
        try {
          return p.parseLazy(s);
        } catch (e) {
          if (e instanceof Bail) return undefined;
          throw e;
        }
      },
      linesOutside: (from, to) => p.linesOutside(from, to),
    };
  } catch (e) {
    if (e instanceof Bail) return undefined;
    throw e;
  }
}

/** A mapping node like the parser's, for a caller assembling a document out of a chunked parse. */
export function newMapping(items: Pair[], range: [number, number, number]): YAMLMap.Parsed {
  const m = newMap();
  m.items = items as never;
  m.range = range;
  return m;
}
export { newPair };

class FastParser {
  /** Three numbers per line with structure: its start, its first non-space, its end (no object per line). */
  private readonly L: Int32Array;
  private count = 0;
  private i = 0;
  private lstart(l: number): number { return this.L[3 * l]!; }
  private lcontent(l: number): number { return this.L[3 * l + 1]!; }
  private lend(l: number): number { return this.L[3 * l + 2]!; }
  private lindent(l: number): number { return this.L[3 * l + 1]! - this.L[3 * l]!; }

  /**
   * The text between two offsets. Keys and short values repeat across services (image, deploy, replicas, 10s…):
   * one string is kept per hash slot and reused when the text matches, instead of a new string per occurrence.
   */
  private readonly interned = new Array<string | undefined>(INTERN_SLOTS);
  private str(start: number, end: number): string {
    const len = end - start;
    if (len > INTERN_MAX) return this.text.slice(start, end);
    const text = this.text;
    let h = len;
    for (let i = start; i < end; i++) h = (h * 31 + text.charCodeAt(i)) | 0;
    const slot = h & (INTERN_SLOTS - 1);
    const known = this.interned[slot];
    if (known !== undefined && known.length === len && text.startsWith(known, start)) return known;
    return (this.interned[slot] = text.slice(start, end));
  }

  /** Chunked mode: the top-level `services` mapping's block values are skipped and recorded here instead. */
  readonly lazy: LazyService[] = [];
  private atRoot = false;
  private lazyNext = false;
  /** Anchor name → offset of its first `&`: an alias is valid only after one (else the full parser reports it). */
  private readonly anchors = new Map<string, number>();
  /** Anchor name → the anchored nodes in document order, for the rules (anchors.ts). */
  readonly defs: AnchorTable = new Map();
  /** Parsing a lazily skipped service: an anchor there would be out of reach of the other services' chunks. */
  private inLazy = false;

  constructor(private readonly text: string, private readonly chunked = false) {
    const n = text.length;
    let lineCount = 1;
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) lineCount++;
    this.L = new Int32Array(3 * lineCount);
    let start = 0;
    while (start <= n) {
      let end = text.indexOf('\n', start);
      if (end === -1) end = n;
      let content = start;
      while (content < end && text.charCodeAt(content) === SPACE) content++;
      const c = text.charCodeAt(content);
      if (c === TAB) throw BAIL;
      let lineEnd = end;
      if (lineEnd > start && text.charCodeAt(lineEnd - 1) === CR) lineEnd--;
      // blank and comment-only lines carry no structure
      if (content < lineEnd && c !== HASH) {
        // document markers and directives: leave them to the full parser
        if (content === start && (c === 37 /* % */ || text.startsWith('---', start) || text.startsWith('...', start))) throw BAIL;
        const at = 3 * this.count++;
        this.L[at] = start;
        this.L[at + 1] = content;
        this.L[at + 2] = lineEnd;
      }
      if (end === n) break;
      start = end + 1;
    }
  }

  document(): Document.Parsed {
    const doc = new Document();
    const n = this.text.length;
    if (this.count > 0) {
      if (this.lindent(0) !== 0) throw BAIL;
      this.atRoot = this.chunked;
      doc.contents = this.block(this.lcontent(0)) as never;
      if (this.i < this.count) throw BAIL;
    } else {
      doc.contents = null;
    }
    doc.range = [0, n, n];
    return doc as Document.Parsed;
  }

  linesOutside(from: number, to: number): string {
    const out: string[] = [];
    for (let l = 0; l < this.count; l++) {
      const start = this.lstart(l);
      if (start < from || start >= to) out.push(this.text.slice(start, this.lend(l)));
    }
    return out.join('\n');
  }

  /** A lazily skipped service's block value, parsed now. */
  parseLazy(s: LazyService): ParsedNode {
    this.i = s.line;
    this.inLazy = true;
    try {
      const node = this.block(this.lcontent(s.line));
      if (this.i !== s.endLine) throw BAIL;
      return node;
    } finally {
      this.inLazy = false;
    }
  }

  // ---- anchors and aliases (`&name`, `*name`) -----------------------------------------------------------------

  /** End of an anchor or alias name starting at `p` (after the & or *); only plain names are taken. */
  private nameEnd(p: number, end: number): number {
    let e = p;
    for (; e < end; e++) {
      const c = this.text.charCodeAt(e);
      if (!((c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === DASH || c === 46)) break;
    }
    return e;
  }

  /** `&name` at `amp`, followed by a space or the line's end: [name, offset of what follows after spaces]. */
  private anchorAt(amp: number, end: number): [string, number] {
    const e = this.nameEnd(amp + 1, end);
    if (e === amp + 1 || !this.isSpaceOrEnd(e, end)) throw BAIL;
    let v = e;
    while (v < end && this.text.charCodeAt(v) === SPACE) v++;
    return [this.str(amp + 1, e), v];
  }

  private setAnchor(node: ParsedNode, name: string, at: number): void {
    if (this.inLazy) throw BAIL;
    (node as { anchor?: string }).anchor = name;
    if (!this.anchors.has(name)) this.anchors.set(name, at);
    addAnchor(this.defs, name, node as Node);
  }

  /** `*name` at `star`, ending before `stop`: the alias node; its anchor must come first in the text. */
  private alias(star: number, nameEnd: number, nodeEnd: number): ParsedNode {
    const name = this.str(star + 1, nameEnd);
    const at = this.anchors.get(name);
    if (nameEnd === star + 1 || at === undefined || at >= star) throw BAIL;
    return new FAlias(name, star, nameEnd, nodeEnd) as unknown as ParsedNode;
  }

  /**
   * An anchored value: `key: &name` then its block on the next lines, or `&name` on a line of its own followed by
   * the block at the same column. `line` is the anchor's line, `v` what follows the anchor on it.
   */
  private anchoredBlock(v: number, line: number, nestedOk: (next: number) => boolean): ParsedNode {
    if (v < this.lend(line) && this.text.charCodeAt(v) !== HASH) throw BAIL;
    this.i = line + 1;
    if (this.i >= this.count || !nestedOk(this.i)) throw BAIL; // `&a` with nothing under it
    return this.block(this.lcontent(this.i));
  }

  /** The offset where the structure after the current line continues (what ends a collection). */
  private nextStart(): number {
    return this.i < this.count ? this.lcontent(this.i) : this.text.length;
  }

  /** A block node whose first token is at `col` on the current line. */
  private block(col: number): ParsedNode {
    const line = this.i;
    const c = this.text.charCodeAt(col);
    const root = this.atRoot;
    const lazy = this.lazyNext;
    this.atRoot = this.lazyNext = false;
    if (c === AMP) {
      // `&name` alone on its line, the node on the next line at the same column
      const [name, v] = this.anchorAt(col, this.lend(line));
      const indent = this.lindent(line);
      const node = this.anchoredBlock(v, line, (next) => this.lindent(next) === indent);
      this.setAnchor(node, name, col);
      return node;
    }
    if (c === DASH && this.isSpaceOrEnd(col + 1, this.lend(line))) return this.sequence(col - this.lstart(line), col);
    if (this.keyEnd(col, this.lend(line)) !== -1) return this.mapping(col - this.lstart(line), col, root, lazy);
    throw BAIL; // a bare scalar where a collection was expected: rare; let the full parser judge it
  }

  private isSpaceOrEnd(pos: number, end: number): boolean {
    return pos >= end || this.text.charCodeAt(pos) === SPACE;
  }

  /** Mapping whose keys are at column `indent`; its first key is at offset `col` on the current line. */
  /**
   * `root`: the top-level mapping of a chunked parse, whose `services` value is parsed with `lazy`: each deeper
   * block value is skipped and recorded in `this.lazy` (the pair keeps a null value).
   */
  private mapping(indent: number, col: number, root = false, lazy = false): YAMLMap.Parsed {
    const map = newMap();
    const keys = new KeySet();
    let keyAt = col;
    for (;;) {
      const line = this.i;
      const colon = this.keyEnd(keyAt, this.lend(line));
      if (colon === -1) throw BAIL;
      const key = this.keyScalar(keyAt, colon);
      // a duplicate key is an error the full parser reports (`<<` is an ordinary key to it: the rules merge)
      if (!keys.add(map, key.value)) throw BAIL;
      let v = colon + 1;
      while (v < this.lend(line) && this.text.charCodeAt(v) === SPACE) v++;
      let value: ParsedNode;
      let lazyLine = -1;
      if (this.text.charCodeAt(v) === AMP) {
        if (lazy) throw BAIL; // an anchor on a whole service: the other chunks could not reach it
        const [name, after] = this.anchorAt(v, this.lend(line));
        value = after >= this.lend(line) || this.text.charCodeAt(after) === HASH
          ? this.anchoredBlock(after, line, (next) => this.lindent(next) > indent || (this.lindent(next) === indent && this.isSeqLine(next)))
          : this.inlineValue(after, line, indent);
        if (value instanceof Alias) throw BAIL; // `&a *b`
        this.setAnchor(value, name, v);
      } else if (v >= this.lend(line) || this.text.charCodeAt(v) === HASH) {
        this.i++;
        const next = this.i;
        // a nested block: deeper, or a sequence at the key's own column (`key:\n- a`)
        if (lazy && next < this.count && this.lindent(next) > indent) {
          lazyLine = next;
          while (this.i < this.count && this.lindent(this.i) > indent) this.i++;
          value = null as never;
        } else if (next < this.count && (this.lindent(next) > indent || (this.lindent(next) === indent && this.isSeqLine(next)))) {
          this.lazyNext = root && key.value === 'services';
          value = this.block(this.lcontent(next));
        } else {
          value = emptyScalar(v);
        }
      } else {
        value = this.inlineValue(v, line, indent);
      }
      const pair = newPair(key, value);
      map.items.push(pair);
      if (lazyLine !== -1) this.lazy.push(new Lazy(pair as never, lazyLine, this.i, this.nextStart()));
      const next = this.i;
      if (next >= this.count || this.lindent(next) < indent) break;
      if (this.lindent(next) > indent) throw BAIL;
      if (this.isSeqLine(next)) break; // the parent sequence continues (`- a: 1\n- b: 2` at the same column)
      keyAt = this.lcontent(next);
    }
    map.range = [col, this.nextStart(), this.nextStart()];
    return map;
  }

  private isSeqLine(l: number): boolean {
    const c = this.lcontent(l);
    return this.text.charCodeAt(c) === DASH && this.isSpaceOrEnd(c + 1, this.lend(l));
  }

  /** Sequence whose dashes are at column `indent`. */
  private sequence(indent: number, col: number): YAMLSeq.Parsed {
    const seq = newSeq();
    let dash = col;
    for (;;) {
      const line = this.i;
      let v = dash + 1;
      while (v < this.lend(line) && this.text.charCodeAt(v) === SPACE) v++;
      if (this.text.charCodeAt(v) === AMP) {
        const [name, after] = this.anchorAt(v, this.lend(line));
        let item: ParsedNode;
        if (after >= this.lend(line) || this.text.charCodeAt(after) === HASH) {
          item = this.anchoredBlock(after, line, (next) => this.lindent(next) > indent);
        } else {
          if (this.keyEnd(after, this.lend(line)) !== -1) throw BAIL; // `- &a key: v`: the anchor's node is ambiguous
          item = this.inlineValue(after, line, indent);
        }
        if (item instanceof Alias) throw BAIL;
        this.setAnchor(item, name, v);
        seq.items.push(item as never);
      } else if (v >= this.lend(line) || this.text.charCodeAt(v) === HASH) {
        this.i++;
        const next = this.i;
        if (next < this.count && this.lindent(next) > indent) seq.items.push(this.block(this.lcontent(next)) as never);
        else seq.items.push(emptyScalar(v) as never);
      } else if (this.text.charCodeAt(v) === DASH && this.isSpaceOrEnd(v + 1, this.lend(line))) {
        throw BAIL; // `- - x`: nested compact sequences are rare in stack files
      } else if (this.keyEnd(v, this.lend(line)) !== -1) {
        // `- key: value`: a compact mapping whose keys sit at this column
        seq.items.push(this.mapping(v - this.lstart(line), v) as never);
      } else {
        seq.items.push(this.inlineValue(v, line, indent) as never);
      }
      const next = this.i;
      if (next >= this.count || this.lindent(next) < indent) break;
      if (this.lindent(next) > indent || !this.isSeqLine(next)) {
        if (this.lindent(next) === indent) break; // a key of the parent mapping (`key:\n- a\nother: b`)
        throw BAIL;
      }
      dash = this.lcontent(next);
    }
    seq.range = [col, this.nextStart(), this.nextStart()];
    return seq;
  }

  /** A value that starts on the current line at `v` and must end on it; advances to the next line. */
  private inlineValue(v: number, line: number, indent: number): ParsedNode {
    const c = this.text.charCodeAt(v);
    let node: ParsedNode;
    let after: number;
    if (c === 91 /* [ */ || c === 123 /* { */) {
      [node, after] = this.flow(v, this.lend(line));
    } else if (c === 34 /* " */ || c === 39 /* ' */) {
      [node, after] = this.quoted(v, this.lend(line));
    } else if (c === STAR) {
      const e = this.nameEnd(v + 1, this.lend(line));
      node = this.alias(v, e, this.lend(line) + 1);
      after = e;
    } else if (INDICATOR_START.has(c) && c !== DASH) {
      throw BAIL; // anchors, tags, block scalars, ...
    } else {
      const end = this.plainEnd(v, this.lend(line));
      const src = this.str(v, end);
      if (c === DASH && (src.length === 1 || this.text.charCodeAt(v + 1) === SPACE)) throw BAIL;
      if (src.includes(': ') || src.endsWith(':')) throw BAIL; // a nested compact mapping is a YAML error
      node = plainScalar(src, v, end, this.lend(line) + 1);
      after = end;
    }
    this.expectLineRest(after, this.lend(line));
    this.i++;
    const next = this.i;
    // a more indented line right after a value continues it (a multi-line scalar) or is an error
    if (next < this.count && this.lindent(next) > indent) throw BAIL;
    return node;
  }

  /** Only spaces and a comment may follow a value on its line. */
  private expectLineRest(pos: number, end: number): void {
    let p = pos;
    while (p < end && this.text.charCodeAt(p) === SPACE) p++;
    if (p < end && !(this.text.charCodeAt(p) === HASH && p > pos)) throw BAIL;
  }

  /** End of a plain scalar in block context: before ` #` or the line's end, trailing spaces trimmed. */
  private plainEnd(v: number, end: number): number {
    let e = v;
    while (e < end && !(this.text.charCodeAt(e) === HASH && this.text.charCodeAt(e - 1) === SPACE)) e++;
    while (e > v && this.text.charCodeAt(e - 1) === SPACE) e--;
    return e;
  }

  /** Offset of the `:` that ends a key starting at `k`, or -1 when the line holds no `key:` there. */
  private keyEnd(k: number, end: number): number {
    const c = this.text.charCodeAt(k);
    if (c === 34 || c === 39) {
      const close = this.quoteClose(k, end);
      if (close === -1) return -1;
      return this.text.charCodeAt(close + 1) === COLON && this.isSpaceOrEnd(close + 2, end) ? close + 1 : -1;
    }
    if (INDICATOR_START.has(c)) return -1;
    for (let p = k; p < end; p++) {
      const ch = this.text.charCodeAt(p);
      if (ch === COLON && this.isSpaceOrEnd(p + 1, end)) return p;
      if (ch === HASH && this.text.charCodeAt(p - 1) === SPACE) return -1;
    }
    return -1;
  }

  private keyScalar(k: number, colon: number): Scalar.Parsed {
    const c = this.text.charCodeAt(k);
    if (c === 34 || c === 39) {
      const [node] = this.quoted(k, colon);
      (node as Scalar.Parsed).range = [k, colon, colon];
      return node as Scalar.Parsed;
    }
    let e = colon;
    while (e > k && this.text.charCodeAt(e - 1) === SPACE) e--;
    return plainScalar(this.str(k, e), k, e, e);
  }

  /** Index of the closing quote of a one-line quoted scalar starting at `q`, or -1. */
  private quoteClose(q: number, end: number): number {
    const quote = this.text.charCodeAt(q);
    for (let p = q + 1; p < end; p++) {
      const ch = this.text.charCodeAt(p);
      if (ch === 92 /* \ */ && quote === 34) throw BAIL; // escapes: leave them to the full parser
      if (ch === quote) {
        if (quote === 39 && this.text.charCodeAt(p + 1) === 39) { p++; continue; } // '' inside '...'
        return p;
      }
    }
    return -1;
  }

  private quoted(q: number, end: number): [ParsedNode, number] {
    const close = this.quoteClose(q, end);
    if (close === -1) throw BAIL;
    const raw = this.str(q + 1, close);
    const single = this.text.charCodeAt(q) === 39;
    const value = single ? raw.replace(/''/g, "'") : raw;
    return [newScalar(value, single ? Scalar.QUOTE_SINGLE : Scalar.QUOTE_DOUBLE, value, q, close + 1, close + 1), close + 1];
  }

  /** A one-line flow sequence or mapping of scalars. */
  private flow(open: number, end: number): [ParsedNode, number] {
    const isSeq = this.text.charCodeAt(open) === 91;
    const closer = isSeq ? 93 : 125;
    const coll = isSeq ? newSeq() : newMap();
    coll.flow = true;
    let p = open + 1;
    const skip = () => { while (p < end && this.text.charCodeAt(p) === SPACE) p++; };
    const item = (): Scalar.Parsed => {
      skip();
      const c = this.text.charCodeAt(p);
      if (c === STAR) {
        // an alias item (`[*a, *b]`); the caller refuses it as a key
        const e = this.nameEnd(p + 1, end);
        const a = this.alias(p, e, e);
        p = e;
        return a as unknown as Scalar.Parsed;
      }
      if (c === 34 || c === 39) {
        const [s, after] = this.quoted(p, end);
        p = after;
        return s as Scalar.Parsed;
      }
      if (INDICATOR_START.has(c) && !(c === DASH && p + 1 < end && this.text.charCodeAt(p + 1) !== SPACE)) throw BAIL;
      const start = p;
      while (p < end) {
        const ch = this.text.charCodeAt(p);
        if (ch === 44 || ch === closer || ch === 91 || ch === 93 || ch === 123 || ch === 125) break;
        if (ch === COLON && (p + 1 >= end || this.text.charCodeAt(p + 1) === SPACE || this.text.charCodeAt(p + 1) === 44)) break;
        if (ch === HASH && this.text.charCodeAt(p - 1) === SPACE) throw BAIL;
        p++;
      }
      let e = p;
      while (e > start && this.text.charCodeAt(e - 1) === SPACE) e--;
      if (e === start) throw BAIL;
      return plainScalar(this.str(start, e), start, e, e);
    };
    const keys = new KeySet();
    skip();
    while (this.text.charCodeAt(p) !== closer) {
      const k = item();
      skip();
      if (isSeq) {
        if (this.text.charCodeAt(p) === COLON) throw BAIL; // `[a: b]`: a pair in a sequence
        coll.items.push(k as never);
      } else {
        if (this.text.charCodeAt(p) !== COLON || k instanceof Alias) throw BAIL;
        p++;
        if (!keys.add(coll as YAMLMap.Parsed, k.value)) throw BAIL;
        const v = item();
        coll.items.push(newPair(k, v) as never);
      }
      skip();
      const ch = this.text.charCodeAt(p);
      if (ch === 44) { p++; skip(); continue; }
      if (ch !== closer) throw BAIL;
    }
    coll.range = [open, p + 1, p + 1];
    return [coll, p + 1];
  }
}

/**
 * Duplicate-key detection. Most mappings are small (a service has a dozen keys): scanning them beats a Set per
 * mapping; a big one (the services mapping) switches to a Set so the cost stays linear.
 */
class KeySet {
  private set: Set<unknown> | undefined;
  /** false when `key` is already in `map`. Call before pushing the pair. */
  add(map: YAMLMap.Parsed, key: unknown): boolean {
    const items = map.items;
    if (!this.set) {
      if (items.length < 16) {
        for (let i = 0; i < items.length; i++) if ((items[i]!.key as Scalar).value === key) return false;
        return true;
      }
      this.set = new Set(items.map((p) => (p.key as Scalar).value));
    }
    if (this.set.has(key)) return false;
    this.set.add(key);
    return true;
  }
}

function emptyScalar(at: number): Scalar.Parsed {
  return newScalar(null, Scalar.PLAIN, '', at, at, at);
}

// The YAML 1.2 core schema, as the `yaml` package applies it by default. Rarer forms (hex, octal, exponents,
// .inf, .nan) go to the full parser.
const NULL_RE = /^(?:~|[Nn]ull|NULL)$/;
const BOOL_RE = /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/;
const INT_RE = /^[-+]?[0-9]+$/;
const FLOAT_RE = /^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/;
const RARE_NUMBER_RE = /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN|0o[0-7]+|0x[0-9a-fA-F]+|[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+)$/;

function plainScalar(src: string, start: number, valueEnd: number, nodeEnd: number): Scalar.Parsed {
  let value: unknown = src;
  const c = src.charCodeAt(0);
  // only strings that start like a number, n/N/~, t/T or f/F can resolve to something else
  if ((c >= 48 && c <= 57) || c === 43 || c === DASH || c === 46) {
    if (INT_RE.test(src)) {
      value = Number(src);
      if (!Number.isSafeInteger(value)) throw BAIL;
    } else if (FLOAT_RE.test(src)) {
      value = parseFloat(src);
    } else if (RARE_NUMBER_RE.test(src)) {
      throw BAIL;
    }
  } else if (src.length <= 5) {
    // only ~, null and true/false spellings resolve to something else; longer words never do
    if (NULL_RE.test(src)) value = null;
    else if (BOOL_RE.test(src)) value = c === 116 || c === 84;
  }
  const s = newScalar(value, Scalar.PLAIN, src, start, valueEnd, nodeEnd);
  if (typeof value === 'number' && !Number.isInteger(value)) {
    const dot = src.indexOf('.');
    if (dot !== -1 && src.endsWith('0')) s.minFractionDigits = src.length - dot - 1;
  }
  return s;
}
